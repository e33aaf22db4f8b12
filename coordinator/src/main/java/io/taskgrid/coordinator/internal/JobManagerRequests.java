package io.taskgrid.coordinator.internal;

import io.taskgrid.ClusterStatus;
import io.taskgrid.cluster.CoordinatorMessage;
import io.taskgrid.internal.protocol.JobSpec;

import java.util.concurrent.CompletableFuture;

/**
 * What this coordinator's own parts ask of its {@link JobManager}: the gateway for its clients,
 * the HTTP API, the node. They stay in this JVM (they hold sessions and futures), so they are
 * never serialized.
 */
public final class JobManagerRequests {

    private JobManagerRequests() {
    }

    /** Gateway → job manager: a client submitted a job (a repeat of a known job id attaches to it). */
    public record Submit(JobSpec spec, ClientSession client, long requestId) implements CoordinatorMessage {
    }

    /** Gateway → job manager: a client wants to follow a job. */
    public record Attach(String jobId, ClientSession client, long requestId) implements CoordinatorMessage {
    }

    /** Gateway → job manager: a client holds every outcome of an ended job. */
    public record Collected(String jobId) implements CoordinatorMessage {
    }

    /** Gateway → job manager: a client asked to cancel a job. */
    public record Cancel(String jobId, ClientSession client, long requestId) implements CoordinatorMessage {
    }

    /** Anyone → job manager: describe the cluster. */
    public record GetStatus(CompletableFuture<ClusterStatus> reply) implements CoordinatorMessage {
    }

    /** HTTP API → job manager: what the dashboard shows. */
    public record GetDashboard(CompletableFuture<Dashboard> reply) implements CoordinatorMessage {
    }

    /**
     * Gateway or HTTP API → job manager: a worker should take nothing new, finish what it holds and
     * leave; completes with whether the worker is registered.
     */
    public record DrainWorker(String workerId, String requestedBy, CompletableFuture<Boolean> reply)
            implements CoordinatorMessage {
    }

    /** HTTP API → job manager: describe one job; completes with {@code null} for an unknown one. */
    public record DescribeJob(String jobId, CompletableFuture<JobDetails> reply) implements CoordinatorMessage {
    }

    /** HTTP API → job manager: one subtask's state and story. */
    public record DescribeSubtask(String jobId, int index, CompletableFuture<SubtaskStory> reply)
            implements CoordinatorMessage {
    }

    /** HTTP API → job manager: cancel a job; completes with whether it was running. */
    public record CancelJob(String jobId, String requestedBy, CompletableFuture<Boolean> reply)
            implements CoordinatorMessage {
    }

    /** Gateway → job manager: a client's connection closed; its jobs run on. */
    public record ClientDisconnected(ClientSession client) implements CoordinatorMessage {
    }
}
