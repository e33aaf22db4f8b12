package io.taskgrid.coordinator.internal;

import io.taskgrid.JobState;
import io.taskgrid.cluster.CoordinatorMessage;
import io.taskgrid.coordinator.internal.JobManagerRequests.Attach;
import io.taskgrid.coordinator.internal.JobManagerRequests.Cancel;
import io.taskgrid.coordinator.internal.JobManagerRequests.CancelJob;
import io.taskgrid.coordinator.internal.JobManagerRequests.ClientDisconnected;
import io.taskgrid.coordinator.internal.JobManagerRequests.Collected;
import io.taskgrid.coordinator.internal.JobManagerRequests.DescribeJob;
import io.taskgrid.coordinator.internal.JobManagerRequests.Submit;
import io.taskgrid.coordinator.scheduling.Scheduler;
import io.taskgrid.coordinator.scheduling.SchedulerEvent;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.JobSpec;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.function.Function;

/**
 * The job manager's answers to clients: submit, attach, cancel, collected, disconnected, and the
 * HTTP API's view of one job. It checks what clients ask against the jobs the job manager holds,
 * turns the rest into scheduler events, and leaves every store read to {@link StoreReads}. On the
 * job manager's thread.
 */
final class ClientRequests {

    private static final Logger log = LoggerFactory.getLogger(JobManager.class);

    private final JobManagerStart.Parts parts;
    private final Map<String, JobContext> jobs;
    private final EndedJobs ended;
    private final Scheduler views;
    private final Function<JobSpec, JobContext> starter;
    private final Function<SchedulerEvent, Behavior<CoordinatorMessage>> scheduler;

    /**
     * @param views     the scheduler, read only for the HTTP view of a running job
     * @param starter   starts keeping a newly accepted job
     * @param scheduler hands an event to the scheduler and carries out its instructions
     */
    ClientRequests(JobManagerStart.Parts parts, Map<String, JobContext> jobs, EndedJobs ended,
                   Scheduler views, Function<JobSpec, JobContext> starter,
                   Function<SchedulerEvent, Behavior<CoordinatorMessage>> scheduler) {
        this.parts = parts;
        this.jobs = jobs;
        this.ended = ended;
        this.views = views;
        this.starter = starter;
        this.scheduler = scheduler;
    }

    Behavior<CoordinatorMessage> onSubmit(Submit submit) {
        JobSpec spec = submit.spec();
        String problem = JobSpecChecks.problemWith(spec);
        if (problem != null) {
            submit.client().send(new GatewayMessage.RequestFailed(submit.requestId(), problem));
            return Behaviors.same();
        }
        GatewayMessage accepted = new GatewayMessage.JobAccepted(submit.requestId(), spec.jobId(), spec.subtaskCount());
        if (jobs.containsKey(spec.jobId()) || ended.findRecent(spec.jobId()) != null) {
            return replayTo(spec.jobId(), submit.client(), accepted); // sent again after a reconnect
        }
        JobContext job = starter.apply(spec);
        job.follow(Follower.fromStart(submit.client()));
        parts.store().saveJob(spec);
        submit.client().send(accepted);
        JobLog.started(spec, submit.client());
        return scheduler.apply(new SchedulerEvent.JobSubmitted(spec.jobId(), spec.subtaskCount(), spec.policy(),
                spec.source().async()));
    }

    Behavior<CoordinatorMessage> onAttach(Attach attach) {
        JobContext running = jobs.get(attach.jobId());
        if (running != null) {
            attach.client().send(new GatewayMessage.JobAttached(attach.requestId(), running.id(), running.spec.name(),
                    running.spec.subtaskCount(), JobState.RUNNING));
            return replayTo(attach.jobId(), attach.client(), null);
        }
        parts.reads().replayEnded(attach.jobId(), ended.findRecent(attach.jobId()), attach.client(),
                attach.requestId(), null);
        return Behaviors.same();
    }

    /**
     * Sends a client every recorded outcome of a job, after {@code accepted} if it submitted the
     * job again; it then follows the running job, or gets the ended job's final message.
     */
    private Behavior<CoordinatorMessage> replayTo(String jobId, ClientSession client, GatewayMessage accepted) {
        JobContext running = jobs.get(jobId);
        if (running == null) {
            parts.reads().replayEnded(jobId, ended.findRecent(jobId), client, -1, accepted);
            return Behaviors.same();
        }
        if (accepted != null) {
            client.send(accepted);
        }
        Follower follower = Follower.afterReplay(client);
        if (running.follow(follower)) {
            parts.reads().replayRunning(jobId, follower);
        }
        return Behaviors.same();
    }

    Behavior<CoordinatorMessage> onCollected(Collected collected) {
        if (!jobs.containsKey(collected.jobId())) {
            ended.collected(collected.jobId());
        }
        return Behaviors.same();
    }

    Behavior<CoordinatorMessage> onCancel(Cancel cancel) {
        if (!jobs.containsKey(cancel.jobId())) {
            cancel.client().send(new GatewayMessage.RequestFailed(cancel.requestId(), "there is no running job "
                    + cancel.jobId() + ": it has ended already, or the id is wrong ('taskgrid status' lists the jobs)"));
            return Behaviors.same();
        }
        cancel.client().send(new GatewayMessage.CancelAccepted(cancel.requestId(), cancel.jobId()));
        return scheduler.apply(new SchedulerEvent.JobCancelRequested(cancel.jobId(), "cancelled by " + cancel.client().describe()));
    }

    Behavior<CoordinatorMessage> onCancelJob(CancelJob request) {
        boolean running = jobs.containsKey(request.jobId());
        if (running) {
            scheduler.apply(new SchedulerEvent.JobCancelRequested(request.jobId(), "cancelled by " + request.requestedBy()));
        }
        request.reply().complete(running);
        return Behaviors.same();
    }

    Behavior<CoordinatorMessage> onClientDisconnected(ClientDisconnected message) {
        for (JobContext job : jobs.values()) {
            if (job.unfollow(message.client()) && !job.hasFollowers()) {
                log.info("The client of job {} disconnected; the job runs on and its results are kept", job.id());
            }
        }
        return Behaviors.same();
    }

    Behavior<CoordinatorMessage> onDescribeJob(DescribeJob request) {
        JobContext job = jobs.get(request.jobId());
        JobDetails known = job != null ? JobDetails.running(job, views, parts.clock().millis())
                : ended.recentDetails(request.jobId());
        if (known != null) {
            request.reply().complete(known);
            return Behaviors.same();
        }
        parts.reads().endedJob(request.jobId()).whenComplete((stored, failure) -> {
            if (failure != null) {
                request.reply().completeExceptionally(failure);
            } else {
                request.reply().complete(stored);
            }
        });
        return Behaviors.same();
    }
}
