package io.taskgrid.worker.internal;

import io.taskgrid.AsyncFunction;
import io.taskgrid.AsyncTask;
import io.taskgrid.Range;
import io.taskgrid.Task;
import io.taskgrid.TaskFunction;
import io.taskgrid.cluster.JobCode;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.SubtaskSource;
import io.taskgrid.internal.serialization.PayloadCodec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.taskgrid.testing.Waits.join;
import static org.assertj.core.api.Assertions.assertThat;

/** Each shape of subtask, run the way the worker's threads run it. */
class JobRuntimeTest {

    private final PayloadCodec codec = new PayloadCodec(JobRuntimeTest.class.getClassLoader());

    @Test
    void aRangeSubtaskAppliesTheFunctionToItsChunk() throws Exception {
        TaskFunction<Range, Range> same = range -> range;
        JobRuntime job = job(new SubtaskSource.RangeSource(codec.encode(same, "function"), 10, 35, 10));

        assertThat(job.isAsync()).isFalse();
        assertThat(job.run(1, null, null)).isEqualTo(new Range(20, 30));
        assertThat(job.run(2, null, null)).isEqualTo(new Range(30, 35));
    }

    @Test
    void aMapSubtaskAppliesTheFunctionToItsInput() throws Exception {
        TaskFunction<Integer, Integer> twice = x -> x * 2;
        AsyncFunction<Integer, Integer> next = (x, context) -> CompletableFuture.completedFuture(x + 1);

        JobRuntime cpu = job(new SubtaskSource.MapSource(codec.encode(twice, "function"), EncodedItems.EMPTY, false));
        JobRuntime async = job(new SubtaskSource.MapSource(codec.encode(next, "function"), EncodedItems.EMPTY, true));

        assertThat(cpu.run(0, codec.encode(21, "input"), null)).isEqualTo(42);
        assertThat(async.isAsync()).isTrue();
        assertThat(join(async.runAsync(0, codec.encode(41, "input"), null), 10, "the async map subtask's value"))
                .isEqualTo(42);
    }

    @Test
    void aTaskSubtaskRunsTheTaskItCarries() throws Exception {
        Task<String> cpuTask = context -> "ran";
        AsyncTask<String> asyncTask = context -> CompletableFuture.completedFuture("started");

        JobRuntime cpu = job(new SubtaskSource.TaskListSource(EncodedItems.EMPTY, false));
        JobRuntime async = job(new SubtaskSource.TaskListSource(EncodedItems.EMPTY, true));

        assertThat(cpu.run(0, codec.encode(cpuTask, "task"), null)).isEqualTo("ran");
        assertThat(join(async.runAsync(0, codec.encode(asyncTask, "task"), null), 10, "the async task's value"))
                .isEqualTo("started");
    }

    private JobRuntime job(SubtaskSource source) {
        return new JobRuntime(new JobCode("j", "j", source, 0, List.of(), List.of()), codec, null, List.of());
    }
}
