package io.taskgrid.worker.internal;

import io.taskgrid.cluster.HoldPolicy;
import io.taskgrid.cluster.SlotKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CreditPolicyTest {

    @Test
    void beforeAnySubtaskRanAWorkerAsksForTwoPerThread() {
        CreditPolicy policy = new CreditPolicy(4, 0);

        assertThat(policy.target(SlotKind.CPU)).isEqualTo(8);
        assertThat(policy.request(SlotKind.CPU)).isEqualTo(8);
        assertThat(policy.request(SlotKind.CPU)).as("granted already").isZero();
        assertThat(policy.request(SlotKind.ASYNC)).as("no async slots").isZero();
    }

    @Test
    void longSubtasksKeepOneQueuedPerThread() {
        CreditPolicy policy = new CreditPolicy(2, 0);
        policy.recordRun(50_000_000);
        policy.received(SlotKind.CPU, 4);

        assertThat(policy.target(SlotKind.CPU)).isEqualTo(4);
        assertThat(policy.request(SlotKind.CPU)).isZero();
        policy.released(SlotKind.CPU, 1);
        assertThat(policy.request(SlotKind.CPU)).isEqualTo(1);
    }

    @Test
    void tinySubtasksHideTheRefillRoundTripUpToTheCap() {
        CreditPolicy policy = new CreditPolicy(2, 0);
        policy.recordRun(1_000);
        assertThat(policy.target(SlotKind.CPU)).isEqualTo(2 + 2 * 2_000);

        policy.recordRun(10);
        assertThat(policy.target(SlotKind.CPU)).isEqualTo(HoldPolicy.MAX_HELD);
        policy.received(SlotKind.CPU, 1_000);
        assertThat(policy.request(SlotKind.CPU)).isEqualTo(HoldPolicy.MAX_HELD - 1_000);
    }

    @Test
    void asyncSlotsAreAskedForApartOnceAnEighthIsFree() {
        CreditPolicy policy = new CreditPolicy(2, 64);
        assertThat(policy.request(SlotKind.ASYNC)).isEqualTo(64);
        policy.received(SlotKind.ASYNC, 64);
        policy.released(SlotKind.ASYNC, 7);
        assertThat(policy.request(SlotKind.ASYNC)).as("7 of 64 free: too few to ask").isZero();
        policy.released(SlotKind.ASYNC, 1);
        assertThat(policy.request(SlotKind.ASYNC)).isEqualTo(8);
        assertThat(policy.heldInAll()).isEqualTo(56);
    }
}
