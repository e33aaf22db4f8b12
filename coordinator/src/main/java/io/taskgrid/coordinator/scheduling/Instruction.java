package io.taskgrid.coordinator.scheduling;

import io.taskgrid.JobState;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.SubtaskFailure;

import java.util.List;

/** What the {@link Scheduler} asks its shell to carry out. */
public sealed interface Instruction {

    /** Send these attempts of a job's subtasks to a worker. */
    record Assign(String workerId, String jobId, int[] indices, int[] attempts) implements Instruction {
    }

    /** Give the client these results; each subtask's result is delivered once. */
    record DeliverResults(String jobId, String workerId, int[] indices, EncodedItems values) implements Instruction {
    }

    /** Give the client these final failures. */
    record DeliverFailures(String jobId, List<SubtaskFailure> failures) implements Instruction {
    }

    /** Wait {@code delayMillis}, then tell the scheduler {@link SchedulerEvent.RetriesDue} for these subtasks. */
    record RetryLater(String jobId, int[] indices, long delayMillis) implements Instruction {
    }

    /**
     * Tell a worker that a job is over for it: drop what it holds of the job.
     *
     * @param mayBeRunning whether the job ended early (cancelled, failed fast, past its deadline),
     *                     so that the worker may still be running some of it and should hear now
     */
    record ReleaseJob(String workerId, String jobId, String reason, boolean mayBeRunning) implements Instruction {
    }

    /** The job ended; tell the client, record it. */
    record FinishJob(String jobId, JobState state, int succeeded, int failed, String reason) implements Instruction {
    }
}
