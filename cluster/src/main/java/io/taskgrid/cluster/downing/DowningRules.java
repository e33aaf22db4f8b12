package io.taskgrid.cluster.downing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is removed from the cluster, and when: the decisions of Taskgrid's downing provider, as a
 * pure function of the membership one node sees and the time. No Pekko, no clock, no threads.
 *
 * <p>The coordinator is the authority over workers, and workers are disposable:
 * <ul>
 *   <li><b>Workers never decide about others.</b> No number of workers lost, at once or one after
 *       another, can remove a coordinator, and what a worker observes of a coordinator counts for
 *       nothing. A worker that observes every coordinator unreachable for {@code rejoinAfter}
 *       removes itself, so that it can join again as a new worker.</li>
 *   <li><b>The active coordinator removes what it cannot reach.</b> The active coordinator is the
 *       oldest coordinator that is up. When no coordinator observes it unreachable, it alone
 *       decides: each member that a coordinator observes unreachable for {@code stableAfter} is
 *       downed, on its own timer, so a fleet that churns never delays the removal of the next dead
 *       worker. A worker that only other workers observe unreachable (an indirect connection) is
 *       downed after three times as long, so that it cannot hold up the cluster's membership.</li>
 *   <li><b>Between coordinators, the oldest side wins</b> (Pekko's keep-oldest with
 *       down-if-alone). The active one steps down only when it is alone: a standby exists, and
 *       every member it could lean on is unreachable. A standby takes over (downs the active one)
 *       only when the active one is alone on its side; when other members vanished with it, a
 *       crash cannot be told from a network split, and the standby steps down instead, so that two
 *       coordinators never run the job manager at once. Without a standby the active coordinator
 *       never steps down.</li>
 *   <li><b>A machine fails as a whole.</b> When no other coordinator shares the active one's host,
 *       members on that host do not count as its company: a host that crashed or was cut off
 *       with a worker on it is still "alone", on both sides of the split alike.</li>
 * </ul>
 * Both sides of a split apply the same rules to the same picture, so they agree on which side
 * keeps the cluster; {@code stableAfter} gives the picture time to settle first.
 *
 * <p>Not thread-safe: one downing actor per node calls it.
 */
public final class DowningRules {

    /**
     * One member, neither down nor exiting, as this node sees it.
     *
     * @param address     its cluster address, as Pekko writes it
     * @param host        the host part of the address
     * @param coordinator whether it has the coordinator role
     * @param senior      whether it is up (or leaving): only such a coordinator may be the active one
     */
    public record Member(String address, String host, boolean coordinator, boolean senior) {
    }

    /** The member at {@code observer} observes the one at {@code subject} unreachable (or terminated). */
    public record Observation(String observer, String subject) {
    }

    /** Remove {@code address} from the cluster, for {@code reason} (a sentence for the log). */
    public record Down(String address, String reason) {
    }

    /** How many times {@code stableAfter} a worker that only workers observe unreachable is given. */
    static final int INDIRECT_PATIENCE = 3;

    private final String self;
    private final boolean selfIsCoordinator;
    private final long stableAfterMillis;
    private final long rejoinAfterMillis;
    /** When each member was first seen unreachable by a coordinator, for as long as it stays so. */
    private final Map<String, Long> lostToCoordinatorSince = new HashMap<>();
    /** The same, as seen by workers only. */
    private final Map<String, Long> lostToWorkerSince = new HashMap<>();
    /** Since when this worker has observed no coordinator reachable, or -1 while it does. */
    private long coordinatorsLostSince = -1;
    /** Members already downed, so that each is downed (and logged) once. */
    private final Set<String> downed = new HashSet<>();

