package io.taskgrid.coordinator.internal;

import io.taskgrid.ClusterStatus;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job manager's memory of ended jobs: the most recent (for status, which must not touch the
 * store on every request), and, for the jobs that clients followed to their end, how many of those
 * clients have yet to say that they hold every outcome. Once all have, the outcomes go from the
 * store; until then, or when a client never says so, they stay for the retention time. Only the
 * job manager's thread calls this.
 */
final class EndedJobs {

    /** How many ended jobs status shows. */
    static final int SHOWN = 50;

    /** How many ended jobs wait for their clients to say they collected them; the oldest stops waiting first. */
    static final int AWAITED = 10_000;

    private final StateStore store;
    private final ArrayDeque<JobDetails> recent = new ArrayDeque<>();
    /** Clients that followed a job to its end and have not said they collected it, by job, oldest first. */
    private final Map<String, Integer> awaiting = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > AWAITED;
        }
    };

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

    /** Records how a job ended, which {@code followers} clients followed to its end. */
    void add(JobDetails ended, int followers) {
        recent.addFirst(ended);
        if (recent.size() > SHOWN) {
            recent.removeLast();
        }
        store.saveJobEnd(ended.summary());
        if (followers > 0) {
            awaiting.put(ended.id(), followers);
        }
    }

    /**
     * A client holds every outcome of an ended job. Once every client that followed it to its end
     * has said so, its outcomes go from the store. A client that says so about a job that no
     * longer waits changes nothing: the outcomes stay for the retention time.
     */
    void collected(String jobId) {
        Integer left = awaiting.get(jobId);
        if (left == null) {
            return;
        }
        if (left > 1) {
            awaiting.put(jobId, left - 1);
        } else {
            awaiting.remove(jobId);
            store.dropOutcomes(jobId);
        }
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
