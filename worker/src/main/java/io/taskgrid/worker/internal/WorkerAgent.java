package io.taskgrid.worker.internal;

import io.taskgrid.cluster.ClusterConfig;
import io.taskgrid.cluster.CoordinatorMessage;
import io.taskgrid.cluster.SlotKind;
import io.taskgrid.cluster.CoordinatorMessage.FailedAttempt;
import io.taskgrid.cluster.WorkerMessage;
import io.taskgrid.internal.TaskgridVersion;
import io.taskgrid.internal.protocol.Limits;
import io.taskgrid.internal.protocol.RemoteFailure;
import io.taskgrid.worker.WorkerNode;
import io.taskgrid.worker.WorkerSettings;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.Subscribe;

import java.time.Duration;
import java.util.List;

/**
 * The worker's actor: joins the cluster, registers with the coordinator, then keeps its thread
 * pool fed by asking for subtasks with credits, and reports outcomes in batches.
 *
 * <p>Phases, each its own behavior: {@link #joining()} until this node is up in the cluster,
 * {@link #registering()} until the coordinator acknowledges, {@link #working()} after.
 *
 * <p>Credit accounting (agent thread only) is {@link CreditPolicy}'s, per kind of slot: the agent
 * tells it what arrives and what is reported, and asks it how many credits to grant.
 */
public final class WorkerAgent {

    /** The agent's own signals. */
    enum Signal implements WorkerMessage {
        /** This node is up in the cluster. */
        CLUSTER_JOINED,
        /** Time to repeat the registration. */
        REGISTER_AGAIN,
        /** Pool threads left outcomes in the buffer. */
        OUTCOMES_READY,
        /** Time to report which subtasks run and how far they are. */
        REPORT_RUNNING,
        /** Time to report what the lanes ran (the task stream) and the attempts' durations. */
        REPORT_ACTIVITY,
        /** The coordinator's job manager stopped, or its node left the cluster. */
        COORDINATOR_GONE,
        /** Another member became weakly up: nothing to do. */
        OTHER_MEMBER
    }

    private static final Duration REGISTER_INTERVAL = Duration.ofSeconds(1);
    private static final Duration RUNNING_REPORT_INTERVAL = Duration.ofMillis(500);
    private static final Duration ACTIVITY_REPORT_INTERVAL = Duration.ofSeconds(1);

    private final ActorContext<WorkerMessage> context;
    private final TimerScheduler<WorkerMessage> timers;
    private final WorkerSettings settings;
    private final AgentListener listener;
    /** The job manager singleton's proxy: registrations go there, wherever the singleton runs. */
    private final ActorRef<CoordinatorMessage> jobManagerProxy;
    /** A new one per registration: the coordinator's record of credits starts afresh. */
    private CreditPolicy credits;
    /** The job manager this worker registered with; reports and credit requests go straight to it. */
    private ActorRef<CoordinatorMessage> coordinator;
    /** A new one per registration, so that outcomes of a previous coordinator's subtasks are never counted. */
    private OutcomeBuffer outcomes;

    private String workerId;
    private SubtaskRunner runner;
    private ArtifactDownloads downloads;
    private ActivityRecorder activity;
    private boolean draining;

    private WorkerAgent(ActorContext<WorkerMessage> context, TimerScheduler<WorkerMessage> timers,
                        WorkerSettings settings, AgentListener listener) {
        this.context = context;
        this.timers = timers;
        this.settings = settings;
        this.listener = listener;
        this.jobManagerProxy = ClusterSingleton.get(context.getSystem())
                .init(ClusterConfig.jobManagerSingleton(Behaviors.empty(), context.getSystem()));
    }