    /**
     * Rules for the node at {@code self}.
     *
     * @param stableAfterMillis how long a member must stay unreachable before a decision about it
     * @param rejoinAfterMillis how long a worker waits, seeing no coordinator, before it leaves to join again
     */
    public DowningRules(String self, boolean selfIsCoordinator, long stableAfterMillis, long rejoinAfterMillis) {
        if (stableAfterMillis <= 0 || rejoinAfterMillis <= 0) {
            throw new IllegalArgumentException("stableAfterMillis and rejoinAfterMillis must be positive, not "
                    + stableAfterMillis + " and " + rejoinAfterMillis);
        }
        this.self = self;
        this.selfIsCoordinator = selfIsCoordinator;
        this.stableAfterMillis = stableAfterMillis;
        this.rejoinAfterMillis = rejoinAfterMillis;
    }

    /**
     * The members to down now.
     *
     * @param members      every member that is neither down nor exiting, this node included, in
     *                     Pekko's age order (the oldest up member first)
     * @param observations which member observes which unreachable, from the cluster's gossip
     */
    public List<Down> decide(long nowMillis, List<Member> members, Collection<Observation> observations) {
        List<Seen> seen = picture(members, observations);
        track(nowMillis, seen);
        List<Down> decisions = selfIsCoordinator ? asACoordinator(nowMillis, seen) : asAWorker(nowMillis, seen);
        decisions.forEach(down -> downed.add(down.address()));
        return decisions;
    }

    /** A member and who on this node's side of any split observes it unreachable. */
    private record Seen(Member member, boolean lostToCoordinator, boolean lostToWorker, boolean lostToSelf) {
        String address() {
            return member.address();
        }

        boolean coordinator() {
            return member.coordinator();
        }
    }

    /**
     * Who observes whom unreachable, counting only observers on this node's side: this node, and
     * the members it observes reachable. What a member on the far side of a split last said about
     * this side is stale, and would leave each side thinking itself cut off.
     */
    private List<Seen> picture(List<Member> members, Collection<Observation> observations) {
        Map<String, Member> byAddress = new HashMap<>();
        members.forEach(member -> byAddress.put(member.address(), member));
        Set<String> lostToSelf = new HashSet<>();
        for (Observation observation : observations) {
            if (observation.observer().equals(self)) {
                lostToSelf.add(observation.subject());
            }
        }
        Set<String> lostToCoordinator = new HashSet<>();
        Set<String> lostToWorker = new HashSet<>();
        for (Observation observation : observations) {
            Member observer = byAddress.get(observation.observer());
            if (observer == null || observation.observer().equals(observation.subject())
                    || lostToSelf.contains(observation.observer())) {
                continue;
            }
            (observer.coordinator() ? lostToCoordinator : lostToWorker).add(observation.subject());
        }
        List<Seen> seen = new ArrayList<>(members.size());
        for (Member member : members) {
            String address = member.address();
            seen.add(new Seen(member, lostToCoordinator.contains(address), lostToWorker.contains(address),
                    lostToSelf.contains(address)));
        }
        return seen;
    }

    private List<Down> asAWorker(long now, List<Seen> members) {
        boolean member = members.stream().anyMatch(m -> m.address().equals(self));
        boolean coordinatorInSight = members.stream().anyMatch(m -> m.coordinator() && !m.lostToSelf());
        if (!member || coordinatorInSight) {
            coordinatorsLostSince = -1;
            return List.of();
        }
        if (coordinatorsLostSince < 0) {
            coordinatorsLostSince = now;
        }
        if (now - coordinatorsLostSince < rejoinAfterMillis || downed.contains(self)) {
            return List.of();
        }
        return List.of(new Down(self, "this worker has reached no coordinator for " + seconds(now - coordinatorsLostSince)
                + " s: it leaves the cluster, to join again as a new worker"));
    }

    private List<Down> asACoordinator(long now, List<Seen> members) {
        Seen oldest = null;
        Seen decider = null;
        for (Seen member : members) {
            if (member.coordinator() && member.member().senior()) {
                oldest = oldest == null ? member : oldest;
                if (decider == null && !member.lostToCoordinator()) {
                    decider = member;
                }
            }
        }
        if (oldest == null || decider == null || !decider.address().equals(self)) {
            return List.of();
        }
        return oldest == decider ? asTheActive(now, members, oldest) : asAStandby(now, members, oldest);
    }

