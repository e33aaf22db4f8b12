package io.taskgrid.coordinator.scheduling;

import io.taskgrid.JobState;
import io.taskgrid.cluster.SlotKind;
import io.taskgrid.coordinator.scheduling.Instruction.DeliverFailures;
import io.taskgrid.coordinator.scheduling.Instruction.FinishJob;
import io.taskgrid.coordinator.scheduling.Instruction.ReleaseJob;
import io.taskgrid.coordinator.scheduling.Instruction.TellProgress;
import io.taskgrid.coordinator.scheduling.Instruction.WatchDeadline;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.CreditsGranted;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.JobCancelRequested;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.JobDeadlinePassed;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.JobResumed;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.RetriesDue;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.JobSubmitted;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.SubtasksFailed;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.SubtasksStarted;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.SubtasksSucceeded;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.WorkerDraining;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.WorkerJoined;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.WorkerLeft;
import io.taskgrid.internal.protocol.RemoteFailure;
import io.taskgrid.internal.protocol.SubtaskFailure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The scheduling logic, as a pure state machine: {@link #handle(SchedulerEvent)} takes one event
 * and returns the instructions it leads to. No actors, sockets, threads or clocks in here, so
 * every decision can be tested by feeding events.
 *
 * <p>Pull with credits: a worker grants credits (room in its queue); the scheduler spends them on
 * pending subtasks, round-robin across the jobs that have any, in batches (one {@link Assign} per
 * worker and job per round). How many of one job's subtasks a worker may hold is the scheduler's
 * call, from the job's measured subtask duration ({@link Dispatcher#holdLimit}): enough to hide a refill
 * round trip, and no more, so that long subtasks stay spread over every worker, including ones
 * that join late. A report counts only if it names the attempt a worker currently holds, so
 * late, repeated and stale reports change nothing: each result is delivered once.
 *
 * <p>It decides every move, including the ones that only tell people something (progress, a
 * worker drained or lost); its shell carries them out. Each event gets a number, its stimulus id,
 * which the instructions it leads to repeat, and every subtask move is written into a
 * {@link Story} under that number ({@link #storyOf}).
 *
 * <p>Not thread-safe: one owner (the job manager actor) calls it.
 */
public final class Scheduler {

    private final Map<String, JobEntry> jobs = new LinkedHashMap<>();
    private final Map<String, WorkerEntry> workers = new LinkedHashMap<>();
    private final Transitions transitions;
    private final Dispatcher dispatcher;
    private final AttemptReports reports;

    public Scheduler() {
        this((from, to) -> {
        });
    }

    /** A scheduler that tells {@code transitionListener} about every subtask transition (for tests). */
    public Scheduler(BiConsumer<SubtaskState, SubtaskState> transitionListener) {
        this.transitions = new Transitions(transitionListener);
        this.dispatcher = new Dispatcher(transitions);
        this.reports = new AttemptReports(this, jobs, workers, transitions, dispatcher);
    }

    /**
     * Applies one event; returns what to do about it, in order.
     *
     * @throws IllegalArgumentException for an event it does not know (a bug in the shell)
     */
    public List<Instruction> handle(SchedulerEvent event) {
        transitions.recordEvent(event);
        List<Instruction> out = new ArrayList<>();
        if (event instanceof SubtasksSucceeded e) {
            reports.onSubtasksSucceeded(e, out);
        } else if (event instanceof CreditsGranted e) {
            onCreditsGranted(e, out);
        } else if (event instanceof SubtasksStarted e) {
            reports.onSubtasksStarted(e);
        } else if (event instanceof SchedulerEvent.ProgressReported e) {
            reports.onProgressReported(e);
        } else if (event instanceof SubtasksFailed e) {
            reports.onSubtasksFailed(e, out);
        } else if (event instanceof SchedulerEvent.ProgressDue) {
            onProgressDue(out);
        } else if (event instanceof JobSubmitted e) {
            onJobSubmitted(e, out);
        } else if (event instanceof JobCancelRequested e) {
            endEarly(e.jobId(), JobState.CANCELLED, e.reason(), out);
        } else if (event instanceof JobDeadlinePassed e) {
            onDeadlinePassed(e, out);
        } else if (event instanceof RetriesDue e) {
            onRetriesDue(e, out);
        } else if (event instanceof JobResumed e) {
            onJobResumed(e, out);
        } else if (event instanceof WorkerJoined e) {
            workers.putIfAbsent(e.workerId(), new WorkerEntry(e.workerId(), e.threads(), e.asyncSlots()));
        } else if (event instanceof WorkerLeft e) {
            onWorkerLeft(e, out);
        } else if (event instanceof WorkerDraining e) {
            onWorkerDraining(e, out);
        } else {
            throw new IllegalArgumentException("the scheduler has no rule for " + event);
        }
        return out;
    }

    private long stimulus() {
        return transitions.stimulus();
    }

    private void onJobSubmitted(JobSubmitted event, List<Instruction> out) {
        if (jobs.containsKey(event.jobId())) {
            throw new IllegalArgumentException("job " + event.jobId() + " was already submitted");
        }
        JobEntry job = new JobEntry(event.jobId(), event.subtaskCount(), event.policy(), event.async());
        jobs.put(job.jobId, job);
        watchDeadline(job, out);
        dispatcher.markRunnable(job);
        dispatch(out);
    }

    private void watchDeadline(JobEntry job, List<Instruction> out) {
        if (job.policy.deadlineMillis() > 0) {
            out.add(new WatchDeadline(stimulus(), job.jobId, job.policy.deadlineMillis()));
        }
    }

    private void onDeadlinePassed(JobDeadlinePassed event, List<Instruction> out) {
        JobEntry job = jobs.get(event.jobId());
        if (job != null) {
            int unfinished = job.pending() + job.countIn(SubtaskState.ASSIGNED) + job.countIn(SubtaskState.RUNNING);
            endEarly(job.jobId, JobState.FAILED, "the job's deadline of " + job.policy.deadlineMillis() + " ms passed with "
                    + unfinished + " of " + job.count + " subtasks unfinished; they were cancelled", out);
        }
    }

    private void onJobResumed(JobResumed event, List<Instruction> out) {
        if (jobs.containsKey(event.jobId())) {
            throw new IllegalArgumentException("job " + event.jobId() + " is already running");
        }
        JobEntry job = new JobEntry(event.jobId(), event.subtaskCount(), event.policy(), event.async());
        for (int index : event.succeeded()) {
            job.restore(index, SubtaskState.SUCCEEDED);
        }
        for (int index : event.failed()) {
            job.restore(index, SubtaskState.FAILED);
        }
        jobs.put(job.jobId, job);
        if (job.isFinished() || (job.policy.failFast() && job.countIn(SubtaskState.FAILED) > 0)) {
            endEarly(job.jobId, job.countIn(SubtaskState.FAILED) > 0 ? JobState.FAILED : JobState.SUCCEEDED,
                    null, out);
            return;
        }
        watchDeadline(job, out);
        dispatcher.markRunnable(job);
        dispatch(out);
    }

    private void onRetriesDue(RetriesDue event, List<Instruction> out) {
        JobEntry job = jobs.get(event.jobId());
        if (job == null) {
            return;
        }
        for (int index : event.indices()) {
            job.unpark(index);
        }
        dispatcher.markRunnable(job);
        dispatch(out);
    }

    private void onWorkerDraining(WorkerDraining event, List<Instruction> out) {
        WorkerEntry worker = workers.get(event.workerId());
        if (worker != null && !worker.draining) {
            worker.draining = true;
            worker.voidCredits();
            out.add(new Instruction.DrainWorker(stimulus(), worker.workerId, worker.heldCount(), event.requestedBy()));
        }
    }

    private void onProgressDue(List<Instruction> out) {
        for (JobEntry job : jobs.values()) {
            if (job.takeProgressChanged()) {
                int onWorkers = job.countIn(SubtaskState.ASSIGNED) + job.countIn(SubtaskState.RUNNING);
                out.add(new TellProgress(stimulus(), job.jobId, onWorkers, job.partialProgress()));
            }
        }
    }

    private void onCreditsGranted(CreditsGranted event, List<Instruction> out) {
        WorkerEntry worker = workers.get(event.workerId());
        if (worker != null && !worker.draining) {
            worker.grant(SlotKind.CPU, event.credits());
            worker.grant(SlotKind.ASYNC, event.asyncCredits());
            dispatcher.spend(worker, out);
        }
    }

    private void onWorkerLeft(WorkerLeft event, List<Instruction> out) {
        WorkerEntry worker = workers.remove(event.workerId());
        if (worker == null) {
            return;
        }
        int returned = worker.draining && worker.held.isEmpty() ? 0 : worker.heldCount();
        out.add(new Instruction.ForgetWorker(stimulus(), worker.workerId, returned,
                worker.draining && worker.held.isEmpty()));
        List<String> failedFast = new ArrayList<>();
        worker.held.forEach((jobId, indices) -> {
            JobEntry job = jobs.get(jobId);
            List<SubtaskFailure> poisonous = new ArrayList<>();
            indices.forEach(index -> {
                job.leftWorkers(index);
                if (job.losses(index) + 1 >= job.policy.maxWorkerLosses()) {
                    transitions.move(job, index, SubtaskState.FAILED);
                    poisonous.add(new SubtaskFailure(index, job.attempt(index), worker.workerId, poisonous(job, index)));
                } else {
                    job.returnAfterLoss(index, transitions);
                }
            });
            if (!poisonous.isEmpty()) {
                out.add(new DeliverFailures(stimulus(), jobId, poisonous));
                if (job.policy.failFast()) {
                    failedFast.add(jobId);
                }
            }
            dispatcher.markRunnable(job);
        });
        for (String jobId : failedFast) {
            endEarly(jobId, JobState.FAILED, "a subtask was poisonous and the job is fail-fast, so the rest were "
                    + "cancelled", out);
        }
        dispatch(out);
        for (String jobId : worker.held.keySet()) {
            JobEntry job = jobs.get(jobId);
            if (job != null) {
                finishIfDone(job, out);
            }
        }
    }

    private static RemoteFailure poisonous(JobEntry job, int index) {
        return RemoteFailure.of("io.taskgrid.PoisonousSubtask", "subtask " + index + " of job " + job.jobId
                + " was running on " + job.policy.maxWorkerLosses() + " workers that were lost (killed, crashed or cut off), the "
                + "last time as the only subtask there; it is likely what brings its worker down (System.exit, out "
                + "of memory, a native crash), so it is not tried again");
    }

    /** Ends a job before all its subtasks did: what is pending or on workers is cancelled. */
    void endEarly(String jobId, JobState state, String reason, List<Instruction> out) {
        JobEntry job = jobs.get(jobId);
        if (job == null) {
            return;
        }
        for (WorkerEntry worker : workers.values()) {
            IntSet indices = worker.dropJob(job.jobId);
            if (indices != null) {
                transitions.actingWorker(worker.workerId);
                indices.forEach(index -> transitions.move(job, index, SubtaskState.CANCELLED));
            }
        }
        transitions.actingWorker(null);
        job.cancelPending(transitions);
        finish(job, state, reason, out);
    }

    /** Spends every worker's credits, as far as there is work ready. */
    void dispatch(List<Instruction> out) {
        dispatcher.dispatch(workers.values(), out);
    }

    // ---- ending jobs ----

    void finishIfDone(JobEntry job, List<Instruction> out) {
        if (job.isFinished()) {
            int failed = job.countIn(SubtaskState.FAILED);
            finish(job, failed > 0 ? JobState.FAILED : JobState.SUCCEEDED, null, out);
        }
    }

    private void finish(JobEntry job, JobState state, String reason, List<Instruction> out) {
        jobs.remove(job.jobId);
        dispatcher.remove(job);
        String why = reason != null ? reason : "job " + state.name().toLowerCase();
        for (String workerId : job.workersSeen) {
            if (workers.containsKey(workerId)) {
                out.add(new ReleaseJob(stimulus(), workerId, job.jobId, why, reason != null));
            }
        }
        out.add(new FinishJob(stimulus(), job.jobId, state, job.countIn(SubtaskState.SUCCEEDED),
                job.countIn(SubtaskState.FAILED), reason, job.meanRunNanos()));
    }

    // ---- views, for status and tests ----

    /** The counts of a running job's subtasks by state, or {@code null} if the job is not running. */
    public Map<SubtaskState, Integer> countsOf(String jobId) {
        JobEntry job = jobs.get(jobId);
        if (job == null) {
            return null;
        }
        Map<SubtaskState, Integer> counts = new LinkedHashMap<>();
        for (SubtaskState state : SubtaskState.values()) {
            counts.put(state, job.countIn(state));
        }
        return counts;
    }

    /** How many of a running job's subtasks are in {@code state}; 0 if the job is not running. */
    public int countIn(String jobId, SubtaskState state) {
        JobEntry job = jobs.get(jobId);
        return job == null ? 0 : job.countIn(state);
    }

    /** How many subtasks a worker holds now; 0 for an unknown worker. */
    public int heldBy(String workerId) {
        WorkerEntry worker = workers.get(workerId);
        return worker == null ? 0 : worker.heldCount();
    }

    /** Whether the worker was asked to drain: it takes nothing new. */
    public boolean isDraining(String workerId) {
        WorkerEntry worker = workers.get(workerId);
        return worker != null && worker.draining;
    }

    /** How many unspent credits a worker has granted. */
    public int creditsOf(String workerId) {
        WorkerEntry worker = workers.get(workerId);
        return worker == null ? 0 : worker.credits(SlotKind.CPU);
    }

    /** The mean run time of a running job's finished attempts, in nanoseconds; -1 before the first or if not running. */
    public long meanRunNanos(String jobId) {
        JobEntry job = jobs.get(jobId);
        return job == null ? -1 : job.meanRunNanos();
    }

    /**
     * The moves of one subtask that the scheduler still remembers (the last {@link Story#CAPACITY}
     * moves of all jobs), oldest first; they outlive the job.
     */
    public List<StoryLine> storyOf(String jobId, int index) {
        return transitions.story().of(jobId, index);
    }

    /** The state of one subtask of a running job, or {@code null} if the job is not running or has no such subtask. */
    public SubtaskState stateOf(String jobId, int index) {
        JobEntry job = jobs.get(jobId);
        return job == null || index < 0 || index >= job.count ? null : job.state(index);
    }

    /** Whether the job is running (accepted and not ended). */
    public boolean isRunning(String jobId) {
        return jobs.containsKey(jobId);
    }

    /**
     * Checks that the bookkeeping agrees with itself: per job, the state counts add up and the
     * subtasks on workers are exactly those the workers hold.
     *
     * @throws IllegalStateException describing the first disagreement
     */
    public void checkInvariants() {
        for (JobEntry job : jobs.values()) {
            int sum = 0;
            for (SubtaskState state : SubtaskState.values()) {
                sum += job.countIn(state);
            }
            int onWorkers = job.countIn(SubtaskState.ASSIGNED) + job.countIn(SubtaskState.RUNNING);
            int held = 0;
            for (WorkerEntry worker : workers.values()) {
                IntSet indices = worker.held.get(job.jobId);
                held += indices == null ? 0 : indices.size();
            }
            if (sum != job.count || held != onWorkers || (job.runnable && !job.queued)
                    || job.runnable != (job.ready() > 0)) {
                throw new IllegalStateException("job " + job.jobId + ": states add up to " + sum + " of "
                        + job.count + ", workers hold " + held + " of " + onWorkers + " on workers, runnable="
                        + job.runnable + " with " + job.ready() + " ready of " + job.pending() + " pending");
            }
        }
    }
}
