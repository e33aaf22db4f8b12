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
        queue.add(job("a"));
        queue.add(job("b"));
        queue.add(job("c"));

        assertThat(queue.size()).isEqualTo(3);
        assertThat(drain()).containsExactly("a", "b", "c");
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aRemovedJobIsNotCountedAndNeverComesOut() {
        JobEntry a = job("a");
        JobEntry b = job("b");
        queue.add(a);
        queue.add(b);

        queue.remove(a);
        queue.remove(a); // twice changes nothing

        assertThat(queue.size()).isEqualTo(1);
        assertThat(a.runnable).isFalse();
        assertThat(drain()).containsExactly("b");
    }

    @Test
    void aJobRemovedAndAddedAgainComesOutOnce() {
        JobEntry a = job("a");
        JobEntry b = job("b");
        queue.add(a);
        queue.add(b);
        queue.remove(a);
        queue.add(a); // its stale entry, still first, serves again

        assertThat(queue.size()).isEqualTo(2);
        assertThat(drain()).containsExactly("a", "b");
    }

    @Test
    void aPolledJobGoesToTheEndWhenAddedAgain() {
        JobEntry a = job("a");
        queue.add(a);
        queue.add(job("b"));

        queue.add(queue.poll());

        assertThat(drain()).containsExactly("b", "a");
    }

    @Test
    void addingARunnableJobIsABug() {
        JobEntry a = job("a");
        queue.add(a);

        assertThatThrownBy(() -> queue.add(a)).isInstanceOf(IllegalStateException.class).hasMessageContaining("job a");
    }
}
