package io.taskgrid.coordinator.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The state store's housekeeping thread: deletions and expiries, off the job manager's thread and
 * behind the writer. Work for later waits in one queue in the order it falls due (the store delays
 * everything by the one retention time), checked once a second, rather than as one scheduled task
 * each: at thousands of jobs a second, an hour of scheduled tasks would be millions of objects.
 */
final class Housekeeping implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Housekeeping.class);

    private record Due(long atNanos, Runnable work) {
    }

    private final ScheduledThreadPoolExecutor thread;
    private final Queue<Due> later = new ConcurrentLinkedQueue<>();

    /** @param everySecond runs once a second on the housekeeping thread, before the work that fell due */
    Housekeeping(String threadName, Runnable everySecond) {
        thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread housekeeper = new Thread(runnable, threadName);
            housekeeper.setDaemon(true);
            return housekeeper;
        });
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // on close: what is due now, not later
        thread.scheduleWithFixedDelay(() -> {
            runQuietly(everySecond);
            runDue(System.nanoTime());
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** Runs {@code work} on the housekeeping thread soon. */
    void execute(Runnable work) {
        thread.execute(() -> runQuietly(work));
    }

    /**
     * Runs {@code work} about {@code delayMillis} from now (up to a second late). The delays handed
     * over must not shrink from one call to the next, so that the queue stays in the order due.
     */
    void later(long delayMillis, Runnable work) {
        later.add(new Due(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis), work));
    }

    private void runDue(long now) {
        for (Due due = later.peek(); due != null && due.atNanos() - now <= 0; due = later.peek()) {
            later.poll();
            runQuietly(due.work());
        }
    }

    private static void runQuietly(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("State store housekeeping failed: {}", e.toString());
        }
    }

    /** Returns once the work handed to {@link #execute} so far has run. */
    void flush() throws InterruptedException, ExecutionException {
        thread.submit(() -> { }).get();
    }

    /** Runs what was handed to {@link #execute} (waiting up to 5 s for it), drops what is due later. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
