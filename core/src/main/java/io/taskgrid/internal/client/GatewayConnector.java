package io.taskgrid.internal.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.taskgrid.TaskgridException;
import io.taskgrid.internal.HostAndPort;
import io.taskgrid.internal.TaskgridVersion;
import io.taskgrid.internal.protocol.ClientMessage;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.ProtocolVersion;
import io.taskgrid.internal.serialization.KryoPool;
import io.taskgrid.internal.serialization.WireKryo;
import io.taskgrid.internal.wire.FrameDecoder;
import io.taskgrid.internal.wire.FrameEncoder;
import io.taskgrid.internal.wire.Frames;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Opens a connection to one of the gateways and shakes hands on it. */
final class GatewayConnector {

    /** A connection that passed the handshake. */
    record Connected(Channel channel, HostAndPort address, GatewayMessage.Welcome welcome) {
    }

    private final EventLoopGroup group;
    private final ClientConfig config;
    private final GatewayClient client;
    private final KryoPool wire = new KryoPool(WireKryo::newGatewayKryo);

    GatewayConnector(EventLoopGroup group, ClientConfig config, GatewayClient client) {
        this.group = group;
        this.config = config;
        this.client = client;
    }

    /** Tries each gateway in turn; the error names what went wrong with each. */
    Connected connectToAny() {
        List<TaskgridException> errors = new ArrayList<>();
        for (HostAndPort address : config.gateways()) {
            try {
                return connect(address);
            } catch (TaskgridException e) {
                errors.add(e);
            }
        }
        if (errors.size() == 1) {
            throw errors.get(0);
        }
        StringBuilder message = new StringBuilder("No coordinator accepted this client:");
        errors.forEach(e -> message.append("\n  ").append(e.getMessage()));
        TaskgridException error = new TaskgridException(message.toString(), errors.get(0));
        errors.stream().skip(1).forEach(error::addSuppressed);
        throw error;
    }

    private Connected connect(HostAndPort address) {
        ClientInboundHandler handler = new ClientInboundHandler(client, address);
        FrameEncoder encoder = new FrameEncoder(wire);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (config.tls() != null) {
                            ch.pipeline().addLast(ClientTls.handler(config.tls(), ch, address));
                        }
                        ch.pipeline().addLast(new FrameDecoder(wire, Frames.DEFAULT_MAX_FRAME_BYTES), encoder,
                                new IdleStateHandler(ClientInboundHandler.QUIET_SECONDS, 0, 0), handler);
                    }
                });
        ChannelFuture connecting = bootstrap.connect(address.host(), address.port());
        connecting.awaitUninterruptibly();
        if (!connecting.isSuccess()) {
            throw ConnectErrors.cannotConnect(address, connecting.cause());
        }
        Channel channel = connecting.channel();
        channel.writeAndFlush(new ClientMessage.Hello(ProtocolVersion.CURRENT, TaskgridVersion.get(),
                "java-client@" + ProcessHandle.current().pid(), config.token()));
        try {
            GatewayMessage.Welcome welcome = awaitHandshake(handler, address);
            if (welcome.protocolVersion() != ProtocolVersion.CURRENT) {
                throw ConnectErrors.versionMismatch(address, welcome.protocolVersion(), welcome.taskgridVersion());
            }
            return new Connected(channel, address, welcome);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private GatewayMessage.Welcome awaitHandshake(ClientInboundHandler handler, HostAndPort address) {
        try {
            return handler.handshake.get(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TaskgridException("The server at " + address + " accepted the connection but did not "
                    + "answer the Taskgrid handshake within " + config.connectTimeout().toSeconds() + " s: is this "
                    + "the coordinator's gateway port (not its cluster or HTTP port)?");
        } catch (ExecutionException e) {
            throw (TaskgridException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskgridException("interrupted while connecting to " + address, e);
        }
    }
}
