package io.taskgrid.cluster;

import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.RemoteFailure;

import java.util.List;

/**
 * What the coordinator's job manager receives. The messages from workers are here; the
 * coordinator adds its own local ones (from its gateway and timers), which is why this
 * interface is not sealed.
 */
public interface CoordinatorMessage {

    /**
     * Worker → coordinator, when the worker has joined the cluster, and again every second until
     * {@link WorkerMessage.WorkerRegistered} arrives. Idempotent: a repeat gets the same id.
     *
     * @param workerRef the worker agent's actor reference, in ActorRefResolver's string form
     * @param threads    the CPU pool's threads, which run {@code Task}s
     * @param asyncSlots how many {@code AsyncTask}s it keeps in flight at most
     * @param token     the cluster's secret, which the coordinator checks before it hands out work
     */
    record RegisterWorker(String workerRef, String host, long pid, int threads, int asyncSlots, String version,
                          String token)
            implements CoordinatorMessage, ClusterMessage {
        @Override
        public String toString() {
            return "RegisterWorker[" + workerRef + ", " + host + ", " + pid + "]"; // never the token
        }
    }

    /**
     * Worker → coordinator: the worker can take {@code credits} more subtasks for its CPU pool and
     * {@code asyncCredits} more async ones. Credits add up until the coordinator spends them by
     * sending {@link WorkerMessage.RunSubtasks} (of a job of the matching kind).
     */
    record RequestSubtasks(String workerId, int credits, int asyncCredits) implements CoordinatorMessage, ClusterMessage {
    }

    /**
     * Worker → coordinator, as soon as the worker has something to say, batched: subtasks that
     * started, finished or reported progress since its last report, grouped by job; and, like a
     * {@link RequestSubtasks} sent after it, the credits the worker asks for now (usually for the
     * subtasks that just finished: one message instead of two).
     */
    record SubtasksReported(String workerId, List<JobReport> jobs, int credits, int asyncCredits)
            implements CoordinatorMessage, ClusterMessage {
    }

    /**
     * What happened to one job's subtasks on one worker. Each subtask is named by its index and
     * attempt, in parallel arrays (one array per column rather than one object per subtask).
     *
     * @param started            subtasks that began running (omitted when they also finished)
     * @param startedAttempts    their attempts
     * @param succeeded          subtasks that returned a value
     * @param succeededAttempts  their attempts
     * @param values             their encoded results, one item each
     * @param failed             attempts that threw, timed out or could not be decoded
     * @param succeededNanos     how long the succeeded attempts ran, in all
     * @param failedNanos        how long the failed attempts ran, in all
     * @param progressIndices    running subtasks that reported progress
     * @param progressFractions  their latest progress, 0..1
     */
    record JobReport(String jobId, int[] started, int[] startedAttempts, int[] succeeded,
                     int[] succeededAttempts, EncodedItems values, List<FailedAttempt> failed,
                     long succeededNanos, long failedNanos, int[] progressIndices, double[] progressFractions) {
    }

    /**
     * One failed attempt of one subtask.
     *
     * @param retryable {@code false} when the job said that this exception is not worth a retry
     */
    record FailedAttempt(int index, int attempt, RemoteFailure failure, boolean retryable) {
    }

    /**
     * Worker → coordinator, every second: what its threads ran since the last one (for the
     * dashboard's task stream) and how long its attempts took (for the duration histogram). It is
     * also the worker's heartbeat as the dashboard shows it.
     *
     * @param sentAtMillis     the worker's clock when it sent this (the coordinator corrects skew with it)
     * @param segments         runs of subtasks of one job on one lane, merged where they follow each other
     * @param durationCounts   finished attempts per bucket of {@link DurationBuckets}
     * @param durationSumNanos their run time in all
     */
    record WorkerActivity(String workerId, long sentAtMillis, List<ActivitySegment> segments, long[] durationCounts,
                          long durationSumNanos) implements CoordinatorMessage, ClusterMessage {
    }

    /**
     * Subtasks of one job that ran back to back on one lane of a worker: a CPU thread (0, 1, ...) or
     * the event loop ({@link #ASYNC_LANE}).
     */
    record ActivitySegment(int lane, String jobId, long startMillis, long endMillis, int count) {
        /** The lane of async subtasks. */
        public static final int ASYNC_LANE = -1;
    }
}
