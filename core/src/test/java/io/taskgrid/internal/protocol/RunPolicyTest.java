package io.taskgrid.internal.protocol;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunPolicyTest {

    @Test
    void theBackoffDoublesPerFailureUpToAMinute() {
        RunPolicy policy = new RunPolicy(50, 100, List.of(), 0, 0, false);

        assertThat(policy.backoffMillis(1)).isEqualTo(100);
        assertThat(policy.backoffMillis(2)).isEqualTo(200);
        assertThat(policy.backoffMillis(4)).isEqualTo(800);
        assertThat(policy.backoffMillis(40)).isEqualTo(RunPolicy.MAX_BACKOFF_MILLIS);
    }

    @Test
    void noBackoffRetriesAtOnce() {
        assertThat(new RunPolicy(3, 0, List.of(), 0, 0, false).backoffMillis(3)).isZero();
    }
}
