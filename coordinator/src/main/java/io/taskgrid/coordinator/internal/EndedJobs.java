package io.taskgrid.coordinator.internal;

import io.taskgrid.ClusterStatus;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The records of ended jobs: the most recent in memory (for status, which must not touch the
 * store on every request), every one within the retention time in the {@link StateStore}.
 */
final class EndedJobs {

    /** How many ended jobs status shows. */
    static final int SHOWN = 50;

    private final StateStore store;
    private final ArrayDeque<ClusterStatus.JobInfo> recent = new ArrayDeque<>();

    EndedJobs(StateStore store) {
        this.store = store;
        recent.addAll(store.endedJobs(SHOWN)); // what a store that outlived us remembers
    }

    void add(ClusterStatus.JobInfo ended) {
        store.saveJobEnd(ended);
        recent.addFirst(ended);
        if (recent.size() > SHOWN) {
            recent.removeLast();
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
