package io.taskgrid.coordinator.scheduling;

import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.RemoteFailure;
import io.taskgrid.internal.protocol.RunPolicy;

/**
 * What the {@link Scheduler} is told: every input it reacts to. The scheduler numbers each event
 * it handles; the number (its stimulus id) is repeated by the instructions and the subtask moves
 * that the event causes.
 */
public sealed interface SchedulerEvent {

    /** The worker the event comes from or concerns, or {@code null}. */
    default String workerId() {
        return null;
    }

    /** A job was accepted; its subtasks are pending. {@code async}: they run in workers' async slots. */
    record JobSubmitted(String jobId, int subtaskCount, RunPolicy policy, boolean async) implements SchedulerEvent {
        /** A job of CPU subtasks. */
        public JobSubmitted(String jobId, int subtaskCount, RunPolicy policy) {
            this(jobId, subtaskCount, policy, false);
        }

        /** A job allowing {@code maxAttempts} attempts per subtask, retried at once, carrying on past failures. */
        public JobSubmitted(String jobId, int subtaskCount, int maxAttempts) {
            this(jobId, subtaskCount, RunPolicy.DEFAULT.withMaxRetries(maxAttempts - 1).withRetryBackoffMillis(0));
        }
    }

    /**
     * A job accepted earlier (by a coordinator that is gone) is taken up again: these subtasks
     * already have their outcome on record; the rest are pending.
     */
    record JobResumed(String jobId, int subtaskCount, RunPolicy policy, boolean async, int[] succeeded, int[] failed)
            implements SchedulerEvent {
        /** A job of CPU subtasks. */
        public JobResumed(String jobId, int subtaskCount, RunPolicy policy, int[] succeeded, int[] failed) {
            this(jobId, subtaskCount, policy, false, succeeded, failed);
        }
    }

    /** Someone asked to cancel a job. */
    record JobCancelRequested(String jobId, String reason) implements SchedulerEvent {
    }

    /** The job's deadline passed: what has not finished is cancelled and the job fails. */
    record JobDeadlinePassed(String jobId) implements SchedulerEvent {
    }

    /** The backoff of these subtasks, waiting for a retry, is over. */
    record RetriesDue(String jobId, int[] indices) implements SchedulerEvent {
    }

    /**
     * A worker with {@code threads} CPU threads and {@code asyncSlots} slots for async subtasks
     * registered; it gets subtasks once it grants credits.
     */
    record WorkerJoined(String workerId, int threads, int asyncSlots) implements SchedulerEvent {
        /** A worker without async slots. */
        public WorkerJoined(String workerId, int threads) {
            this(workerId, threads, 0);
        }
    }

    /** A worker left or was lost; whatever it held goes back to pending. */
    record WorkerLeft(String workerId, String reason) implements SchedulerEvent {
    }

    /**
     * A person asked a worker to drain: it takes nothing new from now on, its credits are void, and
     * it finishes what it holds.
     */
    record WorkerDraining(String workerId, String requestedBy) implements SchedulerEvent {
    }

    /** A worker can take {@code credits} more CPU subtasks and {@code asyncCredits} more async ones. */
    record CreditsGranted(String workerId, int credits, int asyncCredits) implements SchedulerEvent {
        /** Credits for CPU subtasks only. */
        public CreditsGranted(String workerId, int credits) {
            this(workerId, credits, 0);
        }
    }

    /** Running subtasks on a worker reported how far they are, each as a fraction of its work. */
    record ProgressReported(String workerId, String jobId, int[] indices, double[] fractions)
            implements SchedulerEvent {
    }

    /** Time to tell each job's clients how far it is, where that changed since the last time. */
    record ProgressDue() implements SchedulerEvent {
    }

    /** A worker began running these attempts. */
    record SubtasksStarted(String workerId, String jobId, int[] indices, int[] attempts) implements SchedulerEvent {
    }

    /** A worker finished these attempts with these encoded results; they ran {@code runNanos} in all. */
    record SubtasksSucceeded(String workerId, String jobId, int[] indices, int[] attempts, EncodedItems values,
                             long runNanos) implements SchedulerEvent {
    }

    /**
     * These attempts failed on a worker; they ran {@code runNanos} in all. A failure that is not
     * {@code retryable} is final whatever retries are left.
     */
    record SubtasksFailed(String workerId, String jobId, int[] indices, int[] attempts, RemoteFailure[] failures,
                          boolean[] retryable, long runNanos) implements SchedulerEvent {
        /** Failures that may all be retried. */
        public SubtasksFailed(String workerId, String jobId, int[] indices, int[] attempts, RemoteFailure[] failures,
                              long runNanos) {
            this(workerId, jobId, indices, attempts, failures, allTrue(indices.length), runNanos);
        }

        private static boolean[] allTrue(int n) {
            boolean[] all = new boolean[n];
            java.util.Arrays.fill(all, true);
            return all;
        }
    }
}
