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

    /** No store: the views never touch it. */
    private static final StateStore NO_STORE = (StateStore) java.lang.reflect.Proxy.newProxyInstance(
            StateStore.class.getClassLoader(), new Class<?>[]{StateStore.class}, (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void theDashboardListsTheRunningJobsSubmittedLastAndCountsThemAll() {
        Scheduler scheduler = new Scheduler();
        List<JobContext> running = new ArrayList<>();
        int jobs = Dashboard.RUNNING_SHOWN + 50;
        for (int i = 0; i < jobs; i++) {
            running.add(start(scheduler, "job-" + i, 1));
        }

        Dashboard dashboard = ClusterViews.dashboard("c", running, new EndedJobs(NO_STORE, List.of()), new Workers(null), scheduler,
                new ClusterActivity(), 0);

        assertThat(dashboard.jobsRunning()).isEqualTo(jobs);
        assertThat(dashboard.jobs()).extracting(Dashboard.JobView::id).containsExactlyElementsOf(
                java.util.stream.IntStream.range(50, jobs).mapToObj(i -> "job-" + i).toList());
    }

    private static JobContext start(Scheduler scheduler, String id, int subtasks) {
        scheduler.handle(new SchedulerEvent.JobSubmitted(id, subtasks, RunPolicy.DEFAULT));
        return new JobContext(new JobSpec(id, "n", RunPolicy.DEFAULT,
                new SubtaskSource.RangeSource(new byte[]{1}, 0, subtasks, 1), List.of()), 0);
    }

    @Test
    void metricsCountEveryJobButGiveSeriesOnlyToTheLargest() {
        Scheduler scheduler = new Scheduler();
        List<JobContext> running = new ArrayList<>();
        int jobs = ClusterViews.JOBS_WITH_SERIES * 3;
        long total = 0;
        for (int i = 0; i < jobs; i++) {
            int subtasks = 1 + (i * 7919) % jobs; // every size from 1 to jobs, in a scrambled order
            String id = "job-" + subtasks;
            running.add(start(scheduler, id, subtasks));
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
