package io.taskgrid.internal.client;

import io.netty.channel.Channel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Messages to the coordinator that may wait a little, such as "results collected": they leave
 * with the next message that is flushed anyway (usually the next submit, in one write and one read
 * on each side), or at the latest {@link #MAX_DELAY_MILLIS} later. A client that submits job after
 * job then wakes its I/O thread and the gateway once per job instead of twice.
 */
final class LazyWrites {

    /** How long a lazy message waits at most for company. */
    static final long MAX_DELAY_MILLIS = 20;

    private final Supplier<Channel> channel;
    private final AtomicBoolean flushDue = new AtomicBoolean();

    /** Writes to whichever channel {@code channel} returns at the time (it changes on a reconnect). */
    LazyWrites(Supplier<Channel> channel) {
        this.channel = channel;
    }

    /** Queues {@code message} on {@code to} without a flush, and makes sure a flush follows soon. */
    void write(Channel to, Object message) {
        to.write(message, to.voidPromise());
        if (flushDue.compareAndSet(false, true)) {
            to.eventLoop().schedule(this::flushNow, MAX_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Flushes what waits; before closing the channel, so that nothing written is dropped. */
    void flushNow() {
        flushDue.set(false);
        Channel current = channel.get();
        if (current != null) {
            current.flush();
        }
    }
}
