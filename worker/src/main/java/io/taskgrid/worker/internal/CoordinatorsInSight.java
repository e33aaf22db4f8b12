package io.taskgrid.worker.internal;

import io.taskgrid.cluster.ClusterConfig;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

import java.util.ArrayList;
import java.util.List;

/** The coordinators a worker's node sees in its cluster now: where it can register, or join again. */
final class CoordinatorsInSight {

    private CoordinatorsInSight() {
    }

    /** The cluster addresses (host:port) of the coordinators that are up and that no member observes unreachable. */
    static List<String> reachable(ActorSystem<?> system) {
        CurrentClusterState state = Cluster.get(system).state();
        List<String> addresses = new ArrayList<>();
        for (Member member : state.getMembers()) {
            if (isUpCoordinator(member) && !state.getUnreachable().contains(member)) {
                addresses.add(member.address().getHost().orElseThrow() + ":" + member.address().getPort().orElseThrow());
            }
        }
        return addresses;
    }

    /** Whether a coordinator other than the one at {@code gone} is up: a standby that takes over. */
    static boolean anotherThan(ActorSystem<?> system, Address gone) {
        for (Member member : Cluster.get(system).state().getMembers()) {
            if (isUpCoordinator(member) && !gone.equals(member.address())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUpCoordinator(Member member) {
        return member.hasRole(ClusterConfig.COORDINATOR_ROLE) && member.status() == MemberStatus.up();
    }
}
