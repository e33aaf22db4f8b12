package io.taskgrid.worker.internal;

import io.taskgrid.internal.protocol.RemoteFailure;

/**
 * How one attempt of one subtask ended on this worker, as pool threads hand it to the agent.
 *
 * @param value    the encoded result, when it succeeded
 * @param failure  why it failed, when it failed
 * @param retryable whether a failure may be retried (the job names exceptions that may not)
 * @param dropped  whether it never ran because its job was released first
 * @param runNanos how long it ran
 * @param lane     where it ran, for the task stream: a pool thread's lane, or the async lane
 * @param endNanos when it ended, on {@link System#nanoTime()}'s clock
 */
record Outcome(JobRuntime job, int index, int attempt, byte[] value, RemoteFailure failure, boolean retryable,
               boolean dropped, long runNanos, int lane, long endNanos) {

    /** An attempt that returned, reported by the thread that ran it. */
    static Outcome succeeded(JobRuntime job, int index, int attempt, byte[] value, long runNanos) {
        return succeeded(job, index, attempt, value, runNanos, System.nanoTime());
    }

    /** An attempt that returned at {@code endNanos}, reported by the thread that ran it. */
    static Outcome succeeded(JobRuntime job, int index, int attempt, byte[] value, long runNanos, long endNanos) {
        return new Outcome(job, index, attempt, value, null, false, false, runNanos,
                PoolThread.laneOf(Thread.currentThread()), endNanos);
    }

    /** An attempt that failed, reported by the thread that ran it. */
    static Outcome failed(JobRuntime job, int index, int attempt, RemoteFailure failure, boolean retryable,
                          long runNanos) {
        return failed(job, index, attempt, failure, retryable, runNanos, PoolThread.laneOf(Thread.currentThread()));
    }

    /** An attempt that failed on the given lane. */
    static Outcome failed(JobRuntime job, int index, int attempt, RemoteFailure failure, boolean retryable,
                          long runNanos, int lane) {
        return new Outcome(job, index, attempt, null, failure, retryable, false, runNanos, lane, System.nanoTime());
    }

    static Outcome dropped(JobRuntime job, int index, int attempt) {
        return new Outcome(job, index, attempt, null, null, false, true, 0, 0, 0);
    }
}
