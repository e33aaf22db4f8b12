package io.taskgrid.coordinator.internal;

import io.taskgrid.ClusterStatus;
import io.taskgrid.JobState;
import io.taskgrid.cluster.CoordinatorMessage;
import io.taskgrid.cluster.CoordinatorMessage.JobReport;
import io.taskgrid.cluster.WorkerMessage;
import io.taskgrid.coordinator.scheduling.Instruction;
import io.taskgrid.coordinator.scheduling.Scheduler;
import io.taskgrid.coordinator.scheduling.SchedulerEvent;
import io.taskgrid.coordinator.scheduling.SubtaskState;
import io.taskgrid.internal.TaskgridVersion;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.protocol.RemoteFailure;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The coordinator's actor: a thin shell around the pure {@link Scheduler}. It turns messages from
 * clients (through the gateway) and workers into scheduler events, and carries out the
 * instructions that come back: batches to workers, results and failures to clients, records to
 * the {@link StateStore}.
 *
 * <p>Owns, on its single thread: the scheduler, the running jobs' {@link JobContext}s and the
 * registered workers. Nothing here blocks.
 */
public final class JobManager extends AbstractBehavior<CoordinatorMessage> {

    private static final Logger log = LoggerFactory.getLogger(JobManager.class);
    private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);
    private static final int ENDED_JOBS_SHOWN = 50;

    /** Gateway → job manager: a client submitted a job. */
    public record Submit(JobSpec spec, ClientSession client, long requestId) implements CoordinatorMessage {
    }

    /** Gateway → job manager: a client asked to cancel a job. */
    public record Cancel(String jobId, ClientSession client, long requestId) implements CoordinatorMessage {
    }

    /** Anyone → job manager: describe the cluster. */
    public record GetStatus(CompletableFuture<ClusterStatus> reply) implements CoordinatorMessage {
    }

    /** Gateway → job manager: a client's connection closed; its jobs run on. */
    public record ClientDisconnected(ClientSession client) implements CoordinatorMessage {
    }

    /** Pekko death watch → job manager: a worker stopped or its node left the cluster. */
    record WorkerTerminated(String workerId) implements CoordinatorMessage {
    }

    private enum Tick implements CoordinatorMessage { PROGRESS }

    private final String coordinatorId;
    private final StateStore store;
    private final Clock clock;
    private final Scheduler scheduler = new Scheduler();
    private final Map<String, JobContext> jobs = new LinkedHashMap<>();
    private final ArrayDeque<ClusterStatus.JobInfo> recentlyEnded = new ArrayDeque<>();
    private final Workers workers;

    private JobManager(ActorContext<CoordinatorMessage> context, String coordinatorId, StateStore store, Clock clock) {
        super(context);
        this.coordinatorId = coordinatorId;
        this.store = store;
        this.clock = clock;
        this.workers = new Workers(ActorRefResolver.get(context.getSystem()));
        this.recentlyEnded.addAll(store.endedJobs(ENDED_JOBS_SHOWN)); // what a store that outlived us remembers
    }

    /**
     * The job manager's behavior. A handler that throws is a bug; the job manager logs it and goes
     * on with its state (resume) rather than stopping, which would stop every job and worker.
     */
    public static Behavior<CoordinatorMessage> create(String coordinatorId, StateStore store, Clock clock) {
        Behavior<CoordinatorMessage> manager = Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.PROGRESS, PROGRESS_INTERVAL);
            return new JobManager(context, coordinatorId, store, clock);
        }));
        return Behaviors.supervise(manager).onFailure(Exception.class, SupervisorStrategy.resume());
    }

    @Override
    public Receive<CoordinatorMessage> createReceive() {
        return newReceiveBuilder()
                .onMessage(CoordinatorMessage.SubtasksReported.class, this::onSubtasksReported)
                .onMessage(CoordinatorMessage.RequestSubtasks.class, this::onRequestSubtasks)
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(Cancel.class, this::onCancel)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(ClientDisconnected.class, this::onClientDisconnected)
                .onMessage(CoordinatorMessage.RegisterWorker.class, this::onRegisterWorker)
                .onMessage(WorkerTerminated.class, this::onWorkerTerminated)
                .onMessageEquals(Tick.PROGRESS, this::onProgressTick)
                .build();
    }

    // ---- clients ----

    private Behavior<CoordinatorMessage> onSubmit(Submit submit) {
        JobSpec spec = submit.spec();
        String problem = JobSpecChecks.problemWith(spec);
        if (problem == null && jobs.containsKey(spec.jobId())) {
            problem = "a job with id " + spec.jobId() + " is already running";
        }
        if (problem != null) {
            submit.client().send(new GatewayMessage.RequestFailed(submit.requestId(), problem));
            return this;
        }
        JobContext job = new JobContext(spec, submit.client(), clock.millis(), System.nanoTime());
        jobs.put(spec.jobId(), job);
        store.saveJob(spec);
        submit.client().send(new GatewayMessage.JobAccepted(submit.requestId(), spec.jobId(), spec.subtaskCount()));
        log.info("Job {} ({}) started: {} subtasks, from {}", spec.jobId(), spec.name(), spec.subtaskCount(),
                submit.client().describe());
        apply(new SchedulerEvent.JobSubmitted(spec.jobId(), spec.subtaskCount(), spec.maxRetries() + 1));
        return this;
    }

    private Behavior<CoordinatorMessage> onCancel(Cancel cancel) {
        if (!jobs.containsKey(cancel.jobId())) {
            cancel.client().send(new GatewayMessage.RequestFailed(cancel.requestId(), "there is no running job "
                    + cancel.jobId() + ": it has ended already, or the id is wrong ('taskgrid status' lists the jobs)"));
            return this;
        }
        cancel.client().send(new GatewayMessage.CancelAccepted(cancel.requestId(), cancel.jobId()));
        apply(new SchedulerEvent.JobCancelRequested(cancel.jobId(), "cancelled by " + cancel.client().describe()));
        return this;
    }

    private Behavior<CoordinatorMessage> onClientDisconnected(ClientDisconnected message) {
        for (JobContext job : jobs.values()) {
            if (job.client() == message.client()) {
                job.clientLeft();
                log.info("The client of job {} disconnected; the job runs on and its results are kept", job.id());
            }
        }
        return this;
    }

    private Behavior<CoordinatorMessage> onGetStatus(GetStatus request) {
        List<ClusterStatus.JobInfo> jobInfos = new ArrayList<>();
        for (JobContext job : jobs.values()) {
            jobInfos.add(runningJobInfo(job));
        }
        jobInfos.addAll(recentlyEnded);
        request.reply().complete(new ClusterStatus(coordinatorId, TaskgridVersion.get(),
                workers.describe(scheduler::heldBy), jobInfos));
        return this;
    }

    private ClusterStatus.JobInfo runningJobInfo(JobContext job) {
        Map<SubtaskState, Integer> counts = scheduler.countsOf(job.id());
        return new ClusterStatus.JobInfo(job.id(), job.spec.name(), JobState.RUNNING, job.spec.subtaskCount(),
                counts.get(SubtaskState.SUCCEEDED), counts.get(SubtaskState.FAILED),
                counts.get(SubtaskState.ASSIGNED) + counts.get(SubtaskState.RUNNING), job.submittedAtMillis);
    }

    private Behavior<CoordinatorMessage> onProgressTick() {
        for (JobContext job : jobs.values()) {
            if (job.takeProgressChanged() && job.client() != null) {
                Map<SubtaskState, Integer> counts = scheduler.countsOf(job.id());
                int onWorkers = counts.get(SubtaskState.ASSIGNED) + counts.get(SubtaskState.RUNNING);
                job.client().send(new GatewayMessage.JobProgressed(job.id(), onWorkers, job.partialProgress()));
            }
        }
        return this;
    }

    // ---- workers ----

    private Behavior<CoordinatorMessage> onRegisterWorker(CoordinatorMessage.RegisterWorker register) {
        Workers.Registration registration = workers.register(register);
        if (registration.isNew()) {
            getContext().watchWith(registration.worker().ref(), new WorkerTerminated(registration.worker().id()));
            if (!TaskgridVersion.get().equals(register.version())) {
                log.warn("Worker {} runs Taskgrid {}, this coordinator {}: run the same version everywhere",
                        registration.worker().id(), register.version(), TaskgridVersion.get());
            }
            log.info("Worker {} joined: host {}, pid {}, {} threads", registration.worker().id(), register.host(),
                    register.pid(), register.threads());
            apply(new SchedulerEvent.WorkerJoined(registration.worker().id(), register.threads()));
        }
        registration.worker().ref().tell(new WorkerMessage.WorkerRegistered(registration.worker().id(), coordinatorId));
        return this;
    }

    private Behavior<CoordinatorMessage> onWorkerTerminated(WorkerTerminated terminated) {
        if (workers.remove(terminated.workerId()) != null) {
            log.info("Worker {} left; {} subtasks it held go back to pending", terminated.workerId(),
                    scheduler.heldBy(terminated.workerId()));
            apply(new SchedulerEvent.WorkerLeft(terminated.workerId(), "worker stopped or left the cluster"));
        }
        return this;
    }

    private Behavior<CoordinatorMessage> onRequestSubtasks(CoordinatorMessage.RequestSubtasks request) {
        apply(new SchedulerEvent.CreditsGranted(request.workerId(), request.credits()));
        return this;
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
            if (report.succeeded().length > 0) {
                job.subtasksEnded(report.succeeded());
                apply(new SchedulerEvent.SubtasksSucceeded(workerId, report.jobId(), report.succeeded(),
                        report.succeededAttempts(), report.values(), report.succeededNanos()));
            }
            if (!report.failed().isEmpty()) {
                applyFailures(workerId, report);
            }
        }
        return this;
    }

    private void applyFailures(String workerId, JobReport report) {
        int n = report.failed().size();
        int[] indices = new int[n];
        int[] attempts = new int[n];
        RemoteFailure[] failures = new RemoteFailure[n];
        for (int i = 0; i < n; i++) {
            CoordinatorMessage.FailedAttempt failed = report.failed().get(i);
            indices[i] = failed.index();
            attempts[i] = failed.attempt();
            failures[i] = failed.failure();
            log.debug("Subtask {} of job {} failed on worker {} (attempt {}): {}: {}", failed.index(),
                    report.jobId(), workerId, failed.attempt(), failed.failure().className(), failed.failure().message());
        }
        JobContext job = jobs.get(report.jobId());
        if (job == null) {
            return; // the successes earlier in this report ended the job
        }
        job.subtasksEnded(indices);
        apply(new SchedulerEvent.SubtasksFailed(workerId, report.jobId(), indices, attempts, failures, report.failedNanos()));
    }

    // ---- carrying out instructions ----

    private void apply(SchedulerEvent event) {
        for (Instruction instruction : scheduler.handle(event)) {
            carryOut(instruction);
        }
    }

    private void carryOut(Instruction instruction) {
        if (instruction instanceof Instruction.Assign assign) {
            sendToWorker(assign);
        } else if (instruction instanceof Instruction.DeliverResults results) {
            deliverResults(results);
        } else if (instruction instanceof Instruction.DeliverFailures failures) {
            sendToClient(failures.jobId(), new GatewayMessage.SubtaskFailures(failures.jobId(), failures.failures()));
        } else if (instruction instanceof Instruction.ReleaseJob release) {
            workers.release(release.workerId(), release.jobId(), release.reason());
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

    private void deliverResults(Instruction.DeliverResults results) {
        JobContext job = jobs.get(results.jobId());
        if (job.client() != null && job.client().isOpen()) {
            job.client().send(new GatewayMessage.SubtaskResults(results.jobId(), results.workerId(),
                    results.indices(), results.values()));
        } else {
            store.saveUncollectedResults(results.jobId(), results.workerId(), results.indices(), results.values());
        }
    }

    private void sendToClient(String jobId, GatewayMessage message) {
        JobContext job = jobs.get(jobId);
        if (job != null && job.client() != null) {
            job.client().send(message);
        }
    }

    private void finishJob(Instruction.FinishJob finish) {
        sendToClient(finish.jobId(), new GatewayMessage.JobFinished(finish.jobId(), finish.state(),
                finish.succeeded(), finish.failed(), finish.reason()));
        JobContext job = jobs.remove(finish.jobId());
        double seconds = (System.nanoTime() - job.startNanos) / 1e9;
        ClusterStatus.JobInfo ended = new ClusterStatus.JobInfo(job.id(), job.spec.name(), finish.state(),
                job.spec.subtaskCount(), finish.succeeded(), finish.failed(), 0, job.submittedAtMillis);
        store.saveJobEnd(ended);
        recentlyEnded.addFirst(ended);
        if (recentlyEnded.size() > ENDED_JOBS_SHOWN) {
            recentlyEnded.removeLast();
        }
        log.info("Job {} ({}) {}: {} of {} subtasks succeeded, {} failed, in {} s", job.id(), job.spec.name(),
                finish.state().name().toLowerCase(), finish.succeeded(), job.spec.subtaskCount(), finish.failed(),
                String.format("%.2f", seconds));
    }
}
