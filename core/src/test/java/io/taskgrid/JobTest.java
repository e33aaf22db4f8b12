package io.taskgrid;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobTest {

    @Test
    void aRangeIsCutIntoChunksWithAShorterLastOne() {
        Job<Long> job = Job.range(10, 35, 10, Range::size);

        Job.RangeChunks<Long> chunks = (Job.RangeChunks<Long>) job.subtasks();
        assertThat(job.subtaskCount()).isEqualTo(3);
        assertThat(List.of(chunks.chunk(0), chunks.chunk(1), chunks.chunk(2)))
                .containsExactly(new Range(10, 20), new Range(20, 30), new Range(30, 35));
    }

    @Test
    void aNegativeChunkSizeSaysWhatChunkSizeMeans() {
        assertThatThrownBy(() -> Job.range(0, 100, -5, Range::size))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chunkSize must be positive, but it is -5")
                .hasMessageContaining("makes 100 subtasks");
    }

    @Test
    void aJobWithNoSubtasksIsRefused() {
        assertThatThrownBy(() -> Job.of(List.<Task<Integer>>of()))
                .hasMessageContaining("at least one subtask, but the task list is empty");
        assertThatThrownBy(() -> Job.map(x -> x, List.of()))
                .hasMessageContaining("list of inputs to map over is empty");
        assertThatThrownBy(() -> Job.range(5, 5, 1, Range::size))
                .hasMessageContaining("the range [5, 5) is empty");
    }

    @Test
    void aNullTaskIsRefusedByItsPlaceInTheList() {
        assertThatThrownBy(() -> Job.of(java.util.Arrays.<Task<Integer>>asList(ctx -> 1, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("task 1 of 2 is null");
        assertThatThrownBy(() -> Job.ofAsync(java.util.Arrays.<AsyncTask<Integer>>asList((AsyncTask<Integer>) null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("async task 0 of 1 is null");
    }

    @Test
    void tooManyChunksAreRefusedWithAFix() {
        assertThatThrownBy(() -> Job.range(0, Long.MAX_VALUE / 2, 1, Range::size))
                .hasMessageContaining("use a larger chunkSize");
    }

    @Test
    void optionsAreCheckedAndKept() {
        Job<Integer> job = Job.<Integer>of(List.of(ctx -> 1)).named("one").withMaxRetries(3)
                .withSubtaskTimeout(Duration.ofSeconds(2));

        assertThat(job.name()).isEqualTo("one");
        assertThat(job.maxRetries()).isEqualTo(3);
        assertThat(job.subtaskTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> job.withMaxRetries(-1)).hasMessageContaining("between 0 and 100");
        assertThatThrownBy(() -> job.withSubtaskTimeout(Duration.ofSeconds(-1))).hasMessageContaining("negative");
        assertThatThrownBy(() -> job.named(" ")).hasMessageContaining("blank");
    }

    @Test
    void retryAndFailureOptionsAccumulateWithoutTouchingEachOther() {
        Job<Integer> job = Job.<Integer>of(List.of(ctx -> 1)).withMaxRetries(2)
                .withRetryBackoff(Duration.ofMillis(50))
                .withNoRetryOn(IllegalArgumentException.class)
                .withNoRetryOn(java.io.FileNotFoundException.class)
                .withDeadline(Duration.ofMinutes(5))
                .withMaxWorkerLosses(2)
                .failFast();

        assertThat(job.maxRetries()).isEqualTo(2);
        assertThat(job.retryBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(job.noRetryOn()).containsExactly("java.lang.IllegalArgumentException", "java.io.FileNotFoundException");
        assertThat(job.deadline()).isEqualTo(Duration.ofMinutes(5));
        assertThat(job.isFailFast()).isTrue();
        assertThat(job.maxWorkerLosses()).isEqualTo(2);
        assertThatThrownBy(() -> job.withMaxWorkerLosses(0)).hasMessageContaining("between 1 and 10");
        assertThat(Job.<Integer>of(List.of(ctx -> 1)).isFailFast()).isFalse();
        assertThatThrownBy(() -> job.withDeadline(Duration.ofSeconds(-1))).hasMessageContaining("deadline must not be negative");
    }
}
