package io.taskgrid.coordinator.internal;

import io.taskgrid.ClusterStatus;
import io.taskgrid.JobState;
import io.taskgrid.cluster.CoordinatorMessage;
import io.taskgrid.cluster.CoordinatorMessage.JobReport;
import io.taskgrid.cluster.WorkerMessage;
import io.taskgrid.coordinator.internal.JobManagerRequests.Attach;
import io.taskgrid.coordinator.internal.JobManagerRequests.Cancel;
import io.taskgrid.coordinator.internal.JobManagerRequests.CancelJob;
import io.taskgrid.coordinator.internal.JobManagerRequests.ClientDisconnected;
import io.taskgrid.coordinator.internal.JobManagerRequests.Collected;
import io.taskgrid.coordinator.internal.JobManagerRequests.DescribeJob;
import io.taskgrid.coordinator.internal.JobManagerRequests.DrainWorker;
import io.taskgrid.coordinator.internal.JobManagerRequests.GetDashboard;
import io.taskgrid.coordinator.internal.JobManagerRequests.GetStatus;
import io.taskgrid.coordinator.internal.JobManagerRequests.Submit;
import io.taskgrid.coordinator.internal.JobManagerSignals.DeadlinePassed;
import io.taskgrid.coordinator.internal.JobManagerSignals.NodeDowned;
import io.taskgrid.coordinator.internal.JobManagerSignals.RetryDue;
import io.taskgrid.coordinator.internal.JobManagerSignals.SettleEnded;
import io.taskgrid.coordinator.internal.JobManagerSignals.WorkerTerminated;
import io.taskgrid.coordinator.scheduling.Instruction;
import io.taskgrid.coordinator.scheduling.Scheduler;
import io.taskgrid.coordinator.scheduling.SchedulerEvent;
import io.taskgrid.coordinator.scheduling.SubtaskState;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.JobSpec;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The coordinator's actor: a thin shell around the pure {@link Scheduler}. It turns messages from
 * clients (through the gateway), workers and its own timers into scheduler events, and carries
 * out the instructions that come back: batches to workers, outcomes to the clients that follow a
 * job and, in batches, to the {@link StateStore}.
 *
 * <p>Owns, on its single thread: the scheduler, the running jobs' {@link JobContext}s and the
 * registered workers. Nothing here blocks, except reading a job's recorded outcomes when a
 * client attaches to it and when the job manager starts and resumes unfinished jobs.
 */
public final class JobManager extends AbstractBehavior<CoordinatorMessage> {

    private static final Logger log = LoggerFactory.getLogger(JobManager.class);
    private static final Duration TICK_INTERVAL = Duration.ofMillis(500);

    private enum Tick implements CoordinatorMessage { PROGRESS_AND_FLUSH }

    private final String coordinatorId;
    private final StateStore store;
    private final String token;
    private final Clock clock;
    private final TimerScheduler<CoordinatorMessage> timers;
    private final ActiveJobManager active;
    private final Scheduler scheduler = new Scheduler();
    private final Map<String, JobContext> jobs = new LinkedHashMap<>();
    private final EndedJobs ended;
    private final Workers workers;
    /** Where workers fetch shipped code: the artifact server on this coordinator. */
    private final String artifactServerRef;
    private final CoordinatorMetrics metrics;
    private final ClusterActivity activity = new ClusterActivity();

