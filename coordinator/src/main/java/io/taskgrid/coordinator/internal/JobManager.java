package io.taskgrid.coordinator.internal;

import io.taskgrid.cluster.CoordinatorMessage;
import io.taskgrid.cluster.CoordinatorMessage.JobReport;
import io.taskgrid.cluster.WorkerMessage;
import io.taskgrid.coordinator.internal.JobManagerRequests.Attach;
import io.taskgrid.coordinator.internal.JobManagerRequests.Cancel;
import io.taskgrid.coordinator.internal.JobManagerRequests.CancelJob;
import io.taskgrid.coordinator.internal.JobManagerRequests.ClientDisconnected;
import io.taskgrid.coordinator.internal.JobManagerRequests.Collected;
import io.taskgrid.coordinator.internal.JobManagerRequests.DescribeJob;
import io.taskgrid.coordinator.internal.JobManagerRequests.DescribeSubtask;
import io.taskgrid.coordinator.internal.JobManagerRequests.DrainWorker;
import io.taskgrid.coordinator.internal.JobManagerRequests.GetDashboard;
import io.taskgrid.coordinator.internal.JobManagerRequests.GetStatus;
import io.taskgrid.coordinator.internal.JobManagerRequests.Submit;
import io.taskgrid.coordinator.internal.JobManagerSignals.DeadlinePassed;
import io.taskgrid.coordinator.internal.JobManagerSignals.NodeDowned;
import io.taskgrid.coordinator.internal.JobManagerSignals.RetryDue;
import io.taskgrid.coordinator.internal.JobManagerSignals.Tick;
import io.taskgrid.coordinator.internal.JobManagerSignals.WorkerTerminated;
import io.taskgrid.coordinator.scheduling.Instruction;
import io.taskgrid.coordinator.scheduling.Scheduler;
import io.taskgrid.coordinator.scheduling.SchedulerEvent;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.JobSpec;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The coordinator's actor: a thin shell around the pure {@link Scheduler}, which decides every
 * move. It turns messages from clients (through the gateway), workers and its own timers into
 * scheduler events, and carries out the instructions that come back: batches to workers, outcomes
 * to the clients that follow a job and to the {@link StateStore}, timers, log lines.
 *
 * <p>Owns, on its single thread: the scheduler, the running jobs' {@link JobContext}s, the ended
 * jobs it remembers and the registered workers. It never waits: store reads run in
 * {@link StoreReads}, writes behind it in the store. {@link JobManagerStart} makes one.
 */
public final class JobManager extends AbstractBehavior<CoordinatorMessage> {

    private static final Logger log = LoggerFactory.getLogger(JobManager.class);

    private final JobManagerStart.Parts parts;
    private final TimerScheduler<CoordinatorMessage> timers;
    private final Scheduler scheduler = new Scheduler();
    private final Map<String, JobContext> jobs = new LinkedHashMap<>();
    private final EndedJobs ended;
    private final WorkerRegistrations registrations;
    private final ClusterActivity activity = new ClusterActivity();
    private final ClientRequests clients;

    JobManager(ActorContext<CoordinatorMessage> context, TimerScheduler<CoordinatorMessage> timers,
               JobManagerStart.Parts parts, StoreReads.Inheritance inheritance) {
        super(context);
        this.parts = parts;
        this.timers = timers;
        this.ended = new EndedJobs(parts.store(), inheritance.ended());
        this.registrations = new WorkerRegistrations(context, parts, this::apply);
        this.clients = new ClientRequests(parts, jobs, ended, scheduler, this::startJob, this::apply);
        for (StoreReads.Unfinished job : inheritance.unfinished()) {
            resume(job);
        }
    }

    private void resume(StoreReads.Unfinished unfinished) {
        try {
            startJob(unfinished.spec());
            apply(JobResumption.resumed(unfinished.spec(), unfinished.outcomes()));
        } catch (RuntimeException e) {
            jobs.remove(unfinished.spec().jobId());
            log.error("Could not resume job {} ({}); it is left out", unfinished.spec().jobId(),
                    unfinished.spec().name(), e);
        }
    }

