package io.taskgrid.coordinator.scheduling;

import io.taskgrid.JobState;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.SubtaskFailure;

import java.util.List;

/**
 * What the {@link Scheduler} asks its shell to carry out. Each names the {@code stimulus}: the
 * number of the event that caused it (see {@link SchedulerEvent}).
 */
public sealed interface Instruction {

    /** The number of the event that caused this instruction. */
    long stimulus();

    /** Send these attempts of a job's subtasks to a worker. */
    record Assign(long stimulus, String workerId, String jobId, int[] indices, int[] attempts) implements Instruction {
    }

    /** Give the client these results, and record them; each subtask's result is delivered once. */
    record DeliverResults(long stimulus, String jobId, String workerId, int[] indices, EncodedItems values)
            implements Instruction {
    }

    /** Give the client these final failures, and record them. */
    record DeliverFailures(long stimulus, String jobId, List<SubtaskFailure> failures) implements Instruction {
    }

    /** Wait {@code delayMillis}, then tell the scheduler {@link SchedulerEvent.RetriesDue} for these subtasks. */
    record RetryLater(long stimulus, String jobId, int[] indices, long delayMillis) implements Instruction {
    }

    /** Wait {@code delayMillis}, then tell the scheduler {@link SchedulerEvent.JobDeadlinePassed}, unless the job ended. */
    record WatchDeadline(long stimulus, String jobId, long delayMillis) implements Instruction {
    }

    /**
     * Tell the job's clients how far it is: {@code onWorkers} subtasks are on workers, and the
     * running ones reported {@code partial} subtasks' worth of progress in all.
     */
    record TellProgress(long stimulus, String jobId, int onWorkers, double partial) implements Instruction {
    }

    /**
     * Tell a worker that a job is over for it: drop what it holds of the job.
     *
     * @param mayBeRunning whether the job ended early (cancelled, failed fast, past its deadline),
     *                     so that the worker may still be running some of it and should hear now
     */
    record ReleaseJob(long stimulus, String workerId, String jobId, String reason, boolean mayBeRunning)
            implements Instruction {
    }

    /** Tell a worker to drain: it finishes the {@code held} subtasks it holds, takes nothing new, and leaves. */
    record DrainWorker(long stimulus, String workerId, int held, String requestedBy) implements Instruction {
    }

    /**
     * A worker is gone: forget it. {@code returned} of the subtasks it held went back to pending
     * ({@code 0} for a worker that drained and left with nothing held).
     */
    record ForgetWorker(long stimulus, String workerId, int returned, boolean drained) implements Instruction {
    }

    /**
     * The job ended; tell the client, record it. {@code meanRunNanos}: the mean run time of its
     * finished attempts, -1 if none finished.
     */
    record FinishJob(long stimulus, String jobId, JobState state, int succeeded, int failed, String reason,
                     long meanRunNanos) implements Instruction {
    }
}
