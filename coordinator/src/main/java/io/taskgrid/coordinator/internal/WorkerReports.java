package io.taskgrid.coordinator.internal;

import io.taskgrid.cluster.CoordinatorMessage.FailedAttempt;
import io.taskgrid.cluster.CoordinatorMessage.JobReport;
import io.taskgrid.coordinator.scheduling.SchedulerEvent;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.protocol.RemoteFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** Scheduler events made of what workers reported and of what the state store recorded. */
final class WorkerReports {

    /** The job manager's log: these lines are part of what it does. */
    private static final Logger log = LoggerFactory.getLogger(JobManager.class);

    private WorkerReports() {
    }

    /** The failed attempts of one job's report, column by column; each is logged at debug level. */
    static SchedulerEvent.SubtasksFailed failuresOf(String workerId, JobReport report) {
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

    /** A job that a previous coordinator accepted, with the outcomes the store recorded for it. */
    static SchedulerEvent.JobResumed resumed(JobSpec spec, StateStore.StoredOutcomes outcomes) {
        Set<Integer> succeeded = new HashSet<>();
        outcomes.results().forEach(r -> Arrays.stream(r.indices()).forEach(succeeded::add));
        // a subtask recorded both ways (rerun after a takeover that missed a write): its success stands
        int[] failed = outcomes.failures().stream().mapToInt(f -> f.index()).filter(i -> !succeeded.contains(i))
                .distinct().toArray();
        log.info("Job {} ({}) resumed: {} of {} subtasks had their outcome recorded", spec.jobId(), spec.name(),
                succeeded.size() + failed.length, spec.subtaskCount());
        return new SchedulerEvent.JobResumed(spec.jobId(), spec.subtaskCount(), spec.policy(), spec.source().async(),
                succeeded.stream().mapToInt(Integer::intValue).toArray(), failed);
    }
}
