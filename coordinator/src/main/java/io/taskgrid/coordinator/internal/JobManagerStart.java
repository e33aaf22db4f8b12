package io.taskgrid.coordinator.internal;

import io.taskgrid.cluster.CoordinatorMessage;
import io.taskgrid.coordinator.internal.JobManagerSignals.NodeDowned;
import io.taskgrid.coordinator.internal.JobManagerSignals.Tick;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * How a {@link JobManager} starts: it reads what the store inherited (unfinished jobs to resume,
 * lately ended ones) on the {@link StoreReads} thread, holding back every message meanwhile, then
 * becomes the job manager and takes the held messages in order.
 */
public final class JobManagerStart {

    private static final Logger log = LoggerFactory.getLogger(JobManager.class);
    private static final Duration TICK_INTERVAL = Duration.ofMillis(500);
    /** Messages held while the store is read: every client and worker message of the first moments. */
    private static final int HELD_AT_START = 1_000_000;

    /**
     * What a job manager works with.
     *
     * @param artifactServerRef where workers fetch shipped code: the artifact server on this coordinator
     */
    record Parts(String coordinatorId, StateStore store, StoreReads reads, String token, Clock clock,
                 ActiveJobManager active, String artifactServerRef, CoordinatorMetrics metrics) {
    }

    private record Inherited(StoreReads.Inheritance inheritance, Throwable failure) implements CoordinatorMessage {
    }

    private JobManagerStart() {
    }

    /**
     * The job manager's behavior. A handler that throws is a bug; the job manager logs it and goes
     * on with its state (resume) rather than stopping, which would stop every job and worker.
     */
    public static Behavior<CoordinatorMessage> create(String coordinatorId, StateStore store, String token, Clock clock,
                                                      ActiveJobManager active, String artifactServerRef,
                                                      CoordinatorMetrics metrics) {
        Behavior<CoordinatorMessage> manager = Behaviors.setup(context -> Behaviors.withTimers(timers ->
                Behaviors.withStash(HELD_AT_START, held -> {
                    Parts parts = new Parts(coordinatorId, store, new StoreReads(store), token, clock, active,
                            artifactServerRef, metrics);
                    timers.startTimerWithFixedDelay(Tick.PROGRESS, TICK_INTERVAL);
                    Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(context.messageAdapter(
                            ClusterEvent.MemberDowned.class, downed -> new NodeDowned(downed.member().address())),
                            ClusterEvent.MemberDowned.class));
                    context.pipeToSelf(parts.reads().inheritance(), Inherited::new);
                    active.started(context.getSelf());
                    log.info("Coordinator {} is the active one: the job manager runs here", coordinatorId);
                    return Behaviors.receive(CoordinatorMessage.class)
                            .onMessage(Inherited.class, inherited -> {
                                StoreReads.Inheritance inheritance = inherited.inheritance();
                                if (inherited.failure() != null) {
                                    log.error("Could not read the jobs the store holds; none is resumed",
                                            inherited.failure());
                                    inheritance = new StoreReads.Inheritance(List.of(), List.of());
                                }
                                return held.unstashAll(new JobManager(context, timers, parts, inheritance));
                            })
                            .onSignal(PostStop.class, stopped -> {
                                parts.reads().close();
                                active.stopped(context.getSelf());
                                return Behaviors.same();
                            })
                            .onAnyMessage(message -> {
                                held.stash(message);
                                return Behaviors.same();
                            })
                            .build();
                })));
        return Behaviors.supervise(manager).onFailure(Exception.class, SupervisorStrategy.resume());
    }
}
