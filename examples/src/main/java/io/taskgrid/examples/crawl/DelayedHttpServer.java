package io.taskgrid.examples.crawl;

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
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for a slow web site, on 127.0.0.1, for the crawl example and for tests: it shows
 * that many requests waiting on the network at once need no thread each.
 *
 * <p>{@code GET /page/N} (N ≥ 0) is answered after the delay given to {@link #start(int)}, with
 * the HTML of {@link #pageHtml(int)}: status 404 when {@code N % 50 == 49} (see
 * {@link #isMissing(int)}), else 200, exactly {@link #pageSize(int)} bytes, with links to pages
 * N+1, 2N+1 and N/2. The delay is a timer on the connection's event loop, never a sleeping thread,
 * so thousands of requests can wait at once. Other paths get 404 and other methods 405 at once.
 * Connections are kept alive unless the client asks otherwise.
 *
 * <pre>{@code
 * try (DelayedHttpServer site = DelayedHttpServer.start(100)) {
 *     String first = site.baseUrl() + "/page/0";
 * }
 * }</pre>
 */
public final class DelayedHttpServer implements AutoCloseable {

    private static final Pattern PAGE = Pattern.compile("/page/(\\d{1,9})");

    private final EventLoopGroup acceptor;
    private final EventLoopGroup connections;
    private final Channel serverChannel;
    private final AtomicLong requestsServed;

    private DelayedHttpServer(EventLoopGroup acceptor, EventLoopGroup connections, Channel serverChannel,
                              AtomicLong requestsServed) {
        this.acceptor = acceptor;
        this.connections = connections;
        this.serverChannel = serverChannel;
        this.requestsServed = requestsServed;
    }

    /** Starts a server on a free port of 127.0.0.1 that answers pages after {@code delayMillis} (0 for none). */
    public static DelayedHttpServer start(int delayMillis) {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("the delay must be 0 ms or more, not " + delayMillis);
        }
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("delayed-http-accept",
                true), NioIoHandler.newFactory());
        EventLoopGroup connections = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("delayed-http",
                true), NioIoHandler.newFactory());
        AtomicLong served = new AtomicLong();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, connections)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new PageHandler(delayMillis, served));
                    }
                });
        try {
            Channel channel = bootstrap.bind("127.0.0.1", 0).syncUninterruptibly().channel();
            return new DelayedHttpServer(acceptor, connections, channel, served);
        } catch (RuntimeException e) {
            acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            connections.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The port the server listens on. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** How many requests have been answered so far, pages and errors alike. */
    public long requestsServed() {
        return requestsServed.get();
    }

    /** Whether page {@code n} answers 404: every fiftieth page, those with {@code n % 50 == 49}. */
    public static boolean isMissing(int n) {
        return n % 50 == 49;
    }

    /** The size in bytes of page {@code n}'s body: 200 to 800, depending on {@code n % 7}. */
    public static int pageSize(int n) {
        return 200 + (n % 7) * 100;
    }

    /** The body of page {@code n} (also for a missing page), ASCII, exactly {@link #pageSize(int)} bytes. */
    public static String pageHtml(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("pages are numbered from 0, not " + n);
        }
        StringBuilder html = new StringBuilder("<html><body><h1>")
                .append(isMissing(n) ? "No page " : "Page ").append(n).append("</h1>\n");
        for (long link : new long[] {n + 1L, 2L * n + 1, n / 2}) {
            if (link <= 999_999_999L) {
                html.append("<a href=\"/page/").append(link).append("\">").append(link).append("</a>\n");
            }
        }
        String end = "</body></html>\n";
        int filler = pageSize(n) - html.length() - end.length();
        for (int i = 0; i < filler; i++) {
            html.append(i % 60 == 59 ? '\n' : (char) ('a' + (n + i) % 26));
        }
        return html.append(end).toString();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        connections.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Answers each request, pages after the delay, on the connection's event loop. */
    private static final class PageHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final int delayMillis;
        private final AtomicLong served;

        PageHandler(int delayMillis, AtomicLong served) {
            this.delayMillis = delayMillis;
            this.served = served;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            Matcher page = PAGE.matcher(new QueryStringDecoder(request.uri()).path());
            if (!HttpMethod.GET.equals(request.method())) {
                respond(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET is served here\n");
            } else if (!page.matches()) {
                respond(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "no such path; pages are /page/N\n");
            } else {
                int n = Integer.parseInt(page.group(1));
                HttpResponseStatus status = isMissing(n) ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.OK;
                Runnable answer = () -> respond(ctx, keepAlive, status, pageHtml(n));
                if (delayMillis == 0) {
                    answer.run();
                } else {
                    ctx.executor().schedule(answer, delayMillis, TimeUnit.MILLISECONDS);
                }
            }
        }

        private void respond(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.wrappedBuffer(bytes));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            served.incrementAndGet();
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(response);
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a client that went away mid-request: nothing to answer
        }
    }
}
