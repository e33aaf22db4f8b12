package io.taskgrid.worker.internal.io;

import io.netty.channel.Channel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kept-alive connections waiting for their next request, at most {@code maxIdlePerOrigin} per
 * origin, newest first (the newest is the least likely to have been closed by the server).
 *
 * <p>Event loops and callers share it, so every method holds the pool's lock, briefly and never
 * around I/O: closing happens after the lock is released.
 */
final class IdleConnectionPool {

    private final int maxIdlePerOrigin;
    private final Map<Origin, Deque<Channel>> idle = new HashMap<>();
    private boolean closed;

    IdleConnectionPool(int maxIdlePerOrigin) {
        this.maxIdlePerOrigin = maxIdlePerOrigin;
    }

    /** An open idle connection to {@code origin}, removed from the pool, or null when there is none. */
    Channel take(Origin origin) {
        List<Channel> dead = new ArrayList<>();
        Channel found = null;
        synchronized (this) {
            Deque<Channel> channels = idle.get(origin);
            while (found == null && channels != null && !channels.isEmpty()) {
                Channel channel = channels.pollFirst();
                if (channel.isActive()) {
                    found = channel;
                } else {
                    dead.add(channel);
                }
            }
            if (channels != null && channels.isEmpty()) {
                idle.remove(origin);
            }
        }
        dead.forEach(Channel::close);
        return found;
    }

    /** Keeps {@code channel} for reuse; false when the pool is full or closed (the caller closes it then). */
    synchronized boolean offer(Origin origin, Channel channel) {
        if (closed || !channel.isActive()) {
            return false;
        }
        Deque<Channel> channels = idle.computeIfAbsent(origin, any -> new ArrayDeque<>());
        if (channels.size() >= maxIdlePerOrigin) {
            if (channels.isEmpty()) {
                idle.remove(origin);
            }
            return false;
        }
        channels.addFirst(channel);
        return true;
    }

    /** Forgets {@code channel}, when it has closed. */
    synchronized void remove(Origin origin, Channel channel) {
        Deque<Channel> channels = idle.get(origin);
        if (channels != null && channels.remove(channel) && channels.isEmpty()) {
            idle.remove(origin);
        }
    }

    /** How many idle connections the pool holds, for all origins. */
    synchronized int size() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    /** Closes every idle connection; later offers are refused. */
    void close() {
        List<Channel> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(Channel::close);
    }
}
