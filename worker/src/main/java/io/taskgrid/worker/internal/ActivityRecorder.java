package io.taskgrid.worker.internal;

import io.taskgrid.cluster.CoordinatorMessage.ActivitySegment;
import io.taskgrid.cluster.CoordinatorMessage.WorkerActivity;
import io.taskgrid.cluster.DurationBuckets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * What this worker's lanes ran, for the dashboard's task stream, and how long attempts took, for
 * the duration histogram. Attempts of one job that follow each other on one lane (within
 * {@link #MERGE_GAP_MILLIS}) become one segment, so a million tiny subtasks cost a few segments.
 * Used by the agent's thread only.
 */
final class ActivityRecorder {

    /** Runs of the same job on the same lane closer than this are one segment. */
    static final long MERGE_GAP_MILLIS = 20;
    /** At most this many segments per report; the shortest-lived detail is lost first. */
    static final int MAX_SEGMENTS = 2_000;

    private record LaneJob(int lane, String jobId) {
    }

    private static final class Open {
        long startMillis;
        long endMillis;
        int count;
    }

    private final long baseNanos = System.nanoTime();
    private final long baseMillis = System.currentTimeMillis();
    private final Map<LaneJob, Open> open = new HashMap<>();
    private ArrayList<ActivitySegment> closed = new ArrayList<>();
    private long[] durationCounts = new long[DurationBuckets.COUNT];
    private long durationSumNanos;

    /** Records one finished attempt. */
    void record(Outcome outcome) {
        if (outcome.dropped() || outcome.runNanos() <= 0) {
            return;
        }
        durationCounts[DurationBuckets.of(outcome.runNanos())]++;
        durationSumNanos += outcome.runNanos();
        long endMillis = baseMillis + (outcome.endNanos() - baseNanos) / 1_000_000;
        long startMillis = endMillis - outcome.runNanos() / 1_000_000;
        LaneJob key = new LaneJob(outcome.lane(), outcome.job().jobId());
        Open segment = open.get(key);
        if (segment != null && startMillis <= segment.endMillis + MERGE_GAP_MILLIS) {
            segment.startMillis = Math.min(segment.startMillis, startMillis);
            segment.endMillis = Math.max(segment.endMillis, endMillis);
            segment.count++;
            return;
        }
        if (segment != null) {
            close(key, segment);
        } else {
            segment = new Open();
            open.put(key, segment);
        }
        segment.startMillis = startMillis;
        segment.endMillis = endMillis;
        segment.count = 1;
    }

    /** What was recorded since the last call, as the message to the coordinator; starts afresh. */
    WorkerActivity drain(String workerId) {
        open.forEach(this::close);
        open.clear();
        WorkerActivity activity = new WorkerActivity(workerId, System.currentTimeMillis(), closed, durationCounts,
                durationSumNanos);
        closed = new ArrayList<>();
        durationCounts = new long[DurationBuckets.COUNT];
        durationSumNanos = 0;
        return activity;
    }

    private void close(LaneJob key, Open segment) {
        if (closed.size() >= MAX_SEGMENTS) {
            return;
        }
        closed.add(new ActivitySegment(key.lane(), key.jobId(), segment.startMillis, segment.endMillis, segment.count));
    }
}
