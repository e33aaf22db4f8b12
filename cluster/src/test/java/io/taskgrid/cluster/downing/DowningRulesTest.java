package io.taskgrid.cluster.downing;

import io.taskgrid.cluster.downing.DowningRules.Down;
import io.taskgrid.cluster.downing.DowningRules.Member;
import io.taskgrid.cluster.downing.DowningRules.Observation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Feeds views of the membership to the rules and checks exactly whom they down, and when. */
class DowningRulesTest {

    private static final long STABLE = 2_000;
    private static final long REJOIN = 5_000;

    private static final Member ACTIVE = coordinator("a", "host-a");
    private static final Member STANDBY = coordinator("s", "host-s");
    private static final Member W1 = worker("w1", "host-1");
    private static final Member W2 = worker("w2", "host-2");
    private static final Member W3 = worker("w3", "host-3");

    private final List<Member> members = new ArrayList<>(List.of(ACTIVE, W1, W2, W3));
    private final List<Observation> unreachable = new ArrayList<>();

    @Test
    void every_worker_killed_at_once_is_downed_after_stable_after_and_the_lone_coordinator_stays() {
        DowningRules rules = coordinatorRules("a");
        lost("a", "w1", "w2", "w3");
        lost("w1", "w2", "w3");  // what the dying workers said of each other counts for nothing more

        assertThat(rules.decide(0, members, unreachable)).isEmpty();
        assertThat(rules.decide(STABLE - 1, members, unreachable)).isEmpty();
        assertThat(addresses(rules.decide(STABLE, members, unreachable))).containsExactly("w1", "w2", "w3");
        assertThat(rules.decide(STABLE + 250, members, unreachable)).as("each downed once").isEmpty();
    }

    @Test
    void under_churn_each_lost_worker_has_its_own_timer() {
        DowningRules rules = coordinatorRules("a");
        lost("a", "w1");
        assertThat(rules.decide(0, members, unreachable)).isEmpty();
        lost("a", "w2"); // a second worker lost a second later must not restart the first one's wait
        assertThat(rules.decide(1_000, members, unreachable)).isEmpty();
        assertThat(addresses(rules.decide(2_000, members, unreachable))).containsExactly("w1");
        members.remove(W1);
        unreachable.removeIf(o -> o.subject().equals("w1"));
        assertThat(addresses(rules.decide(3_000, members, unreachable))).containsExactly("w2");
    }

    @Test
    void a_worker_that_answers_again_before_stable_after_stays() {
        DowningRules rules = coordinatorRules("a");
        lost("a", "w1");
        rules.decide(0, members, unreachable);
        unreachable.clear();
        assertThat(rules.decide(1_500, members, unreachable)).isEmpty();
        lost("a", "w1");
        assertThat(rules.decide(2_500, members, unreachable)).as("a new wait").isEmpty();
        assertThat(addresses(rules.decide(4_500, members, unreachable))).containsExactly("w1");
    }

    @Test
    void workers_that_observe_the_coordinator_unreachable_decide_nothing() {
        DowningRules rules = coordinatorRules("a");
        lost("w1", "a");
        lost("w2", "a");
        lost("a", "w3");
        rules.decide(0, members, unreachable);
        assertThat(addresses(rules.decide(60_000, members, unreachable))).as("only what the coordinator lost")
                .containsExactly("w3");
    }

    @Test
    void a_worker_only_other_workers_lose_is_downed_after_three_times_as_long() {
        DowningRules rules = coordinatorRules("a");
        lost("w1", "w2");
        rules.decide(0, members, unreachable);
        assertThat(rules.decide(3 * STABLE - 1, members, unreachable)).isEmpty();
        List<Down> downs = rules.decide(3 * STABLE, members, unreachable);
        assertThat(addresses(downs)).containsExactly("w2");
        assertThat(downs.get(0).reason()).contains("though not from this coordinator");
    }

    @Test
    void the_standby_takes_over_an_active_coordinator_lost_alone() {
        members.add(1, STANDBY);
        DowningRules rules = coordinatorRules("s");
        lost("s", "a");
        lost("w1", "a");
        assertThat(rules.decide(0, members, unreachable)).isEmpty();
        List<Down> downs = rules.decide(STABLE, members, unreachable);
        assertThat(addresses(downs)).containsExactly("a");
        assertThat(downs.get(0).reason()).contains("takes over");
    }

