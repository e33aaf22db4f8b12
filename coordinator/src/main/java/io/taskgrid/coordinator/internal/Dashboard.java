package io.taskgrid.coordinator.internal;

import io.taskgrid.JobState;

import java.util.List;

/**
 * What the dashboard page polls ({@code GET /api/dashboard}): the workers with their last
 * heartbeat, the jobs, and the task stream of the last minute, aggregated on the coordinator so
 * the page gets a few hundred bars however many subtasks ran.
 *
 * @param nowMillis   the coordinator's clock, which every time here is on
 * @param jobs        the running jobs submitted last (at most {@link #RUNNING_SHOWN}), then the
 *                    most recently ended
 * @param jobsRunning how many jobs are running, shown or not
 */
public record Dashboard(String coordinatorId, String version, long nowMillis, List<WorkerView> workers,
                        List<JobView> jobs, int jobsRunning, TaskStream taskStream) {

    /** The most running jobs the page lists: thousands of small jobs would make every poll slow. */
    public static final int RUNNING_SHOWN = 100;

    /**
     * A job as the dashboard shows it: running ones first, then the most recently ended.
     *
     * @param elapsedMillis how long it ran (or has run so far); -1 when not known (ended before a restart)
     */
    public record JobView(String id, String name, JobState state, int total, int succeeded, int failed, int running,
                          long submittedAtMillis, long elapsedMillis) {
        static JobView of(JobDetails job) {
            return new JobView(job.id(), job.name(), job.state(), job.total(), job.succeeded(), job.failed(),
                    job.running(), job.submittedAtMillis(), job.elapsedMillis());
        }
    }

    /**
     * A worker as the dashboard shows it.
     *
     * @param running        subtasks it holds (running or queued on it)
     * @param lastSeenMillis when its last activity report arrived, 0 before the first
     * @param draining       whether it takes nothing new and leaves when done
     */
    public record WorkerView(String id, String host, long pid, int threads, int asyncSlots, int running,
                             long lastSeenMillis, boolean draining) {
    }

    /** The task stream of the window {@code [fromMillis, toMillis]}. */
    public record TaskStream(long fromMillis, long toMillis, List<Segment> segments) {
    }

    /**
     * Subtasks of one job that ran back to back on one lane of one worker: lanes 0 to threads-1
     * are its CPU threads, lane {@code threads} its event loop (async subtasks).
     */
    public record Segment(String worker, int lane, String job, long start, long end, int count) {
    }
}
