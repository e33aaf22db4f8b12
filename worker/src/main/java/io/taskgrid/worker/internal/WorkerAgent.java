package io.taskgrid.worker.internal;

import io.taskgrid.cluster.ClusterConfig;
import io.taskgrid.cluster.CoordinatorMessage;
import io.taskgrid.cluster.CoordinatorMessage.FailedAttempt;
import io.taskgrid.cluster.WorkerMessage;
import io.taskgrid.internal.TaskgridVersion;
import io.taskgrid.internal.protocol.Limits;
import io.taskgrid.internal.protocol.RemoteFailure;
import io.taskgrid.worker.WorkerSettings;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The worker's actor: joins the cluster, registers with the coordinator, then keeps its thread
 * pool fed by asking for subtasks with credits, and reports outcomes in batches.
 *
 * <p>Phases, each its own behavior: {@link #joining()} until this node is up in the cluster,
 * {@link #registering()} until the coordinator acknowledges, {@link #working()} after.
 *
 * <p>Credit accounting (agent thread only): {@code held} counts subtasks received and not yet
 * reported (queued or running here); {@code outstanding} counts credits granted to the
 * coordinator and not yet spent. The agent asks for more when their sum falls below
 * {@link CreditPolicy#target()}.
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
        /** The coordinator's job manager stopped, or its node left the cluster. */
        COORDINATOR_GONE
    }

    private static final Duration REGISTER_INTERVAL = Duration.ofSeconds(1);
    private static final Duration RUNNING_REPORT_INTERVAL = Duration.ofMillis(500);

    private final ActorContext<WorkerMessage> context;
    private final TimerScheduler<WorkerMessage> timers;
    private final WorkerSettings settings;
    private final CompletableFuture<String> registered;
    private final ActorRef<CoordinatorMessage> coordinator;
    private final OutcomeBuffer outcomes;
    private final CreditPolicy credits;

    private String workerId;
    private SubtaskRunner runner;
    private int held;
    private int outstanding;

    private WorkerAgent(ActorContext<WorkerMessage> context, TimerScheduler<WorkerMessage> timers,
                        WorkerSettings settings, CompletableFuture<String> registered) {
        this.context = context;
        this.timers = timers;
        this.settings = settings;
        this.registered = registered;
        this.coordinator = ActorRefResolver.get(context.getSystem())
                .resolveActorRef(ClusterConfig.jobManagerPath(settings.coordinator()));
        ActorRef<WorkerMessage> self = context.getSelf();
        this.outcomes = new OutcomeBuffer(() -> self.tell(Signal.OUTCOMES_READY));
        this.credits = new CreditPolicy(settings.threads());
    }

    /** The agent's behavior; {@code registered} completes with the worker id once registered. */
    public static Behavior<WorkerMessage> create(WorkerSettings settings, CompletableFuture<String> registered) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new WorkerAgent(context, timers, settings, registered).joining()));
    }

    private Behavior<WorkerMessage> joining() {
        ActorRef<SelfUp> up = context.messageAdapter(SelfUp.class, event -> Signal.CLUSTER_JOINED);
        Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(up, SelfUp.class));
        return Behaviors.receive(WorkerMessage.class)
                .onMessageEquals(Signal.CLUSTER_JOINED, this::onClusterJoined)
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
                    register();
                    return Behaviors.same();
                })
                .onMessage(WorkerMessage.WorkerRegistered.class, this::onWorkerRegistered)
                .build();
    }

    private void register() {
        String self = ActorRefResolver.get(context.getSystem()).toSerializationFormat(context.getSelf());
        coordinator.tell(new CoordinatorMessage.RegisterWorker(self, settings.host(),
                ProcessHandle.current().pid(), settings.threads(), TaskgridVersion.get()));
    }

    private Behavior<WorkerMessage> onWorkerRegistered(WorkerMessage.WorkerRegistered message) {
        timers.cancel(Signal.REGISTER_AGAIN);
        workerId = message.workerId();
        runner = new SubtaskRunner(workerId, settings.threads(), outcomes);
        context.getLog().info("Registered with coordinator {} as {} ({} threads)",
                message.coordinatorId(), workerId, settings.threads());
        timers.startTimerWithFixedDelay(Signal.REPORT_RUNNING, RUNNING_REPORT_INTERVAL);
        context.watchWith(coordinator, Signal.COORDINATOR_GONE);
        registered.complete(workerId);
        requestCredits();
        return working();
    }

    private Behavior<WorkerMessage> working() {
        return Behaviors.receive(WorkerMessage.class)
                .onMessage(WorkerMessage.RunSubtasks.class, this::onRunSubtasks)
                .onMessage(WorkerMessage.ReleaseJob.class, this::onReleaseJob)
                .onMessageEquals(Signal.OUTCOMES_READY, this::onOutcomesReady)
                .onMessageEquals(Signal.REPORT_RUNNING, this::onReportRunning)
                .onMessage(WorkerMessage.WorkerRegistered.class, repeated -> Behaviors.same())
                .onMessageEquals(Signal.REGISTER_AGAIN, Behaviors::same)
                .onMessageEquals(Signal.COORDINATOR_GONE, this::onCoordinatorGone)
                .onSignal(PostStop.class, stopped -> {
                    runner.close();
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<WorkerMessage> onCoordinatorGone() {
        context.getLog().warn("The coordinator at {} is gone; worker {} stops", settings.coordinator(), workerId);
        return Behaviors.stopped();
    }

    private Behavior<WorkerMessage> onRunSubtasks(WorkerMessage.RunSubtasks batch) {
        int count = batch.indices().length;
        held += count;
        outstanding = Math.max(0, outstanding - count);
        JobRuntime job;
        try {
            job = runner.job(batch.jobId(), batch.code());
        } catch (IllegalStateException unknownJob) {
            failAll(batch, unknownJob);
            return Behaviors.same();
        }
        for (int i = 0; i < count; i++) {
            runner.submit(job, batch.indices()[i], batch.attempts()[i], batch.payloads() == null ? null : batch.payloads()[i]);
        }
        return Behaviors.same();
    }

    private void failAll(WorkerMessage.RunSubtasks batch, Exception why) {
        ReportBuilder report = new ReportBuilder();
        RemoteFailure failure = RemoteFailure.of(why);
        for (int i = 0; i < batch.indices().length; i++) {
            report.failed(batch.jobId(), new FailedAttempt(batch.indices()[i], batch.attempts()[i], failure), 0);
        }
        held -= batch.indices().length;
        send(report);
        requestCredits();
    }

    private Behavior<WorkerMessage> onReleaseJob(WorkerMessage.ReleaseJob release) {
        if (runner.release(release.jobId())) {
            context.getLog().debug("Released job {}: {}", release.jobId(), release.reason());
        }
        return Behaviors.same();
    }

    private Behavior<WorkerMessage> onOutcomesReady() {
        List<Outcome> drained = outcomes.drain();
        ReportBuilder report = new ReportBuilder();
        for (Outcome outcome : drained) {
            held--;
            if (outcome.dropped()) {
                continue;
            }
            credits.recordRun(outcome.runNanos());
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
                        outcome.failure()), outcome.runNanos());
            }
        }
        send(report);
        requestCredits();
        return Behaviors.same();
    }

    private Behavior<WorkerMessage> onReportRunning() {
        ReportBuilder report = new ReportBuilder();
        for (Execution execution : runner.running()) {
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

    private void send(ReportBuilder report) {
        if (!report.isEmpty()) {
            coordinator.tell(new CoordinatorMessage.SubtasksReported(workerId, report.build()));
        }
    }

    private void requestCredits() {
        int request = credits.creditsToRequest(held, outstanding);
        if (request > 0) {
            outstanding += request;
            coordinator.tell(new CoordinatorMessage.RequestSubtasks(workerId, request));
        }
    }
}
