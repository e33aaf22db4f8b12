package io.taskgrid.coordinator.internal;

import io.taskgrid.coordinator.scheduling.Scheduler;
import io.taskgrid.coordinator.scheduling.SchedulerEvent;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.protocol.RunPolicy;
import io.taskgrid.internal.protocol.SubtaskSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterViewsTest {

    @Test
    void metricsCountEveryJobButGiveSeriesOnlyToTheLargest() {
        Scheduler scheduler = new Scheduler();
        List<JobContext> running = new ArrayList<>();
        int jobs = ClusterViews.JOBS_WITH_SERIES * 3;
        long total = 0;
        for (int i = 0; i < jobs; i++) {
            int subtasks = 1 + (i * 7919) % jobs; // every size from 1 to jobs, in a scrambled order
            String id = "job-" + subtasks;
            running.add(new JobContext(new JobSpec(id, "n", RunPolicy.DEFAULT,
                    new SubtaskSource.RangeSource(new byte[]{1}, 0, subtasks, 1), List.of()), 0, 0));
            scheduler.handle(new SchedulerEvent.JobSubmitted(id, subtasks, RunPolicy.DEFAULT));
            total += subtasks;
        }

        CoordinatorMetrics.Snapshot snapshot = ClusterViews.metrics(running, new Workers(null), scheduler);

        assertThat(snapshot.pending()).isEqualTo(total);
        assertThat(snapshot.jobsRunning()).isEqualTo(jobs);
        assertThat(snapshot.largestJobs()).extracting(CoordinatorMetrics.JobLoad::jobId)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, ClusterViews.JOBS_WITH_SERIES)
                        .mapToObj(i -> "job-" + (jobs - i)).toList());
    }
}