    @Test
    void the_standby_steps_down_when_the_active_one_vanished_with_a_worker_of_another_host() {
        members.add(1, STANDBY);
        DowningRules rules = coordinatorRules("s");
        lost("s", "a", "w1");
        rules.decide(0, members, unreachable);
        List<Down> downs = rules.decide(STABLE, members, unreachable);
        assertThat(addresses(downs)).containsExactly("s");
        assertThat(downs.get(0).reason()).contains("cannot be told from a network split");
    }

    @Test
    void a_worker_on_the_active_coordinators_own_host_shares_its_fate() {
        Member sameHost = worker("w-on-a", "host-a");
        members.add(1, STANDBY);
        members.add(sameHost);
        DowningRules rules = coordinatorRules("s");
        lost("s", "a", "w-on-a");
        rules.decide(0, members, unreachable);
        assertThat(addresses(rules.decide(STABLE, members, unreachable))).containsExactly("a");
    }

    @Test
    void the_active_coordinator_cut_off_from_everyone_steps_down_when_a_standby_exists() {
        members.add(1, STANDBY);
        DowningRules rules = coordinatorRules("a");
        lost("a", "s", "w1", "w2", "w3");
        lost("s", "a"); // stale: said by a member on the far side
        rules.decide(0, members, unreachable);
        List<Down> downs = rules.decide(STABLE, members, unreachable);
        assertThat(addresses(downs)).containsExactly("a");
        assertThat(downs.get(0).reason()).contains("steps down");
    }

    @Test
    void the_active_coordinator_cut_off_from_everyone_without_a_standby_stays_and_downs_them() {
        DowningRules rules = coordinatorRules("a");
        lost("a", "w1", "w2", "w3");
        rules.decide(0, members, unreachable);
        assertThat(addresses(rules.decide(STABLE, members, unreachable))).containsExactly("w1", "w2", "w3");
    }

    @Test
    void a_lost_standby_is_downed_by_the_active_coordinator_that_still_has_workers() {
        members.add(1, STANDBY);
        DowningRules rules = coordinatorRules("a");
        lost("a", "s");
        rules.decide(0, members, unreachable);
        assertThat(addresses(rules.decide(STABLE, members, unreachable))).containsExactly("s");
    }

    @Test
    void a_standby_does_nothing_while_the_active_coordinator_is_reachable() {
        members.add(1, STANDBY);
        DowningRules rules = coordinatorRules("s");
        lost("s", "w1");
        lost("a", "w1");
        rules.decide(0, members, unreachable);
        assertThat(rules.decide(60_000, members, unreachable)).isEmpty();
    }

    @Test
    void a_worker_that_reaches_no_coordinator_leaves_after_rejoin_after() {
        DowningRules rules = new DowningRules("w1", false, STABLE, REJOIN);
        lost("w2", "a"); // another worker's trouble is not this one's
        assertThat(rules.decide(0, members, unreachable)).isEmpty();
        assertThat(rules.decide(REJOIN, members, unreachable)).isEmpty();
        lost("w1", "a");
        assertThat(rules.decide(REJOIN + 1, members, unreachable)).isEmpty();
        List<Down> downs = rules.decide(2 * REJOIN + 1, members, unreachable);
        assertThat(addresses(downs)).containsExactly("w1");
        assertThat(downs.get(0).reason()).contains("join again");
        assertThat(rules.decide(3 * REJOIN, members, unreachable)).as("once").isEmpty();
    }

    @Test
    void a_worker_that_sees_its_coordinator_again_starts_its_wait_over() {
        DowningRules rules = new DowningRules("w1", false, STABLE, REJOIN);
        lost("w1", "a");
        rules.decide(0, members, unreachable);
        unreachable.clear();
        rules.decide(REJOIN - 1, members, unreachable);
        lost("w1", "a");
        assertThat(rules.decide(REJOIN + 1, members, unreachable)).isEmpty();
    }

    @Test
    void workers_never_down_anyone_else() {
        DowningRules rules = new DowningRules("w1", false, STABLE, REJOIN);
        lost("w1", "w2", "w3");
        rules.decide(0, members, unreachable);
        assertThat(rules.decide(60_000, members, unreachable)).isEmpty();
    }

    private void lost(String observer, String... subjects) {
        for (String subject : subjects) {
            unreachable.add(new Observation(observer, subject));
        }
    }

    private static DowningRules coordinatorRules(String self) {
        return new DowningRules(self, true, STABLE, REJOIN);
    }

    private static List<String> addresses(List<Down> downs) {
        return downs.stream().map(Down::address).toList();
    }

    private static Member coordinator(String address, String host) {
        return new Member(address, host, true, true);
    }

    private static Member worker(String address, String host) {
        return new Member(address, host, false, true);
    }
}
