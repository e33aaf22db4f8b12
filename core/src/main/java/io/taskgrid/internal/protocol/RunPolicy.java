package io.taskgrid.internal.protocol;

import java.util.List;

/**
 * How a job's subtasks are run and retried, as it travels with the job.
 *
 * @param maxRetries           more attempts allowed for a subtask that throws or times out
 * @param retryBackoffMillis   the wait before the first retry of a subtask; it doubles with each
 *                             further retry, up to {@link #MAX_BACKOFF_MILLIS}; 0 retries at once
 * @param noRetryOn            exception class names (a subtask's exception or any of its supertypes)
 *                             that fail the subtask at once, without retries
 * @param subtaskTimeoutMillis the time limit of one attempt; 0 for none
 * @param deadlineMillis       the time limit of the whole job from its acceptance; 0 for none
 * @param failFast             whether the first subtask that fails for good ends the job
 */
public record RunPolicy(int maxRetries, long retryBackoffMillis, List<String> noRetryOn, long subtaskTimeoutMillis,
                        long deadlineMillis, boolean failFast) {

    /** The longest wait between two attempts of one subtask. */
    public static final long MAX_BACKOFF_MILLIS = 60_000;

    /** No retries, no limits, carry on past failures. */
    public static final RunPolicy DEFAULT = new RunPolicy(0, 100, List.of(), 0, 0, false);

    /** The wait before attempt {@code failures + 1}, after {@code failures} failed attempts (1 or more). */
    public long backoffMillis(int failures) {
        if (retryBackoffMillis <= 0 || failures < 1) {
            return 0;
        }
        long wait = Math.min(MAX_BACKOFF_MILLIS, retryBackoffMillis);
        for (int i = 1; i < failures && wait < MAX_BACKOFF_MILLIS; i++) {
            wait = Math.min(MAX_BACKOFF_MILLIS, wait * 2);
        }
        return wait;
    }
}
