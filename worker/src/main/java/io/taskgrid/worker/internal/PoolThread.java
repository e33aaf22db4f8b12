package io.taskgrid.worker.internal;

import io.taskgrid.cluster.CoordinatorMessage.ActivitySegment;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread of the worker's CPU pool: it knows its lane in the task stream, and whether the runner
 * gave up on the attempt it runs.
 */
final class PoolThread extends Thread {

    final int lane;
    volatile boolean abandoned;

    private PoolThread(Runnable runnable, String name, int lane) {
        super(runnable, name);
        this.lane = lane;
    }

    /** The task-stream lane of a thread: its pool lane, or the async lane for any other thread. */
    static int laneOf(Thread thread) {
        return thread instanceof PoolThread pool ? pool.lane : ActivitySegment.ASYNC_LANE;
    }

    /**
     * Daemon threads named {@code prefix1, prefix2, ...}; with {@code lanes > 0} they take lanes
     * 0 to lanes-1 in turn (a replacement for an abandoned thread shares a lane with it).
     */
    static ThreadFactory factory(String prefix, int lanes) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            int number = count.incrementAndGet();
            int lane = lanes > 0 ? (number - 1) % lanes : ActivitySegment.ASYNC_LANE;
            Thread thread = new PoolThread(runnable, prefix + number, lane);
            thread.setDaemon(true);
            return thread;
        };
    }
}
