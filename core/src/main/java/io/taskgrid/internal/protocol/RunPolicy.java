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
 * @param maxWorkerLosses      a subtask whose worker is lost this many times (killed, crashed, cut
 *                             off) fails as poisonous; its last run before that runs alone
 */
public record RunPolicy(int maxRetries, long retryBackoffMillis, List<String> noRetryOn, long subtaskTimeoutMillis,
                        long deadlineMillis, boolean failFast, int maxWorkerLosses) {

    /** The longest wait between two attempts of one subtask. */
    public static final long MAX_BACKOFF_MILLIS = 60_000;

    /** The most lost workers a job may allow one subtask. */
    public static final int MAX_WORKER_LOSSES = 10;

    /** No retries, no limits, carry on past failures, poisonous after 3 lost workers. */
    public static final RunPolicy DEFAULT = new RunPolicy(0, 100, List.of(), 0, 0, false, 3);

    public RunPolicy withMaxRetries(int retries) {
        return new RunPolicy(retries, retryBackoffMillis, noRetryOn, subtaskTimeoutMillis, deadlineMillis, failFast,
                maxWorkerLosses);
    }

    public RunPolicy withRetryBackoffMillis(long millis) {
        return new RunPolicy(maxRetries, millis, noRetryOn, subtaskTimeoutMillis, deadlineMillis, failFast,
                maxWorkerLosses);
    }

    public RunPolicy withNoRetryOn(List<String> exceptionTypes) {
        return new RunPolicy(maxRetries, retryBackoffMillis, List.copyOf(exceptionTypes), subtaskTimeoutMillis,
                deadlineMillis, failFast, maxWorkerLosses);
    }

    public RunPolicy withSubtaskTimeoutMillis(long millis) {
        return new RunPolicy(maxRetries, retryBackoffMillis, noRetryOn, millis, deadlineMillis, failFast,
                maxWorkerLosses);
    }

    public RunPolicy withDeadlineMillis(long millis) {
        return new RunPolicy(maxRetries, retryBackoffMillis, noRetryOn, subtaskTimeoutMillis, millis, failFast,
                maxWorkerLosses);
    }

    public RunPolicy withFailFast(boolean fast) {
        return new RunPolicy(maxRetries, retryBackoffMillis, noRetryOn, subtaskTimeoutMillis, deadlineMillis, fast,
                maxWorkerLosses);
    }

    public RunPolicy withMaxWorkerLosses(int losses) {
        return new RunPolicy(maxRetries, retryBackoffMillis, noRetryOn, subtaskTimeoutMillis, deadlineMillis, failFast,
                losses);
    }

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
