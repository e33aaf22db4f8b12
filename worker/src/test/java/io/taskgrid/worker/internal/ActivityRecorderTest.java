package io.taskgrid.worker.internal;

import io.taskgrid.cluster.CoordinatorMessage.ActivitySegment;
import io.taskgrid.cluster.CoordinatorMessage.WorkerActivity;
import io.taskgrid.cluster.DurationBuckets;
import io.taskgrid.cluster.JobCode;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.SubtaskSource.TaskListSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ActivityRecorderTest {

    private static final long MS = 1_000_000;

    private final JobRuntime jobA = job("job-a");
    private final JobRuntime jobB = job("job-b");
    private final long t0 = System.nanoTime();

    @Test
    void aMillionTinySubtasksBackToBackOnOneLaneAreOneSegment() {
        ActivityRecorder recorder = new ActivityRecorder();
        for (int i = 0; i < 1_000_000; i++) {
            recorder.record(ran(jobA, 0, t0 + i * 1_000L, 1_000));
        }

        WorkerActivity report = recorder.drain("worker-1");

        assertThat(report.segments()).singleElement().satisfies(segment -> {
            assertThat(segment.count()).isEqualTo(1_000_000);
            assertThat(segment.lane()).isZero();
            assertThat(segment.endMillis() - segment.startMillis()).isBetween(999L, 1001L);
        });
        assertThat(report.durationCounts()[DurationBuckets.of(1_000)]).isEqualTo(1_000_000);
        assertThat(report.durationSumNanos()).isEqualTo(1_000_000_000L);
    }

    @Test
    void anotherJobOrAGapOrAnotherLaneStartsANewSegment() {
        ActivityRecorder recorder = new ActivityRecorder();
        recorder.record(ran(jobA, 0, t0 + 10 * MS, 10 * MS));
        recorder.record(ran(jobB, 0, t0 + 20 * MS, 10 * MS));      // another job, same lane
        recorder.record(ran(jobA, 0, t0 + 200 * MS, 10 * MS));     // job A again, after a gap
        recorder.record(ran(jobA, 1, t0 + 200 * MS, 10 * MS));     // another lane
        recorder.record(ran(jobA, ActivitySegment.ASYNC_LANE, t0 + 300 * MS, 50 * MS));

        WorkerActivity report = recorder.drain("worker-1");

        assertThat(report.segments()).hasSize(5);
        assertThat(report.segments()).filteredOn(s -> s.jobId().equals("job-a") && s.lane() == 0).hasSize(2);
        assertThat(Arrays.stream(report.durationCounts()).sum()).isEqualTo(5);
    }

    @Test
    void drainingStartsAfresh() {
        ActivityRecorder recorder = new ActivityRecorder();
        recorder.record(ran(jobA, 0, t0 + MS, MS));
        recorder.drain("worker-1");

        WorkerActivity next = recorder.drain("worker-1");

        assertThat(next.segments()).isEmpty();
        assertThat(Arrays.stream(next.durationCounts()).sum()).isZero();
    }

    @Test
    void droppedAttemptsAreNotActivity() {
        ActivityRecorder recorder = new ActivityRecorder();
        recorder.record(Outcome.dropped(jobA, 1, 1));

        assertThat(recorder.drain("worker-1").segments()).isEmpty();
    }

    private static JobRuntime job(String id) {
        return new JobRuntime(new JobCode(id, id, new TaskListSource(EncodedItems.EMPTY, false), 0, List.of(),
                List.of()), null, null, List.of());
    }

    private static Outcome ran(JobRuntime job, int lane, long endNanos, long runNanos) {
        return new Outcome(job, 0, 1, new byte[0], null, false, false, runNanos, lane, endNanos);
    }
}
