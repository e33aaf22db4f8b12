package io.taskgrid.coordinator.internal;

import io.taskgrid.cluster.CoordinatorMessage.ActivitySegment;
import io.taskgrid.cluster.CoordinatorMessage.WorkerActivity;
import io.taskgrid.coordinator.internal.Dashboard.Segment;
import io.taskgrid.coordinator.internal.Dashboard.TaskStream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the workers ran in the last minute (the dashboard's task stream), and when each worker
 * last reported. Workers send it merged and once a second, so this holds a few segments per lane
 * whatever the subtask rate. Times are moved onto the coordinator's clock with the report's send
 * time. Used by the job manager's thread only.
 */
final class ClusterActivity {

    /** How far back the task stream goes. */
    static final long WINDOW_MILLIS = 60_000;
    /** At most this many segments are kept; the oldest go first. */
    static final int MAX_SEGMENTS = 20_000;
    /** A worker's segment that starts this soon after its previous one on the lane extends it. */
    private static final long MERGE_GAP_MILLIS = 20;

    private static final class Bar {
        final String worker;
        final int lane;
        final String job;
        long start;
        long end;
        int count;

        Bar(String worker, int lane, String job, long start, long end, int count) {
            this.worker = worker;
            this.lane = lane;
            this.job = job;
            this.start = start;
            this.end = end;
            this.count = count;
        }
    }

    private record LaneKey(String worker, int lane, String job) {
    }

    private final ArrayDeque<Bar> bars = new ArrayDeque<>();
    private final Map<LaneKey, Bar> latest = new HashMap<>();
    private final Map<String, Long> lastSeen = new HashMap<>();

    /**
     * Takes a worker's report, received at {@code nowMillis}; {@code threads} is the worker's pool
     * size, which numbers its async lane.
     */
    void onReport(WorkerActivity report, int threads, long nowMillis) {
        long skew = nowMillis - report.sentAtMillis();
        lastSeen.put(report.workerId(), nowMillis);
        for (ActivitySegment segment : report.segments()) {
            int lane = segment.lane() == ActivitySegment.ASYNC_LANE ? threads : segment.lane();
            add(report.workerId(), lane, segment.jobId(), segment.startMillis() + skew, segment.endMillis() + skew,
                    segment.count());
        }
        trim(nowMillis);
    }

    private void add(String worker, int lane, String job, long start, long end, int count) {
        LaneKey key = new LaneKey(worker, lane, job);
        Bar last = latest.get(key);
        if (last != null && start <= last.end + MERGE_GAP_MILLIS) {
            last.start = Math.min(last.start, start);
            last.end = Math.max(last.end, end);
            last.count += count;
            return;
        }
        Bar bar = new Bar(worker, lane, job, start, end, count);
        bars.addLast(bar);
        latest.put(key, bar);
    }

    private void trim(long nowMillis) {
        long from = nowMillis - WINDOW_MILLIS;
        while (!bars.isEmpty() && (bars.size() > MAX_SEGMENTS || bars.peekFirst().end < from)) {
            Bar gone = bars.pollFirst();
            latest.remove(new LaneKey(gone.worker, gone.lane, gone.job), gone);
        }
    }

    /** The bars of the last {@link #WINDOW_MILLIS} before {@code nowMillis}. */
    TaskStream taskStream(long nowMillis) {
        long from = nowMillis - WINDOW_MILLIS;
        List<Segment> segments = new ArrayList<>(bars.size());
        for (Bar bar : bars) {
            if (bar.end >= from) {
                segments.add(new Segment(bar.worker, bar.lane, bar.job, bar.start, bar.end, bar.count));
            }
        }
        return new TaskStream(from, nowMillis, segments);
    }

    /** When a worker's last report arrived, or 0 before its first. */
    long lastSeenMillis(String workerId) {
        return lastSeen.getOrDefault(workerId, 0L);
    }

    /** Forgets a worker that left (its bars stay until they age out). */
    void workerLeft(String workerId) {
        lastSeen.remove(workerId);
    }
}
