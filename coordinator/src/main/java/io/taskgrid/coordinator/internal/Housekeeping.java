package io.taskgrid.coordinator.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The state store's housekeeping thread: deletions and forgetting ended jobs, off the job
 * manager's thread and behind the writer, with a sweep once a second. What falls due later waits in
 * the store's {@link Retention}, checked by the sweep, rather than as one scheduled task each: at
 * thousands of jobs a second, an hour of scheduled tasks would be millions of objects.
 */
final class Housekeeping implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Housekeeping.class);

    private final ScheduledThreadPoolExecutor thread;

    Housekeeping(String threadName) {
        thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread housekeeper = new Thread(runnable, threadName);
            housekeeper.setDaemon(true);
            return housekeeper;
        });
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // on close: what is due now, not later
    }

    /** Runs {@code sweep} once a second on the housekeeping thread from now on. */
    void everySecond(Runnable sweep) {
        thread.scheduleWithFixedDelay(() -> runQuietly(sweep), 1, 1, TimeUnit.SECONDS);
    }

    /** Runs {@code work} on the housekeeping thread soon. */
    void execute(Runnable work) {
        thread.execute(() -> runQuietly(work));
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

    /** Runs what was handed to {@link #execute} (waiting up to 5 s for it), and stops the sweeps. */
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
