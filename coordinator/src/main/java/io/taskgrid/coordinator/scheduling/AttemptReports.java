package io.taskgrid.coordinator.scheduling;

import io.taskgrid.JobState;
import io.taskgrid.coordinator.scheduling.Instruction.DeliverFailures;
import io.taskgrid.coordinator.scheduling.Instruction.DeliverResults;
import io.taskgrid.coordinator.scheduling.Instruction.RetryLater;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.ProgressReported;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.SubtasksFailed;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.SubtasksStarted;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.SubtasksSucceeded;
import io.taskgrid.internal.protocol.SubtaskFailure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the {@link Scheduler} makes of workers' reports on their attempts: started, progressed,
 * succeeded, failed. A report counts only if it names the attempt the worker holds now
 * ({@link #isHeld}), so late, repeated and stale reports change nothing.
 */
final class AttemptReports {

    private final Scheduler scheduler;
    private final Map<String, JobEntry> jobs;
    private final Map<String, WorkerEntry> workers;
    private final Transitions transitions;
    private final Dispatcher dispatcher;

    AttemptReports(Scheduler scheduler, Map<String, JobEntry> jobs, Map<String, WorkerEntry> workers,
                   Transitions transitions, Dispatcher dispatcher) {
        this.scheduler = scheduler;
        this.jobs = jobs;
        this.workers = workers;
        this.transitions = transitions;
        this.dispatcher = dispatcher;
    }

    void onProgressReported(ProgressReported event) {
        JobEntry job = jobs.get(event.jobId());
        WorkerEntry worker = workers.get(event.workerId());
        if (job == null || worker == null) {
            return;
        }
        IntSet held = worker.held.get(job.jobId);
        for (int i = 0; i < event.indices().length; i++) {
            if (held != null && held.contains(event.indices()[i])) {
                job.reportProgress(event.indices()[i], event.fractions()[i]);
            }
        }
    }

    void onSubtasksStarted(SubtasksStarted event) {
        JobEntry job = jobs.get(event.jobId());
        WorkerEntry worker = workers.get(event.workerId());
        if (job == null || worker == null) {
            return;
        }
        for (int i = 0; i < event.indices().length; i++) {
            int index = event.indices()[i];
            if (isHeld(job, worker, index, event.attempts()[i]) && job.state(index) == SubtaskState.ASSIGNED) {
                transitions.move(job, index, SubtaskState.RUNNING);
            }
        }
    }

    void onSubtasksSucceeded(SubtasksSucceeded event, List<Instruction> out) {
        JobEntry job = jobs.get(event.jobId());
        WorkerEntry worker = workers.get(event.workerId());
        if (job == null || worker == null) {
            return;
        }
        int[] indices = event.indices();
        int[] accepted = new int[indices.length];
        int[] positions = new int[indices.length];
        int count = 0;
        for (int i = 0; i < indices.length; i++) {
            int index = indices[i];
            if (isHeld(job, worker, index, event.attempts()[i])) {
                worker.release(job.jobId, index);
                transitions.move(job, index, SubtaskState.SUCCEEDED);
                job.leftWorkers(index);
                accepted[count] = index;
                positions[count++] = i;
            }
        }
        if (count > 0) {
            job.recordRunTime(count, event.runNanos());
            out.add(new DeliverResults(transitions.stimulus(), job.jobId, worker.workerId,
                    count == indices.length ? accepted : Arrays.copyOf(accepted, count),
                    count == indices.length ? event.values() : event.values().select(positions, count)));
        }
        scheduler.finishIfDone(job, out);
        dispatcher.spend(worker, out);
    }

    void onSubtasksFailed(SubtasksFailed event, List<Instruction> out) {
        JobEntry job = jobs.get(event.jobId());
        WorkerEntry worker = workers.get(event.workerId());
        if (job == null || worker == null) {
            return;
        }
        List<SubtaskFailure> finalFailures = new ArrayList<>();
        Map<Long, List<Integer>> retriesByDelay = new TreeMap<>();
        job.recordRunTime(event.indices().length, event.runNanos());
        for (int i = 0; i < event.indices().length; i++) {
            int index = event.indices()[i];
            if (!isHeld(job, worker, index, event.attempts()[i])) {
                continue;
            }
            worker.release(job.jobId, index);
            job.recordFailure(index);
            job.leftWorkers(index);
            if (event.retryable()[i] && job.failures(index) < job.maxAttempts) {
                retry(job, index, retriesByDelay);
            } else {
                transitions.move(job, index, SubtaskState.FAILED);
                finalFailures.add(new SubtaskFailure(index, job.attempt(index), worker.workerId, event.failures()[i]));
            }
        }
        retriesByDelay.forEach((delay, indices) -> out.add(new RetryLater(transitions.stimulus(), job.jobId,
                indices.stream().mapToInt(Integer::intValue).toArray(), delay)));
        if (!finalFailures.isEmpty()) {
            out.add(new DeliverFailures(transitions.stimulus(), job.jobId, finalFailures));
            if (job.policy.failFast()) {
                scheduler.endEarly(job.jobId, JobState.FAILED, "subtask " + finalFailures.get(0).index() + " failed for good and "
                        + "the job is fail-fast, so the rest were cancelled", out);
                scheduler.dispatch(out);
                return;
            }
        }
        scheduler.dispatch(out);
        scheduler.finishIfDone(job, out);
    }

    /** Sends a failed subtask back to pending, at once or after its backoff. */
    private void retry(JobEntry job, int index, Map<Long, List<Integer>> retriesByDelay) {
        long delay = job.policy.backoffMillis(job.failures(index));
        if (delay <= 0) {
            job.returnToPending(index, transitions);
            dispatcher.markRunnable(job);
        } else {
            job.park(index, transitions);
            retriesByDelay.computeIfAbsent(delay, d -> new ArrayList<>()).add(index);
        }
    }

    boolean isHeld(JobEntry job, WorkerEntry worker, int index, int attempt) {
        IntSet held = worker.held.get(job.jobId);
        return held != null && index >= 0 && index < job.count && job.state(index).isOnWorker()
                && job.attempt(index) == attempt && held.contains(index);
    }
}
