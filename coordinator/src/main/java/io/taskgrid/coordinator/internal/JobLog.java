package io.taskgrid.coordinator.internal;

import io.taskgrid.JobState;
import io.taskgrid.internal.protocol.JobSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job manager's lines about jobs starting and ending. A coordinator that serves thousands of
 * small jobs a second (the {@code ExecutorService} adapter) must not write two lines for each, so
 * only what an operator looks for is at INFO: the end of a job that did not succeed or that ran for
 * {@link #LONG_JOB_SECONDS} or longer. Every start and every short successful end is at DEBUG
 * ({@code taskgrid -v}). The lines keep the job manager's logger name.
 */
final class JobLog {

    static final double LONG_JOB_SECONDS = 1.0;

    private static final Logger log = LoggerFactory.getLogger(JobManager.class);

    private JobLog() {
    }

    static void started(JobSpec spec, ClientSession client) {
        if (log.isDebugEnabled()) {
            log.debug("Job {} ({}) started: {} subtasks, from {}", spec.jobId(), spec.name(), spec.subtaskCount(),
                    client.describe());
        }
    }

    static void ended(JobSpec spec, JobState state, int succeeded, int failed, String reason, double seconds) {
        boolean worthInfo = state != JobState.SUCCEEDED || seconds >= LONG_JOB_SECONDS;
        if (worthInfo ? log.isInfoEnabled() : log.isDebugEnabled()) {
            String line = String.format("Job %s (%s) %s: %d of %d subtasks succeeded, %d failed, in %.2f s%s",
                    spec.jobId(), spec.name(), state.name().toLowerCase(), succeeded, spec.subtaskCount(), failed,
                    seconds, reason == null ? "" : " (" + reason + ")");
            if (worthInfo) {
                log.info(line);
            } else {
                log.debug(line);
            }
        }
    }
}
