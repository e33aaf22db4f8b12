package io.taskgrid.coordinator.internal;

import io.taskgrid.ClusterStatus;
import io.taskgrid.cluster.CoordinatorMessage.RegisterWorker;
import io.taskgrid.internal.TaskgridVersion;
import io.taskgrid.coordinator.scheduling.Scheduler;
import io.taskgrid.coordinator.scheduling.SubtaskState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The job manager's state as people and tools see it: the status (CLI, HTTP API), the dashboard,
 * and the snapshot behind the metrics' gauges. Built on the job manager's thread.
 */
final class ClusterViews {

    /** How many of the running jobs get series of their own in the metrics: the ones with most left. */
    static final int JOBS_WITH_SERIES = 20;

    private static final Comparator<CoordinatorMetrics.JobLoad> BY_SUBTASKS_LEFT =
            Comparator.comparingLong(ClusterViews::subtasksLeft);

    private ClusterViews() {
    }

    static ClusterStatus status(String coordinatorId, Collection<JobContext> running, EndedJobs ended,
                                Workers workers, Scheduler scheduler, long nowMillis) {
        List<ClusterStatus.JobInfo> jobs = new ArrayList<>();
        for (JobContext job : running) {
            jobs.add(JobDetails.running(job, scheduler, nowMillis).summary());
        }
        jobs.addAll(ended.recent());
        return new ClusterStatus(coordinatorId, TaskgridVersion.get(), workers.describe(scheduler::heldBy), jobs);
    }

    static Dashboard dashboard(String coordinatorId, Collection<JobContext> running, EndedJobs ended, Workers workers,
                               Scheduler scheduler, ClusterActivity activity, long nowMillis) {
        List<Dashboard.WorkerView> views = new ArrayList<>();
        for (Workers.Worker worker : workers.all()) {
            RegisterWorker r = worker.registration();
            views.add(new Dashboard.WorkerView(worker.id(), r.host(), r.pid(), r.threads(), r.asyncSlots(),
                    scheduler.heldBy(worker.id()), activity.lastSeenMillis(worker.id()),
                    scheduler.isDraining(worker.id())));
        }
        List<Dashboard.JobView> jobs = new ArrayList<>();
        int skipped = running.size() - Dashboard.RUNNING_SHOWN; // the ones submitted first
        for (JobContext job : running) {
            if (skipped-- <= 0) {
                jobs.add(Dashboard.JobView.of(JobDetails.running(job, scheduler, nowMillis)));
            }
        }
        for (JobDetails job : ended.recentDetails()) {
            jobs.add(Dashboard.JobView.of(job));
        }
        return new Dashboard(coordinatorId, TaskgridVersion.get(), nowMillis, views, jobs, running.size(),
                activity.taskStream(nowMillis));
    }

    static CoordinatorMetrics.Snapshot metrics(Collection<JobContext> running, Workers workers, Scheduler scheduler) {
        long pending = 0;
        long onWorkers = 0;
        PriorityQueue<CoordinatorMetrics.JobLoad> largest = new PriorityQueue<>(BY_SUBTASKS_LEFT);
        for (JobContext job : running) {
            int jobPending = scheduler.countIn(job.id(), SubtaskState.PENDING);
            int jobRunning = scheduler.countIn(job.id(), SubtaskState.ASSIGNED)
                    + scheduler.countIn(job.id(), SubtaskState.RUNNING);
            pending += jobPending;
            onWorkers += jobRunning;
            if (largest.size() < JOBS_WITH_SERIES || jobPending + jobRunning > subtasksLeft(largest.peek())) {
                largest.add(new CoordinatorMetrics.JobLoad(job.id(), job.spec.name(), jobPending, jobRunning));
                if (largest.size() > JOBS_WITH_SERIES) {
                    largest.poll();
                }
            }
        }
        List<CoordinatorMetrics.JobLoad> jobs = new ArrayList<>(largest);
        jobs.sort(BY_SUBTASKS_LEFT.reversed());
        List<CoordinatorMetrics.WorkerLoad> loads = new ArrayList<>();
        for (Workers.Worker worker : workers.all()) {
            loads.add(new CoordinatorMetrics.WorkerLoad(worker.id(), worker.registration().host(),
                    scheduler.heldBy(worker.id()), worker.registration().threads()));
        }
        return new CoordinatorMetrics.Snapshot(pending, onWorkers, running.size(), jobs, loads);
    }

    private static long subtasksLeft(CoordinatorMetrics.JobLoad job) {
        return job.pending() + job.running();
    }
}