    @Override
    public Receive<CoordinatorMessage> createReceive() {
        return newReceiveBuilder()
                .onMessage(CoordinatorMessage.SubtasksReported.class, this::onSubtasksReported)
                .onMessage(CoordinatorMessage.RequestSubtasks.class, request -> apply(new SchedulerEvent.CreditsGranted(
                        request.workerId(), request.credits(), request.asyncCredits())))
                .onMessage(Submit.class, clients::onSubmit)
                .onMessage(Attach.class, clients::onAttach)
                .onMessage(Collected.class, clients::onCollected)
                .onMessage(Cancel.class, clients::onCancel)
                .onMessage(CancelJob.class, clients::onCancelJob)
                .onMessage(ClientDisconnected.class, clients::onClientDisconnected)
                .onMessage(GetStatus.class, request -> reply(request.reply(), ClusterViews.status(parts.coordinatorId(),
                        jobs.values(), ended, registrations.workers(), scheduler, parts.clock().millis())))
                .onMessage(GetDashboard.class, request -> reply(request.reply(), ClusterViews.dashboard(
                        parts.coordinatorId(), jobs.values(), ended, registrations.workers(), scheduler, activity,
                        parts.clock().millis())))
                .onMessage(DescribeJob.class, clients::onDescribeJob)
                .onMessage(DescribeSubtask.class, request -> reply(request.reply(), SubtaskStory.of(request.jobId(),
                        request.index(), jobs.get(request.jobId()) != null, scheduler)))
                .onMessage(DrainWorker.class, this::onDrainWorker)
                .onMessage(CoordinatorMessage.WorkerActivity.class, this::onWorkerActivity)
                .onMessage(CoordinatorMessage.RegisterWorker.class, registrations::onRegister)
                .onMessage(WorkerTerminated.class, gone -> apply(new SchedulerEvent.WorkerLeft(gone.workerId(),
                        "worker stopped or left the cluster")))
                .onMessage(NodeDowned.class, downed -> {
                    registrations.workers().idsAt(downed.node()).forEach(id -> apply(new SchedulerEvent.WorkerLeft(id,
                            "its node was downed")));
                    return this;
                })
                .onMessage(RetryDue.class, due -> apply(new SchedulerEvent.RetriesDue(due.jobId(), due.indices())))
                .onMessage(DeadlinePassed.class, passed -> apply(new SchedulerEvent.JobDeadlinePassed(passed.jobId())))
                .onMessageEquals(Tick.PROGRESS, this::onTick)
                .onSignal(PostStop.class, stopped -> onStopped())
                .build();
    }

    // ---- clients ----

    private JobContext startJob(JobSpec spec) {
        JobContext job = new JobContext(spec, parts.clock().millis());
        jobs.put(spec.jobId(), job);
        parts.metrics().jobSubmitted(spec.subtaskCount());
        return job;
    }

    /** Answers a request for a view of the job manager's state. */
    private <T> Behavior<CoordinatorMessage> reply(CompletableFuture<T> reply, T view) {
        reply.complete(view);
        return this;
    }

    private Behavior<CoordinatorMessage> onTick() {
        registrations.workers().sendReleases();
        parts.metrics().publish(ClusterViews.metrics(jobs.values(), registrations.workers(), scheduler));
        return apply(new SchedulerEvent.ProgressDue());
    }

    private Behavior<CoordinatorMessage> onStopped() {
        parts.reads().close();
        parts.active().stopped(getContext().getSelf());
        return this;
    }

    // ---- workers ----

    private Behavior<CoordinatorMessage> onWorkerActivity(CoordinatorMessage.WorkerActivity report) {
        Workers.Worker worker = registrations.workers().get(report.workerId());
        if (worker != null) {
            activity.onReport(report, worker.registration().threads(), parts.clock().millis());
            parts.metrics().attemptDurations(report.durationCounts(), report.durationSumNanos());
        }
        return this;
    }

    /** A person asked a worker to drain: it gets nothing new, finishes what it holds, and leaves. */
    private Behavior<CoordinatorMessage> onDrainWorker(DrainWorker request) {
        boolean known = registrations.workers().get(request.workerId()) != null;
        if (known) {
            apply(new SchedulerEvent.WorkerDraining(request.workerId(), request.requestedBy()));
        }
        return reply(request.reply(), known);
    }

