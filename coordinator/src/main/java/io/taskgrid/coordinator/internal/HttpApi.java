package io.taskgrid.coordinator.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.taskgrid.ClusterStatus;
import io.taskgrid.internal.Json;
import io.taskgrid.internal.Secrets;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The coordinator's HTTP API, in JSON: {@code GET /api/health} for probes, {@code GET /api/status},
 * {@code /api/workers}, {@code /api/jobs} and {@code /api/jobs/{id}} to look, and
 * {@code POST /api/jobs/{id}/cancel} (with the cluster's token as {@code Authorization: Bearer
 * TOKEN}) to cancel. A standby answers 503 except for health.
 */
public final class HttpApi implements AutoCloseable {

    private final Channel serverChannel;

    private HttpApi(Channel serverChannel) {
        this.serverChannel = serverChannel;
    }

    /** Binds the API to {@code host:port} (0 picks a free port). */
    public static HttpApi start(String host, int port, EventLoopGroup group, ActiveJobManager active, String token) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new Handler(active, token));
                    }
                });
        return new HttpApi(bootstrap.bind(host, port).syncUninterruptibly().channel());
    }

    /** The port the API listens on. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private static final Pattern JOB = Pattern.compile("/api/jobs/([A-Za-z0-9.:-]{1,200})");
        private static final Pattern CANCEL = Pattern.compile("/api/jobs/([A-Za-z0-9.:-]{1,200})/cancel");

        private final ActiveJobManager active;
        private final String token;

        Handler(ActiveJobManager active, String token) {
            this.active = active;
            this.token = token;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            String path = new QueryStringDecoder(request.uri()).path();
            if (HttpMethod.POST.equals(request.method())) {
                onPost(ctx, keepAlive, request, path);
            } else if (!HttpMethod.GET.equals(request.method())) {
                respond(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED,
                        Map.of("error", request.method() + " is not supported here; use GET, or POST to cancel"));
            } else if (path.equals("/api/health")) {
                respond(ctx, keepAlive, HttpResponseStatus.OK,
                        Map.of("status", "UP", "role", active.isActive() ? "active" : "standby"));
            } else if (path.equals("/api/status")) {
                answer(ctx, keepAlive, active.status(), cluster -> cluster);
            } else if (path.equals("/api/workers")) {
                answer(ctx, keepAlive, active.status(), ClusterStatus::workers);
            } else if (path.equals("/api/jobs")) {
                answer(ctx, keepAlive, active.status(), ClusterStatus::jobs);
            } else if (JOB.matcher(path).matches()) {
                String jobId = matched(JOB, path);
                answer(ctx, keepAlive, active.describe(jobId), details -> details);
            } else {
                respond(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, Map.of("error", "no such path " + path
                        + "; try /api/status, /api/workers, /api/jobs, /api/jobs/ID or /api/health"));
            }
        }

        private void onPost(ChannelHandlerContext ctx, boolean keepAlive, FullHttpRequest request, String path) {
            if (!CANCEL.matcher(path).matches()) {
                respond(ctx, keepAlive, HttpResponseStatus.NOT_FOUND,
                        Map.of("error", "POST works on /api/jobs/ID/cancel only, not " + path));
                return;
            }
            String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
            String presented = authorization != null && authorization.startsWith("Bearer ")
                    ? authorization.substring("Bearer ".length()).strip() : null;
            if (!Secrets.matches(token, presented)) {
                respond(ctx, keepAlive, HttpResponseStatus.UNAUTHORIZED, Map.of("error", "cancelling needs the "
                        + "cluster's token as 'Authorization: Bearer TOKEN' (the token is in ~/.taskgrid/token on the "
                        + "coordinator's machine, or its " + Secrets.TOKEN_ENV + ")"));
                return;
            }
            String jobId = matched(CANCEL, path);
            active.cancel(jobId, "HTTP " + ctx.channel().remoteAddress()).whenComplete((running, error) -> {
                if (error != null) {
                    respond(ctx, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, Map.of("error", String.valueOf(error)));
                } else if (running) {
                    respond(ctx, keepAlive, HttpResponseStatus.ACCEPTED, Map.of("job", jobId, "cancelling", true));
                } else {
                    respond(ctx, keepAlive, HttpResponseStatus.CONFLICT, Map.of("error", "there is no running job "
                            + jobId + ": it has ended already, or the id is wrong"));
                }
            });
        }

        /** Responds with the view of the answer, 404 when there is none, 503 when the job manager cannot answer. */
        private static <T> void answer(ChannelHandlerContext ctx, boolean keepAlive, CompletableFuture<T> answer,
                                       Function<T, Object> view) {
            answer.whenComplete((value, error) -> {
                if (error != null) {
                    respond(ctx, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, Map.of("error", String.valueOf(error)));
                } else if (value == null) {
                    respond(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, Map.of("error", "no such job: the id is "
                            + "wrong, or it ended longer ago than the coordinator keeps jobs"));
                } else {
                    respond(ctx, keepAlive, HttpResponseStatus.OK, view.apply(value));
                }
            });
        }

        private static String matched(Pattern pattern, String path) {
            Matcher matcher = pattern.matcher(path);
            return matcher.matches() ? matcher.group(1) : null;
        }

        private static void respond(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus code, Object body) {
            byte[] json = (Json.write(body) + "\n").getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, code, Unpooled.wrappedBuffer(json));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(response);
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
