package io.taskgrid.coordinator.scheduling;

import io.taskgrid.JobState;
import io.taskgrid.coordinator.scheduling.Instruction.Assign;
import io.taskgrid.coordinator.scheduling.Instruction.DeliverFailures;
import io.taskgrid.coordinator.scheduling.Instruction.DeliverResults;
import io.taskgrid.coordinator.scheduling.Instruction.FinishJob;
import io.taskgrid.coordinator.scheduling.Instruction.ReleaseJob;
import io.taskgrid.coordinator.scheduling.Instruction.RetryLater;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.CreditsGranted;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.JobCancelRequested;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.JobDeadlinePassed;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.JobResumed;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.RetriesDue;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.JobSubmitted;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.SubtasksFailed;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.SubtasksStarted;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.SubtasksSucceeded;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.WorkerJoined;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.WorkerLeft;
import io.taskgrid.internal.protocol.RemoteFailure;
import io.taskgrid.internal.protocol.SubtaskFailure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * <p>Not thread-safe: one owner (the job manager actor) calls it.
 */
public final class Scheduler {

    private final Map<String, JobEntry> jobs = new LinkedHashMap<>();
    private final Map<String, WorkerEntry> workers = new LinkedHashMap<>();
    private final Transitions transitions;
    private final Dispatcher dispatcher;

    public Scheduler() {
        this((from, to) -> {
        });
    }

    /** A scheduler that tells {@code transitionListener} about every subtask transition (for tests). */
    public Scheduler(BiConsumer<SubtaskState, SubtaskState> transitionListener) {
        this.transitions = new Transitions(transitionListener);
        this.dispatcher = new Dispatcher(transitions);
    }

    /** Applies one event; returns what to do about it, in order. */
    public List<Instruction> handle(SchedulerEvent event) {
        transitions.recordEvent(event);
        List<Instruction> out = new ArrayList<>();
        if (event instanceof SubtasksSucceeded e) {
            onSubtasksSucceeded(e, out);
        } else if (event instanceof CreditsGranted e) {
            onCreditsGranted(e, out);
        } else if (event instanceof SubtasksStarted e) {
            onSubtasksStarted(e);
        } else if (event instanceof SubtasksFailed e) {
            onSubtasksFailed(e, out);
        } else if (event instanceof JobSubmitted e) {
            onJobSubmitted(e, out);
        } else if (event instanceof JobCancelRequested e) {
            endEarly(e.jobId(), JobState.CANCELLED, e.reason(), out);
        } else if (event instanceof JobDeadlinePassed e) {
            endEarly(e.jobId(), JobState.FAILED, e.reason(), out);
        } else if (event instanceof RetriesDue e) {
            onRetriesDue(e, out);
        } else if (event instanceof JobResumed e) {
            onJobResumed(e, out);
        } else if (event instanceof WorkerJoined e) {
            workers.putIfAbsent(e.workerId(), new WorkerEntry(e.workerId(), e.threads(), e.asyncSlots()));
        } else if (event instanceof WorkerLeft e) {
            onWorkerLeft(e, out);
        } else if (event instanceof SchedulerEvent.WorkerDraining e) {
            onWorkerDraining(e);
        }
        return out;
    }

    private void onJobSubmitted(JobSubmitted event, List<Instruction> out) {
        if (jobs.containsKey(event.jobId())) {
            throw new IllegalArgumentException("job " + event.jobId() + " was already submitted");
        }
        JobEntry job = new JobEntry(event.jobId(), event.subtaskCount(), event.policy(), event.async());
        jobs.put(job.jobId, job);
        dispatcher.markRunnable(job);
        dispatcher.dispatch(workers.values(), out);
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
        dispatcher.markRunnable(job);
        dispatcher.dispatch(workers.values(), out);
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
        dispatcher.dispatch(workers.values(), out);
    }

    private void onWorkerDraining(SchedulerEvent.WorkerDraining event) {
        WorkerEntry worker = workers.get(event.workerId());
        if (worker != null) {
            worker.draining = true;
            worker.credits = 0;
            worker.asyncCredits = 0;
        }
    }

