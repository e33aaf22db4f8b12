package io.taskgrid.worker.internal.io;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP server on 127.0.0.1 for the client's tests; it counts the connections it accepts.
 * {@code /text}, {@code /bytes}, {@code /headers} (echoes the request's headers), {@code /echo}
 * (echoes the body), {@code /slow} (5 s), {@code /delayed?n=N} (100 ms), {@code /big} (10,000 bytes),
 * {@code /big-chunked}, {@code /close} (answers with Connection: close), {@code /once} (drops the
 * connection, unanswered, on any request after the connection's first); anything else is 404.
 */
final class TestServer implements AutoCloseable {

    static final byte[] BYTES = new byte[256];

    static {
        for (int i = 0; i < BYTES.length; i++) {
            BYTES[i] = (byte) i;
        }
    }

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final AtomicInteger accepted;

    private TestServer(EventLoopGroup group, Channel serverChannel, AtomicInteger accepted) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.accepted = accepted;
    }

    static TestServer start() {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        AtomicInteger accepted = new AtomicInteger();
        Channel channel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        accepted.incrementAndGet();
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1024 * 1024),
                                new Handler());
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
        return new TestServer(group, channel, accepted);
    }

    int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    int acceptedConnections() {
        return accepted.get();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        if (!group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test server's event loop did not stop within 30 s");
        }
    }

    /** One per connection, so it can count the connection's requests. */
    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private int requests;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            requests++;
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            switch (uri.path()) {
                case "/text" -> {
                    byte[] body = "hello, wörld".getBytes(StandardCharsets.UTF_8);
                    FullHttpResponse response = response(HttpResponseStatus.OK, body);
                    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                            .add("X-Repeated", "first").add("X-Repeated", "second");
                    ctx.writeAndFlush(response);
                }
                case "/bytes" -> ctx.writeAndFlush(response(HttpResponseStatus.OK, BYTES));
                case "/headers" -> ctx.writeAndFlush(response(HttpResponseStatus.OK, headerLines(request)));
                case "/echo" -> ctx.writeAndFlush(echo(request));
                case "/slow" -> ctx.executor().schedule(() -> ctx.writeAndFlush(text("late")), 5, TimeUnit.SECONDS);
                case "/delayed" -> {
                    String n = uri.parameters().get("n").get(0);
                    ctx.executor().schedule(() -> ctx.writeAndFlush(text("n=" + n)), 100, TimeUnit.MILLISECONDS);
                }
                case "/big" -> ctx.writeAndFlush(response(HttpResponseStatus.OK, new byte[10_000]));
                case "/big-chunked" -> writeChunked(ctx);
                case "/close" -> {
                    FullHttpResponse response = text("bye");
                    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                }
                case "/once" -> {
                    if (requests == 1) {
                        ctx.writeAndFlush(text("first on this connection"));
                    } else {
                        ctx.close();
                    }
                }
                default -> ctx.writeAndFlush(response(HttpResponseStatus.NOT_FOUND, new byte[0]));
            }
        }

        private static byte[] headerLines(FullHttpRequest request) {
            StringBuilder lines = new StringBuilder();
            request.headers().forEach(header -> lines.append(header.getKey().toLowerCase(Locale.ROOT)).append('=')
                    .append(header.getValue()).append('\n'));
            return lines.toString().getBytes(StandardCharsets.UTF_8);
        }

        private static FullHttpResponse echo(FullHttpRequest request) {
            byte[] body = new byte[request.content().readableBytes()];
            request.content().getBytes(request.content().readerIndex(), body);
            FullHttpResponse response = response(HttpResponseStatus.OK, body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, request.headers().get(HttpHeaderNames.CONTENT_TYPE));
            return response;
        }

        private static void writeChunked(ChannelHandlerContext ctx) {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            ctx.write(head);
            for (int i = 0; i < 10; i++) {
                ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[500])));
            }
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }

        private static FullHttpResponse text(String body) {
            FullHttpResponse response = response(HttpResponseStatus.OK, body.getBytes(StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            return response;
        }

        private static FullHttpResponse response(HttpResponseStatus status, byte[] body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.wrappedBuffer(body));
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            return response;
        }
    }
}
