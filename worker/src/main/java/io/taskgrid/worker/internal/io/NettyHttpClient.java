package io.taskgrid.worker.internal.io;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.nio.NioIoHandle;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.taskgrid.AsyncHttp;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@link AsyncHttp} over Netty, on an event loop group it borrows (the worker's).
 *
 * <p>Design: each request is an {@link HttpExchange} confined to one event loop: the loop of the
 * idle connection it reuses, or the loop a new connection is opened on. The exchange owns the
 * request's timer (connect and response together) and ends exactly once; its stage completes on
 * that loop. Each connection's pipeline is {@code [SslHandler] HttpClientCodec ExchangeHandler};
 * the handler gathers one response at a time to the request's body limit. After a complete
 * response that allows keep-alive the connection goes to the {@link IdleConnectionPool}, keyed by
 * scheme, host and port; any other ending closes it. A GET or HEAD whose pooled connection turns
 * out to be closed before any response byte is retried once on a new connection.
 *
 * <p>Nothing here blocks a loop: host names are looked up on a few daemon threads of this client
 * (IP literals need no lookup), since the JDK's lookup blocks.
 */
public final class NettyHttpClient implements AsyncHttp, AutoCloseable {

    private static final int LOOKUP_THREADS = 4;
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final EventLoopGroup group;
    private final IdleConnectionPool pool;
    /**
     * The TLS context, built at the first HTTPS connection: setting up the JDK's TLS (trust store,
     * cipher suites) is a noticeable part of a worker's start, and many jobs make no HTTPS request.
     */
    private volatile SslContext tls;
    private final ThreadPoolExecutor lookups;
    private volatile boolean closed;

    /**
     * A client on {@code group}, which it uses but does not own (closing the client leaves it running).
     *
     * @param group                     an NIO event loop group, e.g. {@code new MultiThreadIoEventLoopGroup(n,
     *                                  NioIoHandler.newFactory())}
     * @param maxIdleConnectionsPerHost how many kept-alive connections to keep per scheme, host and port
     *                                  between requests; 0 closes each connection after its response
     */
    public NettyHttpClient(EventLoopGroup group, int maxIdleConnectionsPerHost) {
        Objects.requireNonNull(group, "group");
        if (maxIdleConnectionsPerHost < 0) {
            throw new IllegalArgumentException("maxIdleConnectionsPerHost must be 0 or more, not "
                    + maxIdleConnectionsPerHost);
        }
        if (group instanceof IoEventLoopGroup io && !io.isCompatible(NioIoHandle.class)) {
            throw new IllegalArgumentException("The HTTP client opens NIO sockets, so it needs an NIO event loop "
                    + "group (MultiThreadIoEventLoopGroup with NioIoHandler.newFactory()), not " + group);
        }
        this.group = group;
        this.pool = new IdleConnectionPool(maxIdleConnectionsPerHost);
        this.lookups = new ThreadPoolExecutor(LOOKUP_THREADS, LOOKUP_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DefaultThreadFactory("taskgrid-http-lookup", true));
        this.lookups.allowCoreThreadTimeOut(true);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the method or a header is not valid HTTP
     */
    @Override
    public CompletionStage<Response> send(Request request) {
        Objects.requireNonNull(request, "request");
        CompletableFuture<Response> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(HttpErrors.clientClosed(request));
            return result;
        }
        Origin origin = Origin.of(request.uri());
        FullHttpRequest message = HttpMessages.toNetty(request, origin);
        Channel idle = pool.take(origin);
        EventLoop loop = idle != null ? idle.eventLoop() : group.next();
        HttpExchange exchange = new HttpExchange(this, request, origin, loop, result, message);
        onLoop(exchange, () -> start(exchange, idle));
        return result;
    }

    private void start(HttpExchange exchange, Channel idle) {
        exchange.startTimer();
        if (idle != null && idle.isActive()) {
            dispatch(exchange, idle, true);
        } else {
            if (idle != null) {
                idle.close();
            }
            connect(exchange);
        }
    }

    /** Opens a new connection for {@code exchange} and sends its request on it. */
    void connect(HttpExchange exchange) {
        lookUp(exchange.origin).whenComplete((address, error) -> onLoop(exchange, () -> {
            if (exchange.isDone()) {
                return;
            }
            if (error != null) {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                exchange.fail(HttpErrors.cannotConnect(exchange.request, exchange.origin, cause));
            } else {
                open(exchange, address);
            }
        }));
    }

    private CompletableFuture<InetSocketAddress> lookUp(Origin origin) {
        String host = origin.bareHost();
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
        if (literal != null) {
            return CompletableFuture.completedFuture(new InetSocketAddress(literal, origin.port()));
        }
        try {
            return CompletableFuture.supplyAsync(() -> resolve(host, origin.port()), lookups);
        } catch (RejectedExecutionException closing) {
            return CompletableFuture.failedFuture(new IOException("the HTTP client is closed", closing));
        }
    }

    private static InetSocketAddress resolve(String host, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new CompletionException(e);
        }
    }

    private void open(HttpExchange exchange, InetSocketAddress address) {
        Origin origin = exchange.origin;
        SslContext tlsContext;
        try {
            tlsContext = origin.isHttps() ? tls() : null;
        } catch (SSLException e) {
            exchange.fail(new IOException(HttpMessages.describe(exchange.request) + " cannot use HTTPS: TLS cannot "
                    + "be set up with this JVM's default trust store (" + e.getMessage() + "); check the worker's "
                    + "javax.net.ssl settings", e));
            return;
        }
        int connectMillis = (int) Math.min(Integer.MAX_VALUE, exchange.request.timeout().toMillis() + 1000);
        ChannelFuture connecting = new Bootstrap()
                .group(exchange.loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        if (tlsContext != null) {
                            channel.pipeline().addLast(tlsHandler(tlsContext, channel, origin));
                        }
                        HttpDecoderConfig decoder = new HttpDecoderConfig().setMaxHeaderSize(MAX_HEADER_BYTES);
                        channel.pipeline().addLast(new HttpClientCodec(decoder, false, false), new ExchangeHandler());
                    }
                })
                .connect(address);
        Channel channel = connecting.channel();
        channel.closeFuture().addListener(closed -> pool.remove(origin, channel));
        exchange.attach(channel, false);
        connecting.addListener(done -> onConnected(exchange, connecting));
    }

    private void onConnected(HttpExchange exchange, ChannelFuture connecting) {
        if (exchange.isDone()) {
            connecting.channel().close();
        } else if (!connecting.isSuccess()) {
            exchange.fail(HttpErrors.cannotConnect(exchange.request, exchange.origin, connecting.cause()));
        } else {
            dispatch(exchange, connecting.channel(), false);
        }
    }

    private void dispatch(HttpExchange exchange, Channel channel, boolean reused) {
        exchange.attach(channel, reused);
        channel.pipeline().get(ExchangeHandler.class).begin(exchange);
        channel.writeAndFlush(exchange.message()).addListener(written -> {
            if (!written.isSuccess()) {
                exchange.onConnectionLost(channel, -1, written.cause());
            }
        });
    }

    /** After a complete response: pools {@code channel} for the next request to {@code origin}, or closes it. */
    void recycle(Origin origin, Channel channel, boolean keepAlive) {
        if (!keepAlive || !pool.offer(origin, channel)) {
            channel.close();
        }
    }

    /** Runs {@code step} on the exchange's loop; if the loop is shut down the exchange fails here. */
    private static void onLoop(HttpExchange exchange, Runnable step) {
        if (exchange.loop.inEventLoop()) {
            step.run();
            return;
        }
        try {
            exchange.loop.execute(step);
        } catch (RejectedExecutionException shutDown) {
            exchange.fail(new IOException(HttpMessages.describe(exchange.request) + " cannot run: the event loop "
                    + "is shut down (the worker is stopping)", shutDown));
        }
    }

    private static SslHandler tlsHandler(SslContext tls, SocketChannel channel, Origin origin) {
        String host = origin.bareHost();
        SslHandler handler = tls.newHandler(channel.alloc(), host, origin.port());
        SSLParameters parameters = handler.engine().getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!NetUtil.isValidIpV4Address(host) && !NetUtil.isValidIpV6Address(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        handler.engine().setSSLParameters(parameters);
        return handler;
    }

    private SslContext tls() throws SSLException {
        SslContext built = tls;
        if (built == null) {
            synchronized (this) {
                built = tls;
                if (built == null) {
                    built = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).build();
                    tls = built;
                }
            }
        }
        return built;
    }

    /** How many kept-alive connections wait in the pool now, over all hosts. */
    int idleConnections() {
        return pool.size();
    }

    /** Closes the pooled connections; requests in flight finish, and their connections close after them. */
    @Override
    public void close() {
        closed = true;
        pool.close();
        lookups.shutdown();
    }
}