    private void onCreditsGranted(CreditsGranted event, List<Instruction> out) {
        WorkerEntry worker = workers.get(event.workerId());
        if (worker != null && !worker.draining) {
            worker.credits += event.credits();
            worker.asyncCredits += event.asyncCredits();
            dispatcher.spend(worker, out);
        }
    }

    private void onSubtasksStarted(SubtasksStarted event) {
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

    private void onSubtasksSucceeded(SubtasksSucceeded event, List<Instruction> out) {
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
                accepted[count] = index;
                positions[count++] = i;
            }
        }
        if (count > 0) {
            job.recordRunTime(count, event.runNanos());
            out.add(new DeliverResults(job.jobId, worker.workerId,
                    count == indices.length ? accepted : Arrays.copyOf(accepted, count),
                    count == indices.length ? event.values() : event.values().select(positions, count)));
        }
        finishIfDone(job, out);
        dispatcher.spend(worker, out);
    }

    private void onSubtasksFailed(SubtasksFailed event, List<Instruction> out) {
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
            if (event.retryable()[i] && job.failures(index) < job.maxAttempts) {
                retry(job, index, retriesByDelay);
            } else {
                transitions.move(job, index, SubtaskState.FAILED);
                finalFailures.add(new SubtaskFailure(index, job.attempt(index), worker.workerId, event.failures()[i]));
            }
        }
        retriesByDelay.forEach((delay, indices) -> out.add(new RetryLater(job.jobId,
                indices.stream().mapToInt(Integer::intValue).toArray(), delay)));
        if (!finalFailures.isEmpty()) {
            out.add(new DeliverFailures(job.jobId, finalFailures));
            if (job.policy.failFast()) {
                endEarly(job.jobId, JobState.FAILED, "subtask " + finalFailures.get(0).index() + " failed for good and "
                        + "the job is fail-fast, so the rest were cancelled", out);
                dispatcher.dispatch(workers.values(), out);
                return;
            }
        }
        dispatcher.dispatch(workers.values(), out);
        finishIfDone(job, out);
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

    private void onWorkerLeft(WorkerLeft event, List<Instruction> out) {
        WorkerEntry worker = workers.remove(event.workerId());
        if (worker == null) {
            return;
        }
        List<String> failedFast = new ArrayList<>();
        worker.held.forEach((jobId, indices) -> {
            JobEntry job = jobs.get(jobId);
            List<SubtaskFailure> poisonous = new ArrayList<>();
            indices.forEach(index -> {
                if (job.losses(index) + 1 >= job.policy.maxWorkerLosses()) {
                    transitions.move(job, index, SubtaskState.FAILED);
                    poisonous.add(new SubtaskFailure(index, job.attempt(index), worker.workerId, poisonous(job, index)));
                } else {
                    job.returnAfterLoss(index, transitions);
                }
            });
            if (!poisonous.isEmpty()) {
                out.add(new DeliverFailures(jobId, poisonous));
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
        dispatcher.dispatch(workers.values(), out);
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
    private void endEarly(String jobId, JobState state, String reason, List<Instruction> out) {
        JobEntry job = jobs.get(jobId);
        if (job == null) {
            return;
        }
        for (WorkerEntry worker : workers.values()) {
            IntSet indices = worker.dropJob(job.jobId);
            if (indices != null) {
                indices.forEach(index -> transitions.move(job, index, SubtaskState.CANCELLED));
            }
        }
        job.cancelPending(transitions);
        finish(job, state, reason, out);
    }

    private boolean isHeld(JobEntry job, WorkerEntry worker, int index, int attempt) {
        IntSet held = worker.held.get(job.jobId);
        return held != null && index >= 0 && index < job.count && job.state(index).isOnWorker()
                && job.attempt(index) == attempt && held.contains(index);
    }

    // ---- ending jobs ----

    private void finishIfDone(JobEntry job, List<Instruction> out) {
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
                out.add(new ReleaseJob(workerId, job.jobId, why, reason != null));
            }
        }
        out.add(new FinishJob(job.jobId, state, job.countIn(SubtaskState.SUCCEEDED),
                job.countIn(SubtaskState.FAILED), reason));
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
        return worker == null ? 0 : worker.credits;
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
