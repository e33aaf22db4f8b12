package io.taskgrid.coordinator.internal;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the state store's writes on one thread, in the order they were handed over, a short window
 * after the first write of a group (a group commit): the thread wakes once for the group instead
 * of once per write, and a write that became pointless within the window (the spec of a job that
 * has already ended, the results of a job whose client has already collected them) is skipped by
 * the write itself. While writes wait behind others, they run as soon as their turn comes.
 */
final class WriteBehind implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WriteBehind.class);

    private final ScheduledThreadPoolExecutor thread;
    private final Queue<Runnable> queued = new ConcurrentLinkedQueue<>();
    /** Whether a run of the queued writes is scheduled and has not started yet. */
    private final AtomicBoolean runDue = new AtomicBoolean();
    private final long windowNanos;

    WriteBehind(String threadName, Duration window) {
        this.windowNanos = window.toNanos();
        this.thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread writer = new Thread(runnable, threadName);
            writer.setDaemon(true);
            return writer;
        });
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close runs the queue itself
    }

    /** Runs {@code write} on the writer thread after the writes handed over before it, within the window. */
    void execute(Runnable write) {
        queued.add(write);
        if (runDue.compareAndSet(false, true)) {
            thread.schedule(this::runQueued, windowNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void runQueued() {
        runDue.set(false); // a write handed over from now on schedules the next run
        Runnable write;
        while ((write = queued.poll()) != null) {
            try {
                write.run();
            } catch (RuntimeException e) {
                log.warn("A state store write failed: {}", e.toString());
            }
        }
    }

    /** Runs the writes handed over so far now, without waiting for the window, and returns when they ran. */
    void flush() {
        try {
            thread.submit(this::runQueued).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the state store's writer failed", e.getCause());
        }
    }

    /** Runs the writes handed over so far (waiting up to 30 s for them), then stops the thread. */
    @Override
    public void close() {
        thread.execute(this::runQueued);
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
