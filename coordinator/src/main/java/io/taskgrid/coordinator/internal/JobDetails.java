package io.taskgrid.coordinator.internal;

import io.taskgrid.ClusterStatus;
import io.taskgrid.JobState;
import io.taskgrid.coordinator.scheduling.Scheduler;
import io.taskgrid.coordinator.scheduling.SubtaskState;
import io.taskgrid.internal.protocol.SubtaskFailure;

import java.util.List;
import java.util.Map;

/**
 * One job as the HTTP API shows it ({@code GET /api/jobs/{id}}): its counts, its timings and its
 * failures with their remote stack traces (the first {@link #FAILURES_SHOWN}).
 *
 * @param meanSubtaskMillis the mean run time of its finished attempts, or -1 before the first
 * @param reason            why it ended early (cancelled, deadline, fail-fast), or {@code null}
 */
public record JobDetails(String id, String name, JobState state, int total, int succeeded, int failed, int running,
                         int pending, long submittedAtMillis, long elapsedMillis, double meanSubtaskMillis,
                         String reason, List<Failure> failures) {

    /** How many failures a job keeps for this view. */
    static final int FAILURES_SHOWN = 100;

    /** One subtask that failed for good. */
    public record Failure(int index, int attempts, String workerId, String className, String message,
                          String stackTrace) {
        static Failure of(SubtaskFailure failure) {
            return new Failure(failure.index(), failure.attempts(), failure.workerId(), failure.failure().className(),
                    failure.failure().message(), failure.failure().stackTrace());
        }
    }

    /** A running job, as the scheduler counts it now. */
    static JobDetails running(JobContext job, Scheduler scheduler, long nowMillis) {
        Map<SubtaskState, Integer> counts = scheduler.countsOf(job.id());
        return new JobDetails(job.id(), job.spec.name(), JobState.RUNNING, job.spec.subtaskCount(),
                counts.get(SubtaskState.SUCCEEDED), counts.get(SubtaskState.FAILED),
                counts.get(SubtaskState.ASSIGNED) + counts.get(SubtaskState.RUNNING), counts.get(SubtaskState.PENDING),
                job.submittedAtMillis, nowMillis - job.submittedAtMillis, millis(scheduler.meanRunNanos(job.id())), null,
                job.failuresShown());
    }

    /** Nanoseconds as milliseconds; -1 for -1 (not measured). */
    static double millis(long nanos) {
        return nanos < 0 ? -1 : nanos / 1e6;
    }

    /** An ended job: its record, with what the job manager still knows of it (-1 for timings it does not know). */
    static JobDetails ended(ClusterStatus.JobInfo info, long elapsedMillis, double meanSubtaskMillis, String reason,
                            List<Failure> failures) {
        return new JobDetails(info.id(), info.name(), info.state(), info.total(), info.succeeded(), info.failed(), 0, 0,
                info.submittedAtMillis(), elapsedMillis, meanSubtaskMillis, reason, failures);
    }

    /** The summary line of the job, as status shows it. */
    ClusterStatus.JobInfo summary() {
        return new ClusterStatus.JobInfo(id, name, state, total, succeeded, failed, running, submittedAtMillis);
    }
}
