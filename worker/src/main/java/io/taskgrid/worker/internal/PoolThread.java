package io.taskgrid.worker.internal;

import io.taskgrid.cluster.CoordinatorMessage.ActivitySegment;

import java.util.Collection;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread of the worker's CPU pool: it knows its lane in the task stream, the attempt it runs,
 * and whether the runner gave up on that attempt.
 */
final class PoolThread extends Thread {

    final int lane;
    volatile boolean abandoned;
    /**
     * The CPU attempt this thread runs now, or {@code null}: its job finds it here to interrupt it.
     * Written by this thread only. One slot per thread, not an entry in a shared set per attempt:
     * for tiny subtasks, a concurrent set's insert and removal cost more than running them.
     */
    volatile CpuAttempt current;
    private final Collection<PoolThread> live;

    private PoolThread(Runnable runnable, String name, int lane, Collection<PoolThread> live) {
        super(runnable, name);
        this.lane = lane;
        this.live = live;
    }

    @Override
    public void run() {
        try {
            super.run();
        } finally {
            if (live != null) {
                live.remove(this);
            }
        }
    }

    /** The task-stream lane of a thread: its pool lane, or the async lane for any other thread. */
    static int laneOf(Thread thread) {
        return thread instanceof PoolThread pool ? pool.lane : ActivitySegment.ASYNC_LANE;
    }

    /**
     * Daemon threads named {@code prefix1, prefix2, ...}; with {@code lanes > 0} they take lanes
     * 0 to lanes-1 in turn (a replacement for an abandoned thread shares a lane with it). Each
     * thread is in {@code live} (when not {@code null}) from its creation until it ends.
     */
    static ThreadFactory factory(String prefix, int lanes, Collection<PoolThread> live) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            int number = count.incrementAndGet();
            int lane = lanes > 0 ? (number - 1) % lanes : ActivitySegment.ASYNC_LANE;
            PoolThread thread = new PoolThread(runnable, prefix + number, lane, live);
            thread.setDaemon(true);
            if (live != null) {
                live.add(thread);
            }
            return thread;
        };
    }
}
