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

    /** An ended job whose last outcomes and end record are not written yet, and how many of its clients still have to say they collected it. */
    private static final class Ending {
        final ClusterStatus.JobInfo info;
        final PendingWrites writes;
        int awaiting;

        Ending(ClusterStatus.JobInfo info, PendingWrites writes, int awaiting) {
            this.info = info;
            this.writes = writes;
            this.awaiting = awaiting;
        }
    }

    private final StateStore store;
    private final ArrayDeque<JobDetails> recent = new ArrayDeque<>();
    private final Map<String, Ending> ending = new HashMap<>();

    /** {@code remembered}: the jobs that the store (which may have outlived a coordinator) says ended lately. */
    EndedJobs(StateStore store, List<ClusterStatus.JobInfo> remembered) {
        this.store = store;
        for (ClusterStatus.JobInfo info : remembered) {
            recent.add(fromStore(info));
        }
    }

    /** An ended job as the store recorded it: its timings were not stored. */
    static JobDetails fromStore(ClusterStatus.JobInfo info) {
        return JobDetails.ended(info, -1, -1, null, List.of());
    }

    /**
     * Remembers how a job ended. With {@code followers} clients following, its last outcomes wait
     * for each of them to collect them (returns {@code true}: call {@link #settle} after
     * {@link #SETTLE_AFTER}); without, they are written now.
     */
    boolean add(JobDetails ended, PendingWrites writes, int followers) {
        recent.addFirst(ended);
        if (recent.size() > SHOWN) {
            recent.removeLast();
        }
        ending.put(ended.id(), new Ending(ended.summary(), writes, followers));
        if (followers == 0) {
            settle(ended.id());
        }
        return followers > 0;
    }

    /** Writes an ended job's last outcomes and its end record, if they still wait. */
    void settle(String jobId) {
        Ending done = ending.remove(jobId);
        if (done != null) {
            done.writes.flushTo(store, jobId);
            store.saveJobEnd(done.info);
        }
    }

    void settleAll() {
        List.copyOf(ending.keySet()).forEach(this::settle);
    }

    /**
     * A client holds every outcome of an ended job. Once every client that followed it to its end
     * has said so, what waits is never written and what was written goes. Returns whether the job
     * stopped waiting. A client that says so after the wait is over changes nothing: the outcomes
     * stay for the retention time, for clients that have not collected them.
     */
    boolean collected(String jobId) {
        Ending done = ending.get(jobId);
        if (done == null || --done.awaiting > 0) {
            return false;
        }
        ending.remove(jobId);
        store.saveJobEnd(done.info);
        store.dropOutcomes(jobId); // after the end record: a takeover in between finds an ended job
        return true;
    }

    /** The record of one of the most recently ended jobs, or {@code null}; memory only. */
    ClusterStatus.JobInfo findRecent(String jobId) {
        JobDetails details = recentDetails(jobId);
        return details == null ? null : details.summary();
    }

    /** What is known of one of the most recently ended jobs, or {@code null}; memory only. */
    JobDetails recentDetails(String jobId) {
        for (JobDetails details : recent) {
            if (details.id().equals(jobId)) {
                return details;
            }
        }
        return null;
    }

    /** The most recent ended jobs with their timings, newest first. */
    List<JobDetails> recentDetails() {
        return List.copyOf(recent);
    }

    /** The most recent ended jobs, newest first. */
    List<ClusterStatus.JobInfo> recent() {
        return recent.stream().map(JobDetails::summary).toList();
    }
}
