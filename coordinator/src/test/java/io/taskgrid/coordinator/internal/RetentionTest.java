package io.taskgrid.coordinator.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which ended jobs are kept, on a clock of the test's own. */
class RetentionTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private static List<String> pollAll(Retention retention, long now) {
        List<String> forgotten = new ArrayList<>();
        for (Retention.Forgotten job = retention.poll(now); job != null; job = retention.poll(now)) {
            forgotten.add(job.jobId());
        }
        return forgotten;
    }

    @Test
    void aJobIsForgottenOnceItsTimeIsOverInTheOrderTheyEnded() {
        Retention retention = new Retention(Duration.ofSeconds(10), 1_000_000);
        retention.add("a", 100, false, 0);
        retention.add("b", 100, true, SECOND / 2);
        retention.add("c", 100, false, 3 * SECOND);

        assertThat(pollAll(retention, 10 * SECOND)).as("b's time is not over, and a waits with it").isEmpty();
        assertThat(retention.poll(10 * SECOND + SECOND / 2)).isEqualTo(new Retention.Forgotten("a", false));
        assertThat(retention.poll(10 * SECOND + SECOND / 2)).isEqualTo(new Retention.Forgotten("b", true));
        assertThat(retention.poll(10 * SECOND + SECOND / 2)).isNull();
        assertThat(retention.jobs()).isEqualTo(1);
        assertThat(pollAll(retention, 13 * SECOND)).containsExactly("c");
        assertThat(retention.jobs()).isZero();
        assertThat(retention.bytes()).isZero();
    }

    @Test
    void overTheBoundTheOldestGoFirstUntilTheRestFits() {
        Retention retention = new Retention(Duration.ofHours(1), 1_000);
        for (int i = 0; i < 30; i++) {
            retention.add("job-" + i, 100, false, i * SECOND / 10);
        }

        assertThat(retention.overBound()).isTrue();
        assertThat(pollAll(retention, 3 * SECOND)).containsExactlyElementsOf(
                List.of("job-0", "job-1", "job-2", "job-3", "job-4", "job-5", "job-6", "job-7", "job-8", "job-9",
                        "job-10", "job-11", "job-12", "job-13", "job-14", "job-15", "job-16", "job-17", "job-18",
                        "job-19"));
        assertThat(retention.jobs()).isEqualTo(10);
        assertThat(retention.bytes()).isEqualTo(1_000);
        assertThat(retention.overBound()).isFalse();
    }

    @Test
    void outcomesOfEndedJobsCountUntilTheyAreDropped() {
        Retention retention = new Retention(Duration.ofHours(1), 1_000);
        retention.add("old", 100, false, 0);
        retention.add("new", 100, false, 0);
        retention.outcomesChanged(901); // new's outcomes, not collected

        assertThat(retention.poll(0).jobId()).isEqualTo("old");
        assertThat(retention.poll(0)).as("its outcomes dropped first").isEqualTo(new Retention.Forgotten("new", false));
        retention.outcomesChanged(-901);
        assertThat(retention.bytes()).isZero();

        retention.add("collected", 100, false, 0);
        retention.outcomesChanged(2_000);
        retention.outcomesChanged(-2_000); // its client collected them: the job itself stays
        assertThat(retention.poll(0)).isNull();
    }

    @Test
    void idsOfAnyLengthAndCharacterComeBackAsTheyWent() {
        Retention retention = new Retention(Duration.ofSeconds(1), Long.MAX_VALUE);
        String longId = "x".repeat(70_000);
        List<String> ids = List.of("ä-1", longId, "", "ジョブ/2", "last");
        for (String id : ids) {
            retention.add(id, 1L << 40, true, 0);
        }

        assertThat(pollAll(retention, 2 * SECOND)).containsExactlyElementsOf(ids);
    }

    @Test
    void theDescriptionNamesTheLimitsAndOnceJobsWereDroppedForBytesTheOldestEndKept() {
        Retention retention = new Retention(Duration.ofMinutes(90), 3L << 20);
        assertThat(retention.describe(0)).isEqualTo("the coordinator keeps ended jobs for 1h30m and in at most 3 MiB "
                + "of memory, the oldest going first");

        retention.add("big", 3L << 20, false, 0);
        retention.add("small", 1, false, 2 * SECOND);
        assertThat(retention.poll(2 * SECOND).jobId()).isEqualTo("big");
        assertThat(retention.describe(2 * SECOND)).contains("it dropped 1 to stay under that, and keeps those that "
                + "ended since ");
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new Retention(Duration.ZERO, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Retention(Duration.ofHours(1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Retention.text(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(Retention.text(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Retention.size(512 * 1024)).isEqualTo("512 KiB");
    }
}
