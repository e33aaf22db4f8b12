package io.taskgrid.worker.internal;

/**
 * How many subtasks a worker asks to hold (running plus queued), from how long its subtasks take.
 *
 * <p>Long subtasks: hold one queued subtask per thread beyond the running ones, so work stays
 * balanced across workers at the end of a job. Tiny subtasks: hold enough to keep every thread
 * busy during one report-and-refill round trip, so the round trip is hidden; capped to keep the
 * in-flight window small. Pure: no clock, no threads.
 */
final class CreditPolicy {

    /** The round trip a refill takes (report, schedule, send), assumed rather than measured. */
    static final long REFILL_ROUND_TRIP_NANOS = 2_000_000;

    /** The most subtasks a worker holds at once. */
    static final int MAX_HELD = 4096;

    private static final double SMOOTHING = 0.2;

    private final int threads;
    private double meanRunNanos = -1;

    CreditPolicy(int threads) {
        this.threads = threads;
    }

    /** Feeds how long one subtask ran. */
    void recordRun(long runNanos) {
        meanRunNanos = meanRunNanos < 0 ? runNanos : meanRunNanos + SMOOTHING * (runNanos - meanRunNanos);
    }

    /** How many subtasks the worker should hold now. */
    int target() {
        if (meanRunNanos < 0) {
            return 2 * threads;
        }
        double perThread = Math.ceil(REFILL_ROUND_TRIP_NANOS / Math.max(1.0, meanRunNanos));
        long target = threads + (long) (threads * Math.max(1.0, perThread));
        return (int) Math.min(MAX_HELD, target);
    }

    /**
     * How many credits to ask for, given what is held and already asked for; 0 when the request
     * would be too small to be worth a message.
     */
    int creditsToRequest(int held, int outstanding) {
        int missing = target() - held - outstanding;
        int worthAsking = Math.max(1, Math.min(threads, target() / 4));
        return missing >= worthAsking ? missing : 0;
    }
}
