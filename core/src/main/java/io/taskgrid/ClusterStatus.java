package io.taskgrid;

import java.util.List;

/**
 * A snapshot of the cluster as the coordinator sees it.
 *
 * @param coordinatorId the coordinator's id
 * @param version       the coordinator's Taskgrid version
 * @param workers       the registered workers
 * @param jobs          the running jobs and the recently ended ones
 */
public record ClusterStatus(String coordinatorId, String version, List<Worker> workers, List<JobInfo> jobs) {

    /**
     * A worker.
     *
     * @param id      the worker's id
     * @param host    the host it runs on
     * @param pid     its process id
     * @param threads the size of its CPU thread pool
     * @param running how many subtasks it holds now (running or queued on it)
     */
    public record Worker(String id, String host, long pid, int threads, int running) {
    }

    /**
     * A job.
     *
     * @param id        the job's id
     * @param name      its name
     * @param state     its state
     * @param total     how many subtasks it has
     * @param succeeded how many succeeded
     * @param failed    how many failed for good
     * @param running   how many are on workers now
     * @param submittedAtMillis when it was accepted, in milliseconds since the epoch
     */
    public record JobInfo(String id, String name, JobState state, int total, int succeeded, int failed,
                          int running, long submittedAtMillis) {
    }
}
