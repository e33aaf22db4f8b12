package io.taskgrid.coordinator.internal;

import io.netty.channel.Channel;
import io.taskgrid.internal.protocol.GatewayMessage;

/** A client session over a Netty channel. Channel writes are thread-safe, so any thread may send. */
final class ChannelSession implements ClientSession {

    private final Channel channel;
    private final String description;

    ChannelSession(Channel channel) {
        this.channel = channel;
        this.description = "client " + channel.remoteAddress();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void send(GatewayMessage message) {
        if (channel.isActive()) {
            channel.writeAndFlush(message, channel.voidPromise());
        }
    }
}
