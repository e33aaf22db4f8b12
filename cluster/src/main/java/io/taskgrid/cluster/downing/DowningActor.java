package io.taskgrid.cluster.downing;

import io.taskgrid.cluster.ClusterConfig;
import org.apache.pekko.actor.AbstractActorWithTimers;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.Reachability;
import org.apache.pekko.remote.artery.ThisActorSystemQuarantinedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out {@link DowningRules} on one node: it keeps the cluster's latest reachability table
 * (who observes whom unreachable), asks the rules four times a second, and downs what they say.
 * It also removes this node when another member quarantined it, as Pekko's split-brain resolver
 * does: a quarantined node can never talk to that member again, so it must leave (a worker then
 * joins again as a new one).
 */
final class DowningActor extends AbstractActorWithTimers {

    private static final Logger log = LoggerFactory.getLogger(TaskgridDowning.class);
    private static final Duration TICK = Duration.ofMillis(250);
    private static final Object DECIDE = "decide";

    private final TaskgridDowning provider;
    private final Cluster cluster = Cluster.get(getContext().getSystem());
    private final boolean coordinator = cluster.selfRoles().contains(ClusterConfig.COORDINATOR_ROLE);
    private final DowningRules rules;
    private Reachability reachability = Reachability.empty();

    private DowningActor(TaskgridDowning provider, Duration stableAfter, Duration rejoinAfter) {
        this.provider = provider;
        this.rules = new DowningRules(cluster.selfAddress().toString(), coordinator, stableAfter.toMillis(),
                rejoinAfter.toMillis());
    }

    static Props props(TaskgridDowning provider, Duration stableAfter, Duration rejoinAfter) {
        return Props.create(DowningActor.class, () -> new DowningActor(provider, stableAfter, rejoinAfter));
    }

    @Override
    public void preStart() {
        cluster.subscribe(getSelf(), ClusterEvent.initialStateAsEvents(), ClusterEvent.ReachabilityChanged.class);
        getContext().getSystem().getEventStream().subscribe(getSelf(), ThisActorSystemQuarantinedEvent.class);
        getTimers().startTimerWithFixedDelay(DECIDE, DECIDE, TICK);
    }

    @Override
    public void postStop() {
        cluster.unsubscribe(getSelf());
        getContext().getSystem().getEventStream().unsubscribe(getSelf());
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .match(ClusterEvent.ReachabilityChanged.class, changed -> reachability = changed.reachability())
                .match(ThisActorSystemQuarantinedEvent.class, this::onQuarantined)
                .matchEquals(DECIDE, tick -> decide())
                .build();
    }

    private void decide() {
        if (cluster.isTerminated()) {
            return;
        }
        for (DowningRules.Down down : rules.decide(System.currentTimeMillis(), members(), observations())) {
            down(down.address(), down.reason());
        }
    }

    private void down(String address, String reason) {
        Address self = cluster.selfAddress();
        if (address.equals(self.toString())) {
            log.warn("{} leaves the cluster: {}", self, reason);
            provider.steppedDown(reason);
            cluster.down(self);
            return;
        }
        for (Member member : cluster.state().getMembers()) {
            if (member.address().toString().equals(address)) {
                log.info("Downing {}: {}", address, reason);
                cluster.down(member.address());
            }
        }
    }

    /** Every member that is neither down nor leaving for good, the oldest up member first. */
    private List<DowningRules.Member> members() {
        List<Member> alive = new ArrayList<>();
        for (Member member : cluster.state().getMembers()) {
            MemberStatus status = member.status();
            if (status != MemberStatus.down() && status != MemberStatus.exiting() && status != MemberStatus.removed()) {
                alive.add(member);
            }
        }
        alive.sort(Member.ageOrdering());
        List<DowningRules.Member> members = new ArrayList<>(alive.size());
        for (Member member : alive) {
            MemberStatus status = member.status();
            boolean senior = status != MemberStatus.joining() && status != MemberStatus.weaklyUp();
            members.add(new DowningRules.Member(member.address().toString(), member.address().getHost().orElse(""),
                    member.hasRole(ClusterConfig.COORDINATOR_ROLE), senior));
        }
        return members;
    }

    private List<DowningRules.Observation> observations() {
        List<DowningRules.Observation> observations = new ArrayList<>();
        for (Reachability.Record record : CollectionConverters.asJava(reachability.records())) {
            if (record.status() != Reachability.Reachable$.MODULE$) {
                observations.add(new DowningRules.Observation(record.observer().address().toString(),
                        record.subject().address().toString()));
            }
        }
        return observations;
    }

    /**
     * Another member quarantined this node: it removed this node from its view, and Artery will
     * not let the two talk again. A worker leaves (and joins again as a new one); a coordinator
     * leaves only when a coordinator quarantined it, since no worker may decide a coordinator's fate.
     */
    private void onQuarantined(ThisActorSystemQuarantinedEvent event) {
        Address remote = event.remoteAddress().address();
        for (Member member : cluster.state().getMembers()) {
            if (member.address().equals(remote) && (!coordinator || member.hasRole(ClusterConfig.COORDINATOR_ROLE))) {
                down(cluster.selfAddress().toString(), "the member " + remote + " quarantined this node (it had "
                        + "removed this node from the cluster)");
                return;
            }
        }
        log.debug("Quarantined by {}, which is not a member that decides this node's fate; ignored", remote);
    }
}