    private Behavior<CoordinatorMessage> onSubtasksReported(CoordinatorMessage.SubtasksReported reported) {
        for (JobReport report : reported.jobs()) {
            if (jobs.containsKey(report.jobId())) { // else the job ended: late reports change nothing
                WorkerReports.eventsOf(reported.workerId(), report, parts.metrics()).forEach(this::apply);
            }
        }
        if (reported.credits() > 0 || reported.asyncCredits() > 0) {
            apply(new SchedulerEvent.CreditsGranted(reported.workerId(), reported.credits(), reported.asyncCredits()));
        }
        return this;
    }

    // ---- carrying out instructions ----

    private Behavior<CoordinatorMessage> apply(SchedulerEvent event) {
        for (Instruction instruction : scheduler.handle(event)) {
            carryOut(instruction);
        }
        return this;
    }

    private void carryOut(Instruction instruction) {
        if (instruction instanceof Instruction.Assign assign) {
            sendToWorker(assign);
        } else if (instruction instanceof Instruction.DeliverResults results) {
            jobs.get(results.jobId()).deliver(new GatewayMessage.SubtaskResults(results.jobId(), results.workerId(),
                    results.indices(), results.values()), parts.store());
        } else if (instruction instanceof Instruction.DeliverFailures failures) {
            jobs.get(failures.jobId()).failedForGood(failures.failures(), failures.stimulus(), parts.store());
            parts.metrics().subtasksFailed(failures.failures().size());
        } else if (instruction instanceof Instruction.TellProgress progress) {
            jobs.get(progress.jobId()).tellFollowers(new GatewayMessage.JobProgressed(progress.jobId(),
                    progress.onWorkers(), progress.partial()));
        } else if (instruction instanceof Instruction.RetryLater retry) {
            parts.metrics().subtasksRetried(retry.indices().length);
            timers.startSingleTimer(new Object(), new RetryDue(retry.jobId(), retry.indices()),
                    Duration.ofMillis(retry.delayMillis()));
        } else if (instruction instanceof Instruction.WatchDeadline deadline) {
            timers.startSingleTimer(new DeadlinePassed(deadline.jobId()), new DeadlinePassed(deadline.jobId()),
                    Duration.ofMillis(deadline.delayMillis()));
        } else if (instruction instanceof Instruction.ReleaseJob release) {
            registrations.workers().release(release.workerId(), release.jobId(), release.reason(), release.mayBeRunning());
        } else if (instruction instanceof Instruction.DrainWorker drain) {
            registrations.drain(drain);
        } else if (instruction instanceof Instruction.ForgetWorker forget) {
            registrations.forget(forget);
            activity.workerLeft(forget.workerId());
        } else if (instruction instanceof Instruction.FinishJob finish) {
            finishJob(finish);
        }
    }

    private void sendToWorker(Instruction.Assign assign) {
        JobContext job = jobs.get(assign.jobId());
        Workers.Worker worker = registrations.workers().get(assign.workerId());
        boolean withCode = worker.receivesCodeOf(assign.jobId());
        for (WorkerMessage.RunSubtasks batch : job.batches(assign.indices(), assign.attempts(), withCode)) {
            worker.ref().tell(batch);
        }
    }

    private void finishJob(Instruction.FinishJob finish) {
        JobContext job = jobs.remove(finish.jobId());
        job.tellFollowers(new GatewayMessage.JobFinished(finish.jobId(), finish.state(), finish.succeeded(),
                finish.failed(), finish.reason()));
        timers.cancel(new DeadlinePassed(job.id()));
        long elapsedMillis = parts.clock().millis() - job.submittedAtMillis;
        JobDetails details = JobDetails.ended(new io.taskgrid.ClusterStatus.JobInfo(job.id(), job.spec.name(),
                        finish.state(), job.spec.subtaskCount(), finish.succeeded(), finish.failed(), 0,
                        job.submittedAtMillis), elapsedMillis, JobDetails.millis(finish.meanRunNanos()), finish.reason(),
                job.failuresShown());
        ended.add(details, job.followerCount());
        JobLog.ended(job.spec, finish.state(), finish.succeeded(), finish.failed(), finish.reason(),
                elapsedMillis / 1000.0);
    }
}
