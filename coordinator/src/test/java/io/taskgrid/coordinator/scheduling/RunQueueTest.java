package io.taskgrid.coordinator.scheduling;

import io.taskgrid.internal.protocol.RunPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunQueueTest {

    private final RunQueue queue = new RunQueue();

    private static JobEntry job(String id) {
        return new JobEntry(id, 1, RunPolicy.DEFAULT, false);
    }

    /** A new job, added to the queue. */
    private JobEntry added(String id) {
        JobEntry job = job(id);
        queue.add(job);
        return job;
    }

    private List<String> drain() {
        List<String> ids = new ArrayList<>();
        for (JobEntry job = queue.poll(); job != null; job = queue.poll()) {
            assertThat(job.runnable).isFalse();
            ids.add(job.jobId);
        }
        return ids;
    }

    @Test
    void jobsComeOutInTheOrderTheyWentIn() {
        added("a");
        added("b");
        added("c");

        assertThat(queue.size()).isEqualTo(3);
        assertThat(drain()).containsExactly("a", "b", "c");
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aRemovedJobIsNotCountedAndNeverComesOut() {
        JobEntry a = added("a");
        added("b");

        queue.remove(a);
        queue.remove(a); // twice changes nothing

        assertThat(queue.size()).isEqualTo(1);
        assertThat(a.runnable).isFalse();
        assertThat(drain()).containsExactly("b");
    }

    @Test
    void aJobRemovedAndAddedAgainComesOutOnce() {
        JobEntry a = added("a");
        added("b");
        queue.remove(a);
        queue.add(a); // its stale entry, still first, serves again

        assertThat(queue.size()).isEqualTo(2);
        assertThat(drain()).containsExactly("a", "b");
    }

    @Test
    void aPolledJobGoesToTheEndWhenAddedAgain() {
        added("a");
        added("b");

        queue.add(queue.poll());

        assertThat(drain()).containsExactly("b", "a");
    }

    @Test
    void addingARunnableJobIsABug() {
        JobEntry a = added("a");

        assertThatThrownBy(() -> queue.add(a)).isInstanceOf(IllegalStateException.class).hasMessageContaining("job a");
    }
}