    /** The agent's behavior, which tells {@code listener} how it goes. */
    public static Behavior<WorkerMessage> create(WorkerSettings settings, AgentListener listener) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new WorkerAgent(context, timers, settings, listener).joining()));
    }

    /**
     * Until this node is up, or weakly up: while another node is unreachable and not yet removed
     * (a worker fleet that churns), the cluster cannot make new members up, but a weakly up one can
     * already register and work.
     */
    private Behavior<WorkerMessage> joining() {
        Cluster cluster = Cluster.get(context.getSystem());
        ActorRef<SelfUp> up = context.messageAdapter(SelfUp.class, event -> Signal.CLUSTER_JOINED);
        ActorRef<ClusterEvent.MemberWeaklyUp> weaklyUp = context.messageAdapter(ClusterEvent.MemberWeaklyUp.class,
                event -> event.member().equals(cluster.selfMember()) ? Signal.CLUSTER_JOINED : Signal.OTHER_MEMBER);
        cluster.subscriptions().tell(Subscribe.create(up, SelfUp.class));
        cluster.subscriptions().tell(Subscribe.create(weaklyUp, ClusterEvent.MemberWeaklyUp.class));
        return Behaviors.receive(WorkerMessage.class)
                .onMessageEquals(Signal.CLUSTER_JOINED, this::onClusterJoined)
                .onMessageEquals(Signal.OTHER_MEMBER, Behaviors::same)
                .build();
    }

    private Behavior<WorkerMessage> onClusterJoined() {
        register();
        timers.startTimerWithFixedDelay(Signal.REGISTER_AGAIN, REGISTER_INTERVAL);
        return registering();
    }

    private Behavior<WorkerMessage> registering() {
        return Behaviors.receive(WorkerMessage.class)
                .onMessageEquals(Signal.REGISTER_AGAIN, () -> {
                    noteCoordinatorsInSight();
                    register();
                    return Behaviors.same();
                })
                .onMessageEquals(Signal.CLUSTER_JOINED, Behaviors::same) // up after weakly up
                .onMessageEquals(Signal.OTHER_MEMBER, Behaviors::same)
                .onMessage(WorkerMessage.WorkerRegistered.class, this::onWorkerRegistered)
                .onMessage(WorkerMessage.RegistrationRefused.class, this::onRegistrationRefused)
                .onMessage(WorkerMessage.class, leftOver -> Behaviors.same()) // from a coordinator that is gone
                .onSignal(PostStop.class, stopped -> {
                    if (runner != null) {
                        runner.close();
                    }
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<WorkerMessage> onRegistrationRefused(WorkerMessage.RegistrationRefused refused) {
        context.getLog().error("{}", refused.reason());
        listener.stopsForGood(WorkerNode.Ending.REFUSED, refused.reason());
        return Behaviors.stopped();
    }

    /** Tells the listener where the coordinators are while one is reachable: where to join again. */
    private void noteCoordinatorsInSight() {
        List<String> inSight = CoordinatorsInSight.reachable(context.getSystem());
        if (!inSight.isEmpty()) {
            listener.coordinatorsInSight(inSight);
        }
    }

    private void register() {
        String self = ActorRefResolver.get(context.getSystem()).toSerializationFormat(context.getSelf());
        jobManagerProxy.tell(new CoordinatorMessage.RegisterWorker(self, settings.host(),
                ProcessHandle.current().pid(), settings.threads(), settings.asyncSlots(), TaskgridVersion.get(),
                settings.token()));
    }

    private Behavior<WorkerMessage> onWorkerRegistered(WorkerMessage.WorkerRegistered message) {
        timers.cancel(Signal.REGISTER_AGAIN);
        workerId = message.workerId();
        ActorRefResolver resolver = ActorRefResolver.get(context.getSystem());
        coordinator = resolver.resolveActorRef(message.jobManagerRef());
        ActorRef<WorkerMessage> self = context.getSelf();
        outcomes = new OutcomeBuffer(() -> self.tell(Signal.OUTCOMES_READY));
        runner = new SubtaskRunner(workerId, settings.threads(), outcomes);
        downloads = new ArtifactDownloads(settings.cacheDir(), resolver.resolveActorRef(message.artifactServerRef()),
                resolver.toSerializationFormat(self));
        credits = new CreditPolicy(settings.threads(), settings.asyncSlots());
        activity = new ActivityRecorder();
        draining = false;
        context.getLog().info("Registered with coordinator {} as {} ({} threads, {} async slots)",
                message.coordinatorId(), workerId, settings.threads(), settings.asyncSlots());
        timers.startTimerWithFixedDelay(Signal.REPORT_RUNNING, RUNNING_REPORT_INTERVAL);
        timers.startTimerWithFixedDelay(Signal.REPORT_ACTIVITY, ACTIVITY_REPORT_INTERVAL);
        context.watchWith(coordinator, Signal.COORDINATOR_GONE);
        listener.registered(workerId);
        requestCredits();
        return working();
    }

    private Behavior<WorkerMessage> working() {
        return Behaviors.receive(WorkerMessage.class)
                .onMessage(WorkerMessage.RunSubtasks.class, this::onRunSubtasks)
                .onMessage(WorkerMessage.ReleaseJobs.class, this::onReleaseJobs)
                .onMessage(WorkerMessage.ArtifactChunk.class, chunk -> {
                    downloads.onChunk(chunk);
                    return Behaviors.same();
                })
                .onMessageEquals(Signal.OUTCOMES_READY, this::onOutcomesReady)
                .onMessageEquals(Signal.REPORT_RUNNING, this::onReportRunning)
                .onMessageEquals(Signal.REPORT_ACTIVITY, () -> {
                    coordinator.tell(activity.drain(workerId));
                    return Behaviors.same();
                })
                .onMessage(WorkerMessage.Drain.class, this::onDrain)
                .onMessage(WorkerMessage.WorkerRegistered.class, repeated -> Behaviors.same())
                .onMessage(WorkerMessage.RegistrationRefused.class, late -> Behaviors.same())
                .onMessageEquals(Signal.REGISTER_AGAIN, Behaviors::same)
                .onMessageEquals(Signal.CLUSTER_JOINED, Behaviors::same)
                .onMessageEquals(Signal.OTHER_MEMBER, Behaviors::same)
                .onMessageEquals(Signal.COORDINATOR_GONE, this::onCoordinatorGone)
                .onSignal(PostStop.class, stopped -> {
                    runner.close();
                    return Behaviors.same();
                })
                .build();
    }

    /**
     * The job manager this worker served is gone. Its subtasks here are dropped (the coordinator
     * that takes over runs again what has no recorded outcome). With a standby coordinator in the
     * cluster, the worker registers again; without one, this incarnation stops, and its
     * {@link io.taskgrid.worker.WorkerNode} joins again as a new worker when a coordinator is back.
     */
    private Behavior<WorkerMessage> onCoordinatorGone() {
        timers.cancel(Signal.REPORT_RUNNING);
        timers.cancel(Signal.REPORT_ACTIVITY);
        runner.close();
        downloads.abandonAll("the coordinator that sent the job is gone");
        if (!CoordinatorsInSight.anotherThan(context.getSystem(), coordinator.path().address())) {
            context.getLog().warn("The coordinator is gone and no standby is in the cluster; worker {} leaves the "
                    + "cluster, to join again when a coordinator is back", workerId);
            return Behaviors.stopped();
        }
        context.getLog().warn("The coordinator is gone; worker {} drops its subtasks and registers with the standby "
                + "that takes over", workerId);
        register();
        timers.startTimerWithFixedDelay(Signal.REGISTER_AGAIN, REGISTER_INTERVAL);
        return registering();
    }

    private Behavior<WorkerMessage> onRunSubtasks(WorkerMessage.RunSubtasks batch) {
        int count = batch.indices().length;
        JobRuntime job;
        try {
            job = runner.job(batch.jobId(), batch.code());
        } catch (IllegalStateException unknownJob) {
            credits.received(SlotKind.CPU, count); // its kind is unknown too: counted as CPU
            failAll(batch, unknownJob);
            return Behaviors.same();
        }
        credits.received(kindOf(job), count);
        if (job.startFetchingCode()) {
            downloads.fetch(job.code().artifacts(), (jars, failure) -> runner.codeArrived(job, jars, failure));
        }
        for (int i = 0; i < count; i++) {
            runner.submit(job, batch.indices()[i], batch.attempts()[i], batch.payloads() == null ? null : batch.payloads().item(i));
        }
        return Behaviors.same();
    }

    private void failAll(WorkerMessage.RunSubtasks batch, Exception why) {
        ReportBuilder report = new ReportBuilder();
        RemoteFailure failure = RemoteFailure.of(why);
        for (int i = 0; i < batch.indices().length; i++) {
            report.failed(batch.jobId(), new FailedAttempt(batch.indices()[i], batch.attempts()[i], failure, true), 0);
        }
        credits.released(SlotKind.CPU, batch.indices().length);
        reportAndRequestCredits(report);
    }

    private Behavior<WorkerMessage> onReleaseJobs(WorkerMessage.ReleaseJobs release) {
        for (String jobId : release.jobIds()) {
            if (runner.release(jobId)) {
                context.getLog().debug("Released job {}: {}", jobId, release.reason());
            }
        }
        return Behaviors.same();
    }

    private Behavior<WorkerMessage> onOutcomesReady() {
        List<Outcome> drained = outcomes.drain();
        ReportBuilder report = new ReportBuilder();
        for (Outcome outcome : drained) {
            credits.released(kindOf(outcome.job()), 1);
            if (!outcome.job().isAsync() && !outcome.dropped()) {
                credits.recordRun(outcome.runNanos());
            }
            if (outcome.dropped()) {
                continue;
            }
            activity.record(outcome);
            int size = outcome.failure() == null ? outcome.value().length : outcome.failure().size();
            if (!report.isEmpty() && report.bytes() + size > Limits.MAX_BATCH_BYTES) {
                send(report); // keep each message inside one Artery frame
                report = new ReportBuilder();
            }
            if (outcome.failure() == null) {
                report.succeeded(outcome.job().jobId(), outcome.index(), outcome.attempt(), outcome.value(),
                        outcome.runNanos());
            } else {
                report.failed(outcome.job().jobId(), new FailedAttempt(outcome.index(), outcome.attempt(),
                        outcome.failure(), outcome.retryable()), outcome.runNanos());
            }
        }
        reportAndRequestCredits(report);
        return leaveIfDrained();
    }

    /**
     * Takes nothing new from now on; leaves once what it holds has finished and been reported.
     * The coordinator stopped sending subtasks before it sent this.
     */
    private Behavior<WorkerMessage> onDrain(WorkerMessage.Drain drain) {
        draining = true;
        context.getLog().info("Worker {} drains (asked by {}): it finishes the {} subtasks it holds, takes nothing "
                + "new, and leaves", workerId, drain.requestedBy(), credits.heldInAll());
        return leaveIfDrained();
    }

    private Behavior<WorkerMessage> leaveIfDrained() {
        if (!draining || credits.heldInAll() > 0) {
            return Behaviors.same();
        }
        coordinator.tell(activity.drain(workerId));
        context.getLog().info("Worker {} is drained and leaves the cluster", workerId);
        listener.stopsForGood(WorkerNode.Ending.DRAINED, "drained");
        return Behaviors.stopped();
    }

    private Behavior<WorkerMessage> onReportRunning() {
        noteCoordinatorsInSight();
        downloads.failStalled(System.nanoTime());
        ReportBuilder report = new ReportBuilder();
        for (Attempt execution : runner.running()) {
            if (!execution.startReported) {
                execution.startReported = true;
                report.started(execution.jobId(), execution.index(), execution.attempt());
            }
            double progress = execution.progress();
            if (progress != execution.reportedProgress) {
                execution.reportedProgress = progress;
                report.progressed(execution.jobId(), execution.index(), progress);
            }
        }
        send(report);
        return Behaviors.same();
    }

    private static SlotKind kindOf(JobRuntime job) {
        return SlotKind.of(job.isAsync());
    }

    private void send(ReportBuilder report) {
        if (!report.isEmpty()) {
            coordinator.tell(new CoordinatorMessage.SubtasksReported(workerId, report.build(), 0, 0));
        }
    }

    private void requestCredits() {
        reportAndRequestCredits(new ReportBuilder());
    }

    /**
     * Sends {@code report} together with the credits the worker can take now, in one message (the
     * usual case: results out, credits for more work in); credits alone when there is nothing to
     * report.
     */
    private void reportAndRequestCredits(ReportBuilder report) {
        int request = draining ? 0 : credits.request(SlotKind.CPU);
        int asyncRequest = draining ? 0 : credits.request(SlotKind.ASYNC);
        if (!report.isEmpty()) {
            coordinator.tell(new CoordinatorMessage.SubtasksReported(workerId, report.build(), request, asyncRequest));
        } else if (request > 0 || asyncRequest > 0) {
            coordinator.tell(new CoordinatorMessage.RequestSubtasks(workerId, request, asyncRequest));
        }
    }
}
