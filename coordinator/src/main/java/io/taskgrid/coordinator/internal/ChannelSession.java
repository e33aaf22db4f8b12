package io.taskgrid.coordinator.internal;

import io.netty.channel.Channel;
import io.taskgrid.internal.protocol.GatewayMessage;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client session over a Netty channel; any thread may send. Messages sent in a burst (a job's
 * last results and its end, the results of many jobs handled in one turn of the job manager) go
 * out together: one task on the channel's event loop writes all that are waiting and flushes once,
 * so the burst costs one wake-up of the event loop and one socket write instead of one of each per
 * message, and the client reads it in one go.
 */
final class ChannelSession implements ClientSession {

    private final Channel channel;
    private final String description;
    private final Queue<GatewayMessage> unsent = new ConcurrentLinkedQueue<>();
    /** Whether a task that writes the waiting messages is queued on the event loop and has not started. */
    private final AtomicBoolean writeDue = new AtomicBoolean();

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
        if (!channel.isActive()) {
            return;
        }
        unsent.add(message);
        if (writeDue.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this::writeUnsent);
            } catch (RejectedExecutionException closing) {
                unsent.clear(); // the gateway is shutting down: the channel closes with it
            }
        }
    }

    private void writeUnsent() {
        writeDue.set(false); // a message sent from now on queues the next task
        GatewayMessage message;
        while ((message = unsent.poll()) != null) {
            channel.write(message, channel.voidPromise());
        }
        channel.flush();
    }
}
