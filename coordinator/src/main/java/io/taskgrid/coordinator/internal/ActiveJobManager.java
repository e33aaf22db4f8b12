package io.taskgrid.coordinator.internal;

import io.taskgrid.ClusterStatus;
import io.taskgrid.cluster.CoordinatorMessage;
import org.apache.pekko.actor.typed.ActorRef;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Whether the job manager singleton runs on this coordinator, and its reference when it does.
 * The gateway and the HTTP API serve clients only then: a standby's job manager runs elsewhere,
 * and clients' sessions are objects of this JVM that it cannot reach.
 */
public final class ActiveJobManager {

    private final AtomicReference<ActorRef<CoordinatorMessage>> local = new AtomicReference<>();

    /** Called by the job manager when it starts on this node. */
    void started(ActorRef<CoordinatorMessage> jobManager) {
        local.set(jobManager);
    }

    /** Called by the job manager when it stops on this node. */
    void stopped(ActorRef<CoordinatorMessage> jobManager) {
        local.compareAndSet(jobManager, null);
    }

    /** The job manager, or {@code null} while this coordinator is a standby. */
    public ActorRef<CoordinatorMessage> get() {
        return local.get();
    }

    public boolean isActive() {
        return local.get() != null;
    }

    /** The cluster status from the local job manager; fails on a standby. */
    public CompletableFuture<ClusterStatus> status() {
        return ask(JobManagerRequests.GetStatus::new);
    }

    /** One job's details, or {@code null} for a job the coordinator does not know; fails on a standby. */
    CompletableFuture<JobDetails> describe(String jobId) {
        return ask(reply -> new JobManagerRequests.DescribeJob(jobId, reply));
    }

    /** One subtask's state and story; fails on a standby. */
    CompletableFuture<SubtaskStory> describeSubtask(String jobId, int index) {
        return ask(reply -> new JobManagerRequests.DescribeSubtask(jobId, index, reply));
    }

    /** Cancels a running job; completes with whether it was running; fails on a standby. */
    CompletableFuture<Boolean> cancel(String jobId, String requestedBy) {
        return ask(reply -> new JobManagerRequests.CancelJob(jobId, requestedBy, reply));
    }

    /** What the dashboard shows. */
    CompletableFuture<Dashboard> dashboard() {
        return ask(JobManagerRequests.GetDashboard::new);
    }

    /** Asks a worker to drain; completes with whether the worker is registered. */
    CompletableFuture<Boolean> drain(String workerId, String requestedBy) {
        return ask(reply -> new JobManagerRequests.DrainWorker(workerId, requestedBy, reply));
    }

    private <T> CompletableFuture<T> ask(Function<CompletableFuture<T>, CoordinatorMessage> message) {
        ActorRef<CoordinatorMessage> jobManager = local.get();
        if (jobManager == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "this coordinator is a standby: the active coordinator answers"));
        }
        CompletableFuture<T> reply = new CompletableFuture<>();
        jobManager.tell(message.apply(reply));
        return reply.orTimeout(10, TimeUnit.SECONDS);
    }
}
