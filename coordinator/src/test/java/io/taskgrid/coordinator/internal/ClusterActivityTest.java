package io.taskgrid.coordinator.internal;

import io.taskgrid.cluster.CoordinatorMessage.ActivitySegment;
import io.taskgrid.cluster.CoordinatorMessage.WorkerActivity;
import io.taskgrid.cluster.DurationBuckets;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterActivityTest {

    private static final long NOW = 1_800_000_000_000L;

    @Test
    void segmentsMoveOntoTheCoordinatorsClockAndTheAsyncLaneIsNumberedAfterTheThreads() {
        ClusterActivity activity = new ClusterActivity();
        long workerClock = NOW - 5_000; // the worker's clock is 5 s behind
        activity.onReport(report("worker-1", workerClock, new ActivitySegment(1, "j", workerClock - 900,
                workerClock - 400, 10), new ActivitySegment(ActivitySegment.ASYNC_LANE, "k", workerClock - 300,
                workerClock - 100, 7)), 4, NOW);

        Dashboard.TaskStream stream = activity.taskStream(NOW);

        assertThat(stream.segments()).containsExactly(
                new Dashboard.Segment("worker-1", 1, "j", NOW - 900, NOW - 400, 10),
                new Dashboard.Segment("worker-1", 4, "k", NOW - 300, NOW - 100, 7));
        assertThat(activity.lastSeenMillis("worker-1")).isEqualTo(NOW);
    }

    @Test
    void aRunThatGoesOnAcrossReportsStaysOneBar() {
        ClusterActivity activity = new ClusterActivity();
        for (int second = 0; second < 30; second++) {
            long at = NOW - 30_000 + second * 1_000L;
            activity.onReport(report("worker-1", at, new ActivitySegment(0, "j", at - 1_000, at - 1, 500)), 1, at);
        }

        assertThat(activity.taskStream(NOW).segments()).singleElement()
                .satisfies(bar -> assertThat(bar.count()).isEqualTo(30 * 500));
    }

    @Test
    void barsOlderThanTheWindowLeaveAndTheTotalStaysBounded() {
        ClusterActivity activity = new ClusterActivity();
        activity.onReport(report("worker-1", NOW - 120_000, new ActivitySegment(0, "old", NOW - 121_000,
                NOW - 120_500, 1)), 1, NOW - 120_000);
        for (int i = 0; i < ClusterActivity.MAX_SEGMENTS + 500; i++) {
            activity.onReport(report("worker-1", NOW, new ActivitySegment(0, "j" + (i % 2), NOW - 50_000 + i,
                    NOW - 50_000 + i, 1)), 1, NOW);
        }

        List<Dashboard.Segment> segments = activity.taskStream(NOW).segments();

        assertThat(segments).hasSizeLessThanOrEqualTo(ClusterActivity.MAX_SEGMENTS);
        assertThat(segments).noneMatch(bar -> bar.job().equals("old"));
    }

    @Test
    void aWorkerThatLeftIsNoLongerSeen() {
        ClusterActivity activity = new ClusterActivity();
        activity.onReport(report("worker-1", NOW), 2, NOW);

        activity.workerLeft("worker-1");

        assertThat(activity.lastSeenMillis("worker-1")).isZero();
    }

    private static WorkerActivity report(String worker, long sentAt, ActivitySegment... segments) {
        return new WorkerActivity(worker, sentAt, new ArrayList<>(List.of(segments)), new long[DurationBuckets.COUNT],
                0);
    }
}
