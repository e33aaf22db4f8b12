package io.taskgrid.worker.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CreditPolicyTest {

    @Test
    void beforeAnySubtaskRanAWorkerAsksForTwoPerThread() {
        CreditPolicy policy = new CreditPolicy(4);

        assertThat(policy.target()).isEqualTo(8);
        assertThat(policy.creditsToRequest(0, 0)).isEqualTo(8);
    }

    @Test
    void longSubtasksKeepOneQueuedPerThread() {
        CreditPolicy policy = new CreditPolicy(2);
        policy.recordRun(50_000_000);

        assertThat(policy.target()).isEqualTo(4);
        assertThat(policy.creditsToRequest(4, 0)).isZero();
        assertThat(policy.creditsToRequest(2, 1)).isEqualTo(1);
    }

    @Test
    void tinySubtasksHideTheRefillRoundTripUpToTheCap() {
        CreditPolicy policy = new CreditPolicy(2);
        policy.recordRun(1_000);
        assertThat(policy.target()).isEqualTo(2 + 2 * 2_000);

        policy.recordRun(10);
        assertThat(policy.target()).isEqualTo(CreditPolicy.MAX_HELD);
        assertThat(policy.creditsToRequest(1_000, 2_000)).isEqualTo(CreditPolicy.MAX_HELD - 3_000);
    }
}
