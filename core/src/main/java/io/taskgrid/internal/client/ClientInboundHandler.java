package io.taskgrid.internal.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.taskgrid.internal.protocol.GatewayMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands every message from the gateway to the client, and tells it when the connection ends. */
final class ClientInboundHandler extends SimpleChannelInboundHandler<GatewayMessage> {

    private static final Logger log = LoggerFactory.getLogger(ClientInboundHandler.class);

    private final GatewayClient client;

    ClientInboundHandler(GatewayClient client) {
        this.client = client;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, GatewayMessage message) {
        client.onMessage(message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        client.onDisconnected();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("Closing the connection to the coordinator at {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
