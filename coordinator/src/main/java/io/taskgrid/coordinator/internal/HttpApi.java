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

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The coordinator's HTTP API, in JSON: {@code GET /api/health} for probes and
 * {@code GET /api/status} for the workers and jobs.
 */
public final class HttpApi implements AutoCloseable {

    private final Channel serverChannel;

    private HttpApi(Channel serverChannel) {
        this.serverChannel = serverChannel;
    }

    /** Binds the API to {@code host:port} (0 picks a free port). */
    public static HttpApi start(String host, int port, EventLoopGroup group, Supplier<CompletableFuture<ClusterStatus>> status) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new Handler(status));
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
        private final Supplier<CompletableFuture<ClusterStatus>> status;

        Handler(Supplier<CompletableFuture<ClusterStatus>> status) {
            this.status = status;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            String path = new QueryStringDecoder(request.uri()).path();
            if (!HttpMethod.GET.equals(request.method())) {
                respond(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED,
                        Map.of("error", request.method() + " is not supported here; use GET"));
            } else if (path.equals("/api/health")) {
                respond(ctx, keepAlive, HttpResponseStatus.OK, Map.of("status", "UP"));
            } else if (path.equals("/api/status")) {
                status.get().whenComplete((cluster, error) -> respond(ctx, keepAlive,
                        error == null ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        error == null ? cluster : Map.of("error", String.valueOf(error))));
            } else {
                respond(ctx, keepAlive, HttpResponseStatus.NOT_FOUND,
                        Map.of("error", "no such path " + path + "; try /api/status or /api/health"));
            }
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
