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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The coordinator's HTTP port: the dashboard at {@code /}, Prometheus metrics at {@code /metrics},
 * and the API in JSON: {@code GET /api/health} for probes, {@code GET /api/status},
 * {@code /api/workers}, {@code /api/jobs}, {@code /api/jobs/{id}} and {@code /api/dashboard} to
 * look, {@code POST /api/jobs/{id}/cancel} and {@code POST /api/workers/{id}/drain} (with the
 * cluster's token as {@code Authorization: Bearer TOKEN}) to act. A standby answers 503 for what
 * only the job manager knows.
 */
public final class HttpApi implements AutoCloseable {

    private final Channel serverChannel;

    private HttpApi(Channel serverChannel) {
        this.serverChannel = serverChannel;
    }

    /**
     * Binds the API to {@code host:port} (0 picks a free port).
     *
     * @param kept what the coordinator keeps of ended jobs, for the answer about a job it does not know
     */
    public static HttpApi start(String host, int port, EventLoopGroup group, ActiveJobManager active, String token,
                                CoordinatorMetrics metrics, Supplier<String> kept) {
        byte[] page = dashboardPage();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new Handler(active, token, metrics, page, kept));
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

    private static final String DASHBOARD = "/io/taskgrid/coordinator/dashboard/index.html";

    private static byte[] dashboardPage() {
        try (InputStream in = HttpApi.class.getResourceAsStream(DASHBOARD)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard page " + DASHBOARD + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard page " + DASHBOARD, e);
        }
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private static final Pattern JOB = Pattern.compile("/api/jobs/([A-Za-z0-9.:-]{1,200})");
        private static final Pattern SUBTASK = Pattern.compile("/api/jobs/([A-Za-z0-9.:-]{1,200})/subtasks/(\\d{1,9})");
        private static final Pattern CANCEL = Pattern.compile("/api/jobs/([A-Za-z0-9.:-]{1,200})/cancel");
        private static final Pattern DRAIN = Pattern.compile("/api/workers/([A-Za-z0-9.:-]{1,200})/drain");

        private final ActiveJobManager active;
        private final String token;
        private final CoordinatorMetrics metrics;
        private final byte[] page;
        private final Supplier<String> kept;

        Handler(ActiveJobManager active, String token, CoordinatorMetrics metrics, byte[] page, Supplier<String> kept) {
            this.active = active;
            this.token = token;
            this.metrics = metrics;
            this.page = page;
            this.kept = kept;
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
            } else if (path.equals("/") || path.equals("/index.html")) {
                respond(ctx, keepAlive, HttpResponseStatus.OK, "text/html; charset=utf-8", page);
            } else if (path.equals("/metrics")) {
                respond(ctx, keepAlive, HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.scrape().getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/api/dashboard")) {
                answer(ctx, keepAlive, active.dashboard(), dashboard -> dashboard);
            } else if (path.equals("/api/health")) {
                respond(ctx, keepAlive, HttpResponseStatus.OK,
                        Map.of("status", "UP", "role", active.isActive() ? "active" : "standby"));
            } else if (path.equals("/api/status")) {
                answer(ctx, keepAlive, active.status(), cluster -> cluster);
            } else if (path.equals("/api/workers")) {
                answer(ctx, keepAlive, active.status(), ClusterStatus::workers);
            } else if (path.equals("/api/jobs")) {
                answer(ctx, keepAlive, active.status(), ClusterStatus::jobs);
            } else if (SUBTASK.matcher(path).matches()) {
                Matcher subtask = SUBTASK.matcher(path);
                subtask.matches();
                answer(ctx, keepAlive, active.describeSubtask(subtask.group(1), Integer.parseInt(subtask.group(2)))
                        .thenApply(story -> story.state() == null && story.story().isEmpty() ? null : story), s -> s,
                        () -> "subtask " + subtask.group(2) + " of job " + subtask.group(1) + " has no story here: the "
                                + "job is not running, and the coordinator remembers only the latest moves of all jobs");
            } else if (JOB.matcher(path).matches()) {
                String jobId = matched(JOB, path);
                answer(ctx, keepAlive, active.describe(jobId), details -> details, () -> "there is no job " + jobId
                        + ": the id is wrong, or the job ended and is no longer kept (" + kept.get() + ")");
            } else {
                respond(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, Map.of("error", "no such path " + path
                        + "; try / (the dashboard), /metrics, /api/status, /api/workers, /api/jobs, /api/jobs/ID, "
                        + "/api/jobs/ID/subtasks/N or "
                        + "/api/health"));
            }
        }

        private void onPost(ChannelHandlerContext ctx, boolean keepAlive, FullHttpRequest request, String path) {
            boolean cancel = CANCEL.matcher(path).matches();
            if (!cancel && !DRAIN.matcher(path).matches()) {
                respond(ctx, keepAlive, HttpResponseStatus.NOT_FOUND,
                        Map.of("error", "POST works on /api/jobs/ID/cancel and /api/workers/ID/drain only, not " + path));
                return;
            }
            String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
            String presented = authorization != null && authorization.startsWith("Bearer ")
                    ? authorization.substring("Bearer ".length()).strip() : null;
            if (!Secrets.matches(token, presented)) {
                respond(ctx, keepAlive, HttpResponseStatus.UNAUTHORIZED, Map.of("error", (cancel ? "cancelling" :
                        "draining") + " needs the cluster's token as 'Authorization: Bearer TOKEN' (the token is in "
                        + "~/.taskgrid/token on the coordinator's machine, or its " + Secrets.TOKEN_ENV + ")"));
                return;
            }
            if (cancel) {
                cancel(ctx, keepAlive, matched(CANCEL, path));
            } else {
                drain(ctx, keepAlive, matched(DRAIN, path));
            }
        }

        private void drain(ChannelHandlerContext ctx, boolean keepAlive, String workerId) {
            active.drain(workerId, "HTTP " + ctx.channel().remoteAddress()).whenComplete((known, error) -> {
                if (error != null) {
                    respond(ctx, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, Map.of("error", String.valueOf(error)));
                } else if (known) {
                    respond(ctx, keepAlive, HttpResponseStatus.ACCEPTED, Map.of("worker", workerId, "draining", true));
                } else {
                    respond(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, Map.of("error", "there is no worker "
                            + workerId + ": it has left already, or the id is wrong (GET /api/workers lists them)"));
                }
            });
        }

        private void cancel(ChannelHandlerContext ctx, boolean keepAlive, String jobId) {
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

        /** Responds with the view of the answer, 503 when the job manager cannot answer. */
        private static <T> void answer(ChannelHandlerContext ctx, boolean keepAlive, CompletableFuture<T> answer,
                                       Function<T, Object> view) {
            answer(ctx, keepAlive, answer, view, () -> "nothing to show");
        }

        /** Responds with the view of the answer, 404 and {@code notFound} when there is none, 503 without a job manager. */
        private static <T> void answer(ChannelHandlerContext ctx, boolean keepAlive, CompletableFuture<T> answer,
                                       Function<T, Object> view, Supplier<String> notFound) {
            answer.whenComplete((value, error) -> {
                if (error != null) {
                    respond(ctx, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, Map.of("error", String.valueOf(error)));
                } else if (value == null) {
                    respond(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, Map.of("error", notFound.get()));
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
            respond(ctx, keepAlive, code, "application/json; charset=utf-8",
                    (Json.write(body) + "\n").getBytes(StandardCharsets.UTF_8));
        }

        private static void respond(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus code,
                                    String contentType, byte[] body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, code, Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(response);
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
