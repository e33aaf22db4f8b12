package io.taskgrid.coordinator.scheduling;

import io.taskgrid.internal.protocol.RemoteFailure;

/** What the {@link Scheduler} is told: every input it reacts to. */
public sealed interface SchedulerEvent {

    /** A job was accepted; its subtasks are pending. {@code maxAttempts} counts failures allowed plus one. */
    record JobSubmitted(String jobId, int subtaskCount, int maxAttempts) implements SchedulerEvent {
    }

    /** Someone asked to cancel a job. */
    record JobCancelRequested(String jobId, String reason) implements SchedulerEvent {
    }

    /** A worker with {@code threads} CPU threads registered; it gets subtasks once it grants credits. */
    record WorkerJoined(String workerId, int threads) implements SchedulerEvent {
    }

    /** A worker left or was lost; whatever it held goes back to pending. */
    record WorkerLeft(String workerId, String reason) implements SchedulerEvent {
    }

    /** A worker can take {@code credits} more subtasks. */
    record CreditsGranted(String workerId, int credits) implements SchedulerEvent {
    }

    /** A worker began running these attempts. */
    record SubtasksStarted(String workerId, String jobId, int[] indices, int[] attempts) implements SchedulerEvent {
    }

    /** A worker finished these attempts with these encoded results; they ran {@code runNanos} in all. */
    record SubtasksSucceeded(String workerId, String jobId, int[] indices, int[] attempts, byte[][] values,
                             long runNanos) implements SchedulerEvent {
    }

    /** These attempts failed on a worker; they ran {@code runNanos} in all. */
    record SubtasksFailed(String workerId, String jobId, int[] indices, int[] attempts, RemoteFailure[] failures,
                          long runNanos) implements SchedulerEvent {
    }
}
