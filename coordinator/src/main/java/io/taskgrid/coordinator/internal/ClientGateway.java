package io.taskgrid.coordinator.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.taskgrid.internal.serialization.KryoPool;
import io.taskgrid.internal.serialization.WireKryo;
import io.taskgrid.internal.wire.FrameDecoder;
import io.taskgrid.internal.wire.FrameEncoder;

import java.net.InetSocketAddress;

/** The client gateway: a Netty server of length-prefixed Kryo frames, one handler per connection. */
public final class ClientGateway implements AutoCloseable {

    private final Channel serverChannel;

    private ClientGateway(Channel serverChannel) {
        this.serverChannel = serverChannel;
    }

    /** Binds the gateway to {@code host:port} (0 picks a free port) and starts accepting clients. */
    public static ClientGateway start(String host, int port, EventLoopGroup group, ActiveJobManager active,
                                      String coordinatorId, int maxFrameBytes, String token, SslContext tls,
                                      ArtifactStore artifacts, CoordinatorMetrics metrics) {
        KryoPool kryo = new KryoPool(WireKryo::newGatewayKryo);
        FrameEncoder encoder = new FrameEncoder(kryo);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        metrics.gatewayConnectionOpened();
                        channel.closeFuture().addListener(closed -> metrics.gatewayConnectionClosed());
                        if (tls != null) {
                            channel.pipeline().addLast(tls.newHandler(channel.alloc()));
                        }
                        channel.pipeline().addLast(new FrameDecoder(kryo, maxFrameBytes), encoder,
                                new GatewayHandler(active, coordinatorId, maxFrameBytes, token, artifacts));
                    }
                });
        return new ClientGateway(bootstrap.bind(host, port).syncUninterruptibly().channel());
    }

    /** The port the gateway listens on. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
    }
}
