package io.taskgrid.deploy;

import io.taskgrid.JobHandle;
import io.taskgrid.SubtaskResult;

import java.util.List;

import static io.taskgrid.testing.Waits.join;
import static org.assertj.core.api.Assertions.assertThat;

/** The check of every failure test: nothing lost, nothing twice, every value right. */
final class EveryResultOnce {

    private EveryResultOnce() {
    }

    /**
     * Follows {@code handle} to its end and checks that each of its {@code count} subtasks succeeded,
     * reached the client once, and that subtask i's result is {@code factor * i}.
     */
    static void assertEveryResultOnce(JobHandle<Long> handle, int count, long factor) {
        List<SubtaskResult<Long>> outcomes = handle.asCompleted().toList();
        assertThat(outcomes).as("every subtask once").hasSize(count).allMatch(SubtaskResult::succeeded);
        assertThat(outcomes.stream().map(SubtaskResult::index).distinct().count()).isEqualTo(count);
        List<Long> results = join(handle.results(), 30, "the results of job " + handle.id());
        for (int i = 0; i < count; i++) {
            assertThat(results.get(i)).isEqualTo(factor * i);
        }
    }
}
