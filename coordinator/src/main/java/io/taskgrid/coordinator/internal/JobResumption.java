package io.taskgrid.coordinator.internal;

import io.taskgrid.coordinator.scheduling.SchedulerEvent;
import io.taskgrid.internal.protocol.JobSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** The scheduler event that takes up a job a previous coordinator accepted, from what the store recorded of it. */
final class JobResumption {

    private static final Logger log = LoggerFactory.getLogger(JobManager.class);

    private JobResumption() {
    }

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
