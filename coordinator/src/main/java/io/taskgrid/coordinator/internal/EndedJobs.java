package io.taskgrid.coordinator.internal;

import io.taskgrid.ClusterStatus;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of ended jobs: the most recent in memory (for status, which must not touch the
 * store on every request), every one within the retention time in the {@link StateStore}.
 *
 * <p>A job that ended while clients followed it waits here briefly with its last outcomes: when
 * its clients say they collected everything, those are never written (for a short job, no
 * outcome at all is); when the wait is over first, they are. Only the job manager's thread calls this.
 */
final class EndedJobs {

    /** How many ended jobs status shows. */
    static final int SHOWN = 50;

    /** How long an ended job's last outcomes wait for its clients before they are written. */
    static final Duration SETTLE_AFTER = Duration.ofSeconds(2);

    /** An ended job whose last outcomes and end record are not written yet. */
    private record Ending(ClusterStatus.JobInfo info, PendingWrites writes) {
    }

    private final StateStore store;
    private final ArrayDeque<ClusterStatus.JobInfo> recent = new ArrayDeque<>();
    private final Map<String, Ending> ending = new HashMap<>();

    EndedJobs(StateStore store) {
        this.store = store;
        recent.addAll(store.endedJobs(SHOWN)); // what a store that outlived us remembers
    }

    /**
     * Remembers how a job ended. With clients following, its last outcomes wait (returns
     * {@code true}: call {@link #settle} after {@link #SETTLE_AFTER}); without, they are written now.
     */
    boolean add(ClusterStatus.JobInfo ended, PendingWrites writes, boolean followed) {
        recent.addFirst(ended);
        if (recent.size() > SHOWN) {
            recent.removeLast();
        }
        ending.put(ended.id(), new Ending(ended, writes));
        if (!followed) {
            settle(ended.id());
        }
        return followed;
    }

    /** Writes an ended job's last outcomes and its end record, if they still wait. */
    void settle(String jobId) {
        Ending done = ending.remove(jobId);
        if (done != null) {
            done.writes().flushTo(store, jobId);
            store.saveJobEnd(done.info());
        }
    }

    void settleAll() {
        List.copyOf(ending.keySet()).forEach(this::settle);
    }

    /** A client holds every outcome of an ended job: what waits is never written, what was written goes. */
    void collected(String jobId) {
        Ending done = ending.remove(jobId);
        if (done != null) {
            store.saveJobEnd(done.info());
            if (done.writes().hasFlushed()) {
                store.dropOutcomes(jobId);
            }
        } else if (find(jobId) != null) {
            store.dropOutcomes(jobId);
        }
    }

    /** The record of an ended job, or {@code null} if none is kept. Reads the store unless the job is recent. */
    ClusterStatus.JobInfo find(String jobId) {
        ClusterStatus.JobInfo info = findRecent(jobId);
        return info != null ? info : store.endedJob(jobId);
    }

    /** The record of one of the most recently ended jobs, or {@code null}; memory only. */
    ClusterStatus.JobInfo findRecent(String jobId) {
        for (ClusterStatus.JobInfo info : recent) {
            if (info.id().equals(jobId)) {
                return info;
            }
        }
        return null;
    }

    /** The most recent ended jobs, newest first. */
    List<ClusterStatus.JobInfo> recent() {
        return List.copyOf(recent);
    }
}
