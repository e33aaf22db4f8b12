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
 */
record Outcome(JobRuntime job, int index, int attempt, byte[] value, RemoteFailure failure, boolean retryable,
               boolean dropped, long runNanos) {

    static Outcome succeeded(JobRuntime job, int index, int attempt, byte[] value, long runNanos) {
        return new Outcome(job, index, attempt, value, null, false, false, runNanos);
    }

    static Outcome failed(JobRuntime job, int index, int attempt, RemoteFailure failure, boolean retryable,
                          long runNanos) {
        return new Outcome(job, index, attempt, null, failure, retryable, false, runNanos);
    }

    static Outcome dropped(JobRuntime job, int index, int attempt) {
        return new Outcome(job, index, attempt, null, null, false, true, 0);
    }
}
