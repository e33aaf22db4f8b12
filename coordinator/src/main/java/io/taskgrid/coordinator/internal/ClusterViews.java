package io.taskgrid.coordinator.internal;

import io.taskgrid.ClusterStatus;
import io.taskgrid.cluster.CoordinatorMessage.RegisterWorker;
import io.taskgrid.internal.TaskgridVersion;
import io.taskgrid.coordinator.scheduling.Scheduler;
import io.taskgrid.coordinator.scheduling.SubtaskState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The job manager's state as people and tools see it: the status (CLI, HTTP API), the dashboard,
 * and the snapshot behind the metrics' gauges. Built on the job manager's thread.
 */
final class ClusterViews {

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
        for (JobContext job : running) {
            jobs.add(Dashboard.JobView.of(JobDetails.running(job, scheduler, nowMillis)));
        }
        for (JobDetails job : ended.recentDetails()) {
            jobs.add(Dashboard.JobView.of(job));
        }
        return new Dashboard(coordinatorId, TaskgridVersion.get(), nowMillis, views, jobs,
                activity.taskStream(nowMillis));
    }

    static CoordinatorMetrics.Snapshot metrics(Collection<JobContext> running, Workers workers, Scheduler scheduler) {
        long pending = 0;
        long onWorkers = 0;
        List<CoordinatorMetrics.JobLoad> jobs = new ArrayList<>(running.size());
        for (JobContext job : running) {
            Map<SubtaskState, Integer> counts = scheduler.countsOf(job.id());
            int jobPending = counts.get(SubtaskState.PENDING);
            int jobRunning = counts.get(SubtaskState.ASSIGNED) + counts.get(SubtaskState.RUNNING);
            pending += jobPending;
            onWorkers += jobRunning;
            jobs.add(new CoordinatorMetrics.JobLoad(job.id(), job.spec.name(), jobPending, jobRunning));
        }
        List<CoordinatorMetrics.WorkerLoad> loads = new ArrayList<>();
        for (Workers.Worker worker : workers.all()) {
            loads.add(new CoordinatorMetrics.WorkerLoad(worker.id(), worker.registration().host(),
                    scheduler.heldBy(worker.id()), worker.registration().threads()));
        }
        return new CoordinatorMetrics.Snapshot(pending, onWorkers, jobs, loads);
    }
}
