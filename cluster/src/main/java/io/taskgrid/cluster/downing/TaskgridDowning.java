package io.taskgrid.cluster.downing;

import com.typesafe.config.Config;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.DowningProvider;
import scala.Option;
import scala.concurrent.duration.FiniteDuration;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Taskgrid's downing provider ({@code pekko.cluster.downing-provider-class}): coordinators decide
 * who leaves the cluster, workers never decide about others, by the rules of {@link DowningRules},
 * carried out by one {@link DowningActor} per node. Pekko's failure detector still says who is
 * unreachable; this decides what follows.
 *
 * <p>Settings, under {@code taskgrid.downing}: {@code stable-after}, how long a member stays
 * unreachable before it is downed, and {@code rejoin-after}, how long a worker that reaches no
 * coordinator waits before it leaves to join again.
 */
public final class TaskgridDowning extends DowningProvider {

    private final Duration stableAfter;
    private final Duration rejoinAfter;
    private volatile String stepDownReason;

    /** Created by Pekko, once per actor system. */
    public TaskgridDowning(ActorSystem system) {
        Config config = system.settings().config().getConfig("taskgrid.downing");
        this.stableAfter = config.getDuration("stable-after");
        this.rejoinAfter = config.getDuration("rejoin-after");
    }

    /** The downing provider of {@code system}'s cluster, which must be this class. */
    public static TaskgridDowning of(ActorSystem system) {
        DowningProvider provider = Cluster.get(system).downingProvider();
        if (provider instanceof TaskgridDowning downing) {
            return downing;
        }
        throw new IllegalStateException("the cluster's downing provider is " + provider.getClass().getName()
                + ", not " + TaskgridDowning.class.getName() + ": pekko.cluster.downing-provider-class was overridden");
    }

    /**
     * Why this node removed itself from the cluster (stepped down, or left to join again), or
     * {@code null} if it did not.
     */
    public String stepDownReason() {
        return stepDownReason;
    }

    void steppedDown(String reason) {
        stepDownReason = reason;
    }

    /**
     * How long a singleton of a removed member waits before it starts elsewhere: as long as the
     * other side of a split takes to decide, as with Pekko's split-brain resolver.
     */
    @Override
    public FiniteDuration downRemovalMargin() {
        return FiniteDuration.create(stableAfter.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Option<Props> downingActorProps() {
        return Option.apply(DowningActor.props(this, stableAfter, rejoinAfter));
    }
}
