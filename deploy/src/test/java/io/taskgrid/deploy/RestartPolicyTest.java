package io.taskgrid.deploy;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Which exits restart a local worker, and the sliding limit of restarts per minute. */
class RestartPolicyTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final RestartPolicy policy = new RestartPolicy();

    @Test
    void everyExitButZeroIsRestarted() {
        assertThat(RestartPolicy.restarts(0)).as("drained, or its parent gone").isFalse();
        assertThat(RestartPolicy.restarts(1)).isTrue();
        assertThat(RestartPolicy.restarts(3)).as("Runtime.halt(3) in a subtask").isTrue();
        assertThat(RestartPolicy.restarts(137)).as("SIGKILL").isTrue();
        assertThat(RestartPolicy.restarts(143)).as("SIGTERM from someone else").isTrue();
        assertThat(RestartPolicy.restarts(255)).as("downed by the cluster").isTrue();
    }

    @Test
    void twoWorkersAllowFiveRestartsAMinuteAndTheSixthWhenTheFirstIsAMinuteOld() {
        long start = 1_000 * SECOND;
        for (int i = 0; i < 5; i++) {
            assertThat(policy.tryRestart(start + i * SECOND, 2)).as("restart %d", i + 1).isTrue();
        }

        assertThat(policy.tryRestart(start + 10 * SECOND, 2)).isFalse();
        assertThat(policy.recentRestarts(start + 10 * SECOND)).isEqualTo(5);
        assertThat(policy.nanosUntilAllowed(start + 10 * SECOND, 2)).isEqualTo(50 * SECOND);
        assertThat(policy.tryRestart(start + 60 * SECOND - 1, 2)).isFalse();
        assertThat(policy.tryRestart(start + 60 * SECOND, 2)).isTrue();
        assertThat(policy.tryRestart(start + 60 * SECOND, 2)).as("the second is still in the window").isFalse();
        assertThat(policy.nanosUntilAllowed(start + 60 * SECOND, 2)).isEqualTo(SECOND);
    }

    @Test
    void aRefusedRestartIsNotCountedAndMoreWorkersAllowMore() {
        for (int i = 0; i < 5; i++) {
            policy.tryRestart(i, 2);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(policy.tryRestart(100 + i, 2)).isFalse();
        }

        assertThat(policy.recentRestarts(200)).isEqualTo(5);
        assertThat(policy.nanosUntilAllowed(200, 3)).isZero();
        assertThat(policy.tryRestart(200, 3)).as("a sixth for three workers").isTrue();
    }

    @Test
    void anEmptyWindowAllowsARestartNow() {
        assertThat(policy.nanosUntilAllowed(-5 * SECOND, 1)).isZero();
        assertThat(RestartPolicy.limit(1)).isEqualTo(4);
    }

    @Test
    void exitsAreDescribedBySignalWhenTheCodeSaysOne() {
        assertThat(RestartPolicy.describeExit(137)).isEqualTo("was killed by SIGKILL (exit code 137)");
        assertThat(RestartPolicy.describeExit(143)).isEqualTo("was killed by SIGTERM (exit code 143)");
        assertThat(RestartPolicy.describeExit(134)).isEqualTo("was killed by SIGABRT (exit code 134)");
        assertThat(RestartPolicy.describeExit(3)).isEqualTo("exited with code 3");
        assertThat(RestartPolicy.describeExit(255)).isEqualTo("exited with code 255");
        assertThat(RestartPolicy.describeExit(128)).isEqualTo("exited with code 128");
    }
}
