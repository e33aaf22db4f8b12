package io.taskgrid.cluster;

import io.taskgrid.internal.protocol.EncodedItems;

import java.util.List;

/**
 * What a worker agent receives. The messages from the coordinator are here; the worker adds its
 * own local ones, which is why this interface is not sealed.
 */
public interface WorkerMessage {

    /**
     * Coordinator → worker, the answer to {@link CoordinatorMessage.RegisterWorker}: the worker's id,
     * the job manager to report to (and to watch: when it is gone, the worker registers again
     * with the standby that takes over), and where to fetch shipped code.
     */
    record WorkerRegistered(String workerId, String coordinatorId, String jobManagerRef, String artifactServerRef)
            implements WorkerMessage, ClusterMessage {
    }

    /** Coordinator → worker, instead of {@link WorkerRegistered}: the worker may not join, and why. */
    record RegistrationRefused(String reason) implements WorkerMessage, ClusterMessage {
    }

    /**
     * Coordinator → worker: run these subtasks of one job, spending as many credits.
     *
     * @param code     how to run the job's subtasks; sent with the first batch of a job to a
     *                 worker and {@code null} afterwards
     * @param indices  the subtasks
     * @param attempts their attempt numbers (1 for a first run)
     * @param payloads each subtask's encoded task or input, item {@code i} for {@code indices[i]}, or
     *                 {@code null} for range jobs
     */
    record RunSubtasks(String jobId, JobCode code, int[] indices, int[] attempts, EncodedItems payloads)
            implements WorkerMessage, ClusterMessage {
    }

    /**
     * Coordinator → worker: these jobs ended or were cancelled. Drop their queued subtasks, interrupt
     * their running ones, forget their code. Every worker that received a job's code hears of its
     * end: at once when the job ended early (it may still run some of it), otherwise within the
     * coordinator's next tick, with the other jobs that ended meanwhile.
     */
    record ReleaseJobs(List<String> jobIds, String reason) implements WorkerMessage, ClusterMessage {
    }

    /**
     * Coordinator → worker: take nothing new, finish what you hold, then leave the cluster (the
     * worker process exits). The coordinator sends no more subtasks after this.
     */
    record Drain(String requestedBy) implements WorkerMessage, ClusterMessage {
    }

    /**
     * Coordinator's artifact server → worker, the answer to {@link ArtifactMessage.FetchArtifactChunk}:
     * one chunk of shipped code, or the reason there is none ({@code error} not null).
     */
    record ArtifactChunk(String hash, int index, int chunkCount, long offset, byte[] bytes, String error)
            implements WorkerMessage, ClusterMessage {
    }
}