    private JobManager(ActorContext<CoordinatorMessage> context, TimerScheduler<CoordinatorMessage> timers,
                       String coordinatorId, StateStore store, String token, Clock clock, ActiveJobManager active,
                       String artifactServerRef, CoordinatorMetrics metrics) {
        super(context);
        this.artifactServerRef = artifactServerRef;
        this.metrics = metrics;
        this.active = active;
        this.coordinatorId = coordinatorId;
        this.store = store;
        this.token = token;
        this.clock = clock;
        this.timers = timers;
        this.workers = new Workers(ActorRefResolver.get(context.getSystem()));
        this.ended = new EndedJobs(store);
        Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(context.messageAdapter(
                ClusterEvent.MemberDowned.class, downed -> new NodeDowned(downed.member().address())),
                ClusterEvent.MemberDowned.class));
        resumeUnfinishedJobs();
    }

    /**
     * The job manager's behavior. A handler that throws is a bug; the job manager logs it and goes
     * on with its state (resume) rather than stopping, which would stop every job and worker.
     */
    public static Behavior<CoordinatorMessage> create(String coordinatorId, StateStore store, String token, Clock clock,
                                                      ActiveJobManager active, String artifactServerRef,
                                                      CoordinatorMetrics metrics) {
        Behavior<CoordinatorMessage> manager = Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.PROGRESS_AND_FLUSH, TICK_INTERVAL);
            JobManager jobManager = new JobManager(context, timers, coordinatorId, store, token, clock, active,
                    artifactServerRef, metrics);
            active.started(context.getSelf());
            log.info("Coordinator {} is the active one: the job manager runs here", coordinatorId);
            return jobManager;
        }));
        return Behaviors.supervise(manager).onFailure(Exception.class, SupervisorStrategy.resume());
    }

    @Override
    public Receive<CoordinatorMessage> createReceive() {
        return newReceiveBuilder()
                .onMessage(CoordinatorMessage.SubtasksReported.class, this::onSubtasksReported)
                .onMessage(CoordinatorMessage.RequestSubtasks.class, this::onRequestSubtasks)
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(Attach.class, this::onAttach)
                .onMessage(Collected.class, this::onCollected)
                .onMessage(Cancel.class, this::onCancel)
                .onMessage(GetStatus.class, request -> reply(request.reply(), ClusterViews.status(coordinatorId,
                        jobs.values(), ended, workers, scheduler, clock.millis())))
                .onMessage(GetDashboard.class, request -> reply(request.reply(), ClusterViews.dashboard(coordinatorId,
                        jobs.values(), ended, workers, scheduler, activity, clock.millis())))
                .onMessage(DescribeJob.class, request -> reply(request.reply(), describe(request.jobId())))
                .onMessage(DrainWorker.class, this::onDrainWorker)
                .onMessage(CoordinatorMessage.WorkerActivity.class, this::onWorkerActivity)
                .onMessage(CancelJob.class, this::onCancelJob)
                .onMessage(ClientDisconnected.class, this::onClientDisconnected)
                .onMessage(CoordinatorMessage.RegisterWorker.class, this::onRegisterWorker)
                .onMessage(WorkerTerminated.class, this::onWorkerTerminated)
                .onMessage(NodeDowned.class, downed -> {
                    workers.idsAt(downed.node()).forEach(id -> onWorkerTerminated(new WorkerTerminated(id)));
                    return this;
                })
                .onMessage(RetryDue.class, due -> apply(new SchedulerEvent.RetriesDue(due.jobId(), due.indices())))
                .onMessage(DeadlinePassed.class, this::onDeadlinePassed)
                .onMessage(SettleEnded.class, settle -> {
                    settle(settle.jobId());
                    return this;
                })
                .onMessageEquals(Tick.PROGRESS_AND_FLUSH, this::onTick)
                .onSignal(PostStop.class, stopped -> {
                    jobs.values().forEach(job -> job.writes.flushTo(store, job.id())); // for the coordinator that takes over
                    ended.settleAll();
                    active.stopped(getContext().getSelf());
                    return this;
                })
                .build();
    }

    // ---- starting: jobs a previous coordinator accepted and did not finish ----

    private void resumeUnfinishedJobs() {
        for (JobSpec spec : store.unfinishedJobs()) {
            try {
                resume(spec);
            } catch (RuntimeException e) {
                jobs.remove(spec.jobId());
                log.error("Could not resume job {} ({}); it is left out", spec.jobId(), spec.name(), e);
            }
        }
    }

    private void resume(JobSpec spec) {
        StateStore.StoredOutcomes outcomes = store.outcomes(spec.jobId());
        startJob(spec);
        apply(WorkerReports.resumed(spec, outcomes));
    }

    // ---- clients ----

    private Behavior<CoordinatorMessage> onSubmit(Submit submit) {
        JobSpec spec = submit.spec();
        String problem = JobSpecChecks.problemWith(spec);
        if (problem != null) {
            submit.client().send(new GatewayMessage.RequestFailed(submit.requestId(), problem));
            return this;
        }
        if (jobs.containsKey(spec.jobId()) || ended.findRecent(spec.jobId()) != null) {
            // sent again after a reconnect: the first one was accepted
            settle(spec.jobId());
            submit.client().send(new GatewayMessage.JobAccepted(submit.requestId(), spec.jobId(), spec.subtaskCount()));
            replayTo(spec.jobId(), submit.client());
            return this;
        }
        JobContext job = startJob(spec);
        job.follow(submit.client());
        store.saveJob(spec);
        submit.client().send(new GatewayMessage.JobAccepted(submit.requestId(), spec.jobId(), spec.subtaskCount()));
        JobLog.started(spec, submit.client());
        apply(new SchedulerEvent.JobSubmitted(spec.jobId(), spec.subtaskCount(), spec.policy(), spec.source().async()));
        return this;
    }

    private JobContext startJob(JobSpec spec) {
        JobContext job = new JobContext(spec, clock.millis(), System.nanoTime());
        jobs.put(spec.jobId(), job);
        metrics.jobSubmitted(spec.subtaskCount());
        if (spec.policy().deadlineMillis() > 0) {
            timers.startSingleTimer(new DeadlinePassed(spec.jobId()), new DeadlinePassed(spec.jobId()),
                    Duration.ofMillis(spec.policy().deadlineMillis()));
        }
        return job;
    }

    private Behavior<CoordinatorMessage> onAttach(Attach attach) {
        settle(attach.jobId());
        JobContext running = jobs.get(attach.jobId());
        ClusterStatus.JobInfo endedJob = running == null ? ended.find(attach.jobId()) : null;
        if (running == null && endedJob == null) {
            attach.client().send(new GatewayMessage.RequestFailed(attach.requestId(), "there is no job " + attach.jobId()
                    + ": the id is wrong, or the job ended longer ago than the coordinator keeps results "
                    + "('taskgrid status' lists the jobs it knows)"));
            return this;
        }
        if (running != null) {
            attach.client().send(new GatewayMessage.JobAttached(attach.requestId(), running.id(), running.spec.name(),
                    running.spec.subtaskCount(), JobState.RUNNING));
        } else if (store.outcomes(endedJob.id()).isEmpty() && endedJob.succeeded() + endedJob.failed() > 0) {
            attach.client().send(new GatewayMessage.RequestFailed(attach.requestId(), "job " + endedJob.id() + " ended ("
                    + endedJob.state().name().toLowerCase() + ") and the client that followed it collected its results, "
                    + "so they are not kept any more"));
            return this;
        } else {
            attach.client().send(new GatewayMessage.JobAttached(attach.requestId(), endedJob.id(), endedJob.name(),
                    endedJob.total(), endedJob.state()));
        }
        replayTo(attach.jobId(), attach.client());
        return this;
    }

    /**
     * Sends a client every recorded outcome of a job; it then follows the running job, or gets
     * the ended job's final message.
     */
    private void replayTo(String jobId, ClientSession client) {
        JobContext running = jobs.get(jobId);
        if (running != null) {
            running.writes.flushTo(store, jobId);
        }
        StateStore.StoredOutcomes outcomes = store.outcomes(jobId);
        outcomes.results().forEach(client::send);
        if (!outcomes.failures().isEmpty()) {
            client.send(new GatewayMessage.SubtaskFailures(jobId, outcomes.failures()));
        }
        if (running != null) {
            running.follow(client);
            log.info("{} follows job {} now ({} result batches replayed)", client.describe(), jobId,
                    outcomes.results().size());
        } else {
            ClusterStatus.JobInfo info = ended.find(jobId);
            client.send(new GatewayMessage.JobFinished(jobId, info.state(), info.succeeded(), info.failed(), null));
        }
    }

    private Behavior<CoordinatorMessage> onCollected(Collected collected) {
        if (!jobs.containsKey(collected.jobId()) && ended.collected(collected.jobId())) {
            timers.cancel(new SettleEnded(collected.jobId()));
        }
        return this;
    }

    private void settle(String jobId) {
        timers.cancel(new SettleEnded(jobId));
        ended.settle(jobId);
    }

    private Behavior<CoordinatorMessage> onCancel(Cancel cancel) {
        if (!jobs.containsKey(cancel.jobId())) {
            cancel.client().send(new GatewayMessage.RequestFailed(cancel.requestId(), "there is no running job "
                    + cancel.jobId() + ": it has ended already, or the id is wrong ('taskgrid status' lists the jobs)"));
            return this;
        }
        cancel.client().send(new GatewayMessage.CancelAccepted(cancel.requestId(), cancel.jobId()));
        return apply(new SchedulerEvent.JobCancelRequested(cancel.jobId(), "cancelled by " + cancel.client().describe()));
    }

    private Behavior<CoordinatorMessage> onDeadlinePassed(DeadlinePassed passed) {
        JobContext job = jobs.get(passed.jobId());
        if (job == null) {
            return this;
        }
        Map<SubtaskState, Integer> counts = scheduler.countsOf(job.id());
        int unfinished = counts.get(SubtaskState.PENDING) + counts.get(SubtaskState.ASSIGNED) + counts.get(SubtaskState.RUNNING);
        return apply(new SchedulerEvent.JobDeadlinePassed(job.id(), "the job's deadline of "
                + job.spec.policy().deadlineMillis() + " ms passed with " + unfinished + " of "
                + job.spec.subtaskCount() + " subtasks unfinished; they were cancelled"));
    }

    private Behavior<CoordinatorMessage> onClientDisconnected(ClientDisconnected message) {
        for (JobContext job : jobs.values()) {
            if (job.unfollow(message.client()) && !job.hasFollowers()) {
                log.info("The client of job {} disconnected; the job runs on and its results are kept", job.id());
            }
        }
        return this;
    }

    /** Answers a request for a view of the job manager's state. */
    private <T> Behavior<CoordinatorMessage> reply(CompletableFuture<T> reply, T view) {
        reply.complete(view);
        return this;
    }

    private JobDetails describe(String jobId) {
        JobContext job = jobs.get(jobId);
        return job != null ? JobDetails.running(job, scheduler, clock.millis()) : ended.details(jobId);
    }

    private Behavior<CoordinatorMessage> onCancelJob(CancelJob request) {
        boolean running = jobs.containsKey(request.jobId());
        if (running) {
            apply(new SchedulerEvent.JobCancelRequested(request.jobId(), "cancelled by " + request.requestedBy()));
        }
        request.reply().complete(running);
        return this;
    }

    private Behavior<CoordinatorMessage> onTick() {
        workers.sendReleases();
        metrics.publish(ClusterViews.metrics(jobs.values(), workers, scheduler));
        for (JobContext job : jobs.values()) {
            job.writes.flushTo(store, job.id());
            if (job.takeProgressChanged() && job.hasFollowers()) {
                Map<SubtaskState, Integer> counts = scheduler.countsOf(job.id());
                int onWorkers = counts.get(SubtaskState.ASSIGNED) + counts.get(SubtaskState.RUNNING);
                job.tellFollowers(new GatewayMessage.JobProgressed(job.id(), onWorkers, job.partialProgress()));
            }
        }
        return this;
    }

    // ---- workers ----

    private Behavior<CoordinatorMessage> onRegisterWorker(CoordinatorMessage.RegisterWorker register) {
        String refusal = Workers.whyRefuse(register, token);
        if (refusal != null) {
            log.warn("Refusing worker {} (host {}, pid {}): {}", register.workerRef(), register.host(), register.pid(),
                    refusal);
            workers.refuse(register.workerRef(), "the coordinator refused this worker: " + refusal);
            return this;
        }
        Workers.Registration registration = workers.register(register);
        if (registration.isNew()) {
            getContext().watchWith(registration.worker().ref(), new WorkerTerminated(registration.worker().id()));
            log.info("Worker {} joined: host {}, pid {}, {} threads, {} async slots", registration.worker().id(),
                    register.host(), register.pid(), register.threads(), register.asyncSlots());
            apply(new SchedulerEvent.WorkerJoined(registration.worker().id(), register.threads(), register.asyncSlots()));
        }
        registration.worker().ref().tell(new WorkerMessage.WorkerRegistered(registration.worker().id(), coordinatorId,
                ActorRefResolver.get(getContext().getSystem()).toSerializationFormat(getContext().getSelf()),
                artifactServerRef));
        return this;
    }

    private Behavior<CoordinatorMessage> onWorkerTerminated(WorkerTerminated terminated) {
        Workers.Worker gone = workers.remove(terminated.workerId());
        if (gone != null) {
            activity.workerLeft(terminated.workerId());
            int held = scheduler.heldBy(terminated.workerId());
            if (scheduler.isDraining(terminated.workerId()) && held == 0) {
                log.info("Worker {} drained and left", terminated.workerId());
            } else {
                log.info("Worker {} left; {} subtasks it held go back to pending", terminated.workerId(), held);
            }
            apply(new SchedulerEvent.WorkerLeft(terminated.workerId(), "worker stopped or left the cluster"));
        }
        return this;
    }

    private Behavior<CoordinatorMessage> onWorkerActivity(CoordinatorMessage.WorkerActivity report) {
        Workers.Worker worker = workers.get(report.workerId());
        if (worker != null) {
            activity.onReport(report, worker.registration().threads(), clock.millis());
            metrics.attemptDurations(report.durationCounts(), report.durationSumNanos());
        }
        return this;
    }

    /** A person asked a worker to drain: it gets nothing new, finishes what it holds, and leaves. */
    private Behavior<CoordinatorMessage> onDrainWorker(DrainWorker request) {
        Workers.Worker worker = workers.get(request.workerId());
        if (worker == null) {
            request.reply().complete(false);
            return this;
        }
        if (!scheduler.isDraining(worker.id())) {
            log.info("Worker {} drains (asked by {}): it finishes its {} subtasks and leaves", worker.id(),
                    request.requestedBy(), scheduler.heldBy(worker.id()));
            apply(new SchedulerEvent.WorkerDraining(worker.id()));
            worker.ref().tell(new WorkerMessage.Drain(request.requestedBy()));
        }
        request.reply().complete(true);
        return this;
    }

    private Behavior<CoordinatorMessage> onRequestSubtasks(CoordinatorMessage.RequestSubtasks request) {
        return apply(new SchedulerEvent.CreditsGranted(request.workerId(), request.credits(), request.asyncCredits()));
    }

    private Behavior<CoordinatorMessage> onSubtasksReported(CoordinatorMessage.SubtasksReported reported) {
        String workerId = reported.workerId();
        for (JobReport report : reported.jobs()) {
            JobContext job = jobs.get(report.jobId());
            if (job == null) {
                continue; // the job ended; late reports change nothing
            }
            for (int i = 0; i < report.progressIndices().length; i++) {
                job.reportProgress(report.progressIndices()[i], report.progressFractions()[i]);
            }
            if (report.started().length > 0) {
                apply(new SchedulerEvent.SubtasksStarted(workerId, report.jobId(), report.started(), report.startedAttempts()));
            }
            job.recordRunTimes(report.succeeded().length + report.failed().size(),
                    report.succeededNanos() + report.failedNanos());
            if (report.succeeded().length > 0) {
                metrics.subtasksSucceeded(report.succeeded().length);
                job.subtasksEnded(report.succeeded());
                apply(new SchedulerEvent.SubtasksSucceeded(workerId, report.jobId(), report.succeeded(),
                        report.succeededAttempts(), report.values(), report.succeededNanos()));
            }
            if (!report.failed().isEmpty() && jobs.containsKey(report.jobId())) { // successes may have ended it
                metrics.attemptsFailed(report.failed().size());
                SchedulerEvent.SubtasksFailed failed = WorkerReports.failuresOf(workerId, report);
                job.subtasksEnded(failed.indices());
                apply(failed);
            }
        }
        if (reported.credits() > 0 || reported.asyncCredits() > 0) {
            apply(new SchedulerEvent.CreditsGranted(workerId, reported.credits(), reported.asyncCredits()));
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
                    results.indices(), results.values()), store);
        } else if (instruction instanceof Instruction.DeliverFailures failures) {
            jobs.get(failures.jobId()).failedForGood(failures.failures());
            metrics.subtasksFailed(failures.failures().size());
        } else if (instruction instanceof Instruction.RetryLater retry) {
            metrics.subtasksRetried(retry.indices().length);
            timers.startSingleTimer(new Object(), new RetryDue(retry.jobId(), retry.indices()),
                    Duration.ofMillis(retry.delayMillis()));
        } else if (instruction instanceof Instruction.ReleaseJob release) {
            workers.release(release.workerId(), release.jobId(), release.reason(), release.mayBeRunning());
        } else if (instruction instanceof Instruction.FinishJob finish) {
            finishJob(finish);
        }
    }

    private void sendToWorker(Instruction.Assign assign) {
        JobContext job = jobs.get(assign.jobId());
        Workers.Worker worker = workers.get(assign.workerId());
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
        double seconds = (System.nanoTime() - job.startNanos) / 1e9;
        ClusterStatus.JobInfo info = new ClusterStatus.JobInfo(job.id(), job.spec.name(), finish.state(),
                job.spec.subtaskCount(), finish.succeeded(), finish.failed(), 0, job.submittedAtMillis);
        JobDetails details = JobDetails.ended(info, clock.millis() - job.submittedAtMillis, job.meanRunMillis(),
                finish.reason(), job.failuresShown());
        if (ended.add(details, job.writes, job.followerCount())) {
            timers.startSingleTimer(new SettleEnded(job.id()), new SettleEnded(job.id()), EndedJobs.SETTLE_AFTER);
        }
        JobLog.ended(job.spec, finish.state(), finish.succeeded(), finish.failed(), finish.reason(), seconds);
    }
}
