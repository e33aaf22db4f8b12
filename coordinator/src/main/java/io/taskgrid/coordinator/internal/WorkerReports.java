package io.taskgrid.coordinator.internal;

import io.taskgrid.cluster.CoordinatorMessage.FailedAttempt;
import io.taskgrid.cluster.CoordinatorMessage.JobReport;
import io.taskgrid.coordinator.scheduling.SchedulerEvent;
import io.taskgrid.internal.protocol.RemoteFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** The scheduler events that a worker's report on one job's attempts makes, in order. */
final class WorkerReports {

    /** The job manager's log: these lines are part of what it does. */
    private static final Logger log = LoggerFactory.getLogger(JobManager.class);

    private WorkerReports() {
    }

    /** The events of one job's part of a report: progress, starts, successes, failures; counted in {@code metrics}. */
    static List<SchedulerEvent> eventsOf(String workerId, JobReport report, CoordinatorMetrics metrics) {
        List<SchedulerEvent> events = new ArrayList<>(2);
        if (report.progressIndices().length > 0) {
            events.add(new SchedulerEvent.ProgressReported(workerId, report.jobId(), report.progressIndices(),
                    report.progressFractions()));
        }
        if (report.started().length > 0) {
            events.add(new SchedulerEvent.SubtasksStarted(workerId, report.jobId(), report.started(),
                    report.startedAttempts()));
        }
        if (report.succeeded().length > 0) {
            metrics.subtasksSucceeded(report.succeeded().length);
            events.add(new SchedulerEvent.SubtasksSucceeded(workerId, report.jobId(), report.succeeded(),
                    report.succeededAttempts(), report.values(), report.succeededNanos()));
        }
        if (!report.failed().isEmpty()) {
            metrics.attemptsFailed(report.failed().size());
            events.add(failuresOf(workerId, report));
        }
        return events;
    }

    /** The failed attempts of one job's report, column by column; each is logged at debug level. */
    private static SchedulerEvent.SubtasksFailed failuresOf(String workerId, JobReport report) {
        int n = report.failed().size();
        int[] indices = new int[n];
        int[] attempts = new int[n];
        RemoteFailure[] failures = new RemoteFailure[n];
        boolean[] retryable = new boolean[n];
        for (int i = 0; i < n; i++) {
            FailedAttempt failed = report.failed().get(i);
            indices[i] = failed.index();
            attempts[i] = failed.attempt();
            failures[i] = failed.failure();
            retryable[i] = failed.retryable();
            log.debug("Attempt failed: job={} subtask={} attempt={} worker={}: {}: {}", report.jobId(), failed.index(),
                    failed.attempt(), workerId, failed.failure().className(), failed.failure().message());
        }
        return new SchedulerEvent.SubtasksFailed(workerId, report.jobId(), indices, attempts, failures, retryable,
                report.failedNanos());
    }
}
