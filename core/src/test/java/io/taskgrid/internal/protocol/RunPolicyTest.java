package io.taskgrid.internal.protocol;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunPolicyTest {

    @Test
    void theBackoffDoublesPerFailureUpToAMinute() {
        RunPolicy policy = RunPolicy.DEFAULT.withMaxRetries(50).withRetryBackoffMillis(100);

        assertThat(policy.backoffMillis(1)).isEqualTo(100);
        assertThat(policy.backoffMillis(2)).isEqualTo(200);
        assertThat(policy.backoffMillis(4)).isEqualTo(800);
        assertThat(policy.backoffMillis(40)).isEqualTo(RunPolicy.MAX_BACKOFF_MILLIS);
    }

    @Test
    void noBackoffRetriesAtOnce() {
        assertThat(RunPolicy.DEFAULT.withMaxRetries(3).withRetryBackoffMillis(0).backoffMillis(3)).isZero();
    }
}