    /** The oldest coordinator, reachable: it downs what it cannot reach, or steps down when it is alone. */
    private List<Down> asTheActive(long now, List<Seen> members, Seen active) {
        boolean standbyExists = members.stream().anyMatch(m -> m.coordinator() && m != active);
        List<Seen> company = companyOf(active, members);
        if (standbyExists && !company.isEmpty()
                && company.stream().allMatch(m -> lostFor(lostToCoordinatorSince, m, now, 1))) {
            return List.of(new Down(self, "this coordinator lost touch with every other node (" + describe(company)
                    + ") while a standby exists: it steps down so that the standby's side carries on"));
        }
        List<Down> decisions = new ArrayList<>();
        for (Seen member : members) {
            if (member == active || downed.contains(member.address())) {
                continue;
            }
            if (lostFor(lostToCoordinatorSince, member, now, 1)) {
                decisions.add(new Down(member.address(), kind(member) + " unreachable for "
                        + seconds(now - lostToCoordinatorSince.get(member.address())) + " s"));
            } else if (!member.coordinator() && lostFor(lostToWorkerSince, member, now, INDIRECT_PATIENCE)) {
                decisions.add(new Down(member.address(), "worker unreachable from other workers for "
                        + seconds(now - lostToWorkerSince.get(member.address())) + " s, though not from this coordinator"));
            }
        }
        return decisions;
    }

    /** A standby, with the active coordinator unreachable: take over when it is alone, else step down. */
    private List<Down> asAStandby(long now, List<Seen> members, Seen active) {
        if (!lostFor(lostToCoordinatorSince, active, now, 1) || downed.contains(active.address())) {
            return List.of();
        }
        List<Seen> lostWithIt = companyOf(active, members).stream().filter(Seen::lostToCoordinator).toList();
        if (lostWithIt.isEmpty()) {
            return List.of(new Down(active.address(), "the active coordinator has been unreachable for "
                    + seconds(now - lostToCoordinatorSince.get(active.address())) + " s, alone: this standby takes over"));
        }
        return List.of(new Down(self, "the active coordinator " + active.address() + " became unreachable together "
                + "with " + describe(lostWithIt) + ": a crash cannot be told from a network split, so this standby "
                + "steps down rather than risk two active coordinators"));
    }

    /**
     * The members whose reachability tells whether {@code active} is alone: every other member,
     * except those on its own host when no other coordinator lives there.
     */
    private static List<Seen> companyOf(Seen active, List<Seen> members) {
        String host = active.member().host();
        boolean hostShared = members.stream().anyMatch(m -> m.coordinator() && m != active
                && m.member().host().equals(host));
        return members.stream().filter(m -> m != active && (hostShared || !m.member().host().equals(host))).toList();
    }

    private boolean lostFor(Map<String, Long> since, Seen member, long now, int stablePeriods) {
        Long start = since.get(member.address());
        return start != null && now - start >= stablePeriods * stableAfterMillis;
    }

    private void track(long now, List<Seen> members) {
        Set<String> present = new HashSet<>();
        for (Seen member : members) {
            present.add(member.address());
            note(lostToCoordinatorSince, member.address(), member.lostToCoordinator(), now);
            note(lostToWorkerSince, member.address(), member.lostToWorker(), now);
        }
        lostToCoordinatorSince.keySet().retainAll(present);
        lostToWorkerSince.keySet().retainAll(present);
        downed.retainAll(present);
    }

    private static void note(Map<String, Long> since, String address, boolean lost, long now) {
        if (lost) {
            since.putIfAbsent(address, now);
        } else {
            since.remove(address);
        }
    }

    private static String kind(Seen member) {
        return member.coordinator() ? "standby coordinator" : "worker";
    }

    private static String describe(List<Seen> members) {
        int shown = Math.min(3, members.size());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            text.append(i == 0 ? "" : ", ").append(members.get(i).address());
        }
        return members.size() > shown ? text + " and " + (members.size() - shown) + " more" : text.toString();
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0);
    }
}
