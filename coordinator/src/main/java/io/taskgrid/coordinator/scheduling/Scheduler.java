package io.taskgrid.coordinator.scheduling;

import io.taskgrid.JobState;
import io.taskgrid.coordinator.scheduling.Instruction.Assign;
import io.taskgrid.coordinator.scheduling.Instruction.DeliverFailures;
import io.taskgrid.coordinator.scheduling.Instruction.DeliverResults;
import io.taskgrid.coordinator.scheduling.Instruction.FinishJob;
import io.taskgrid.coordinator.scheduling.Instruction.ReleaseJob;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.CreditsGranted;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.JobCancelRequested;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.JobSubmitted;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.SubtasksFailed;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.SubtasksStarted;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.SubtasksSucceeded;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.WorkerJoined;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.WorkerLeft;
import io.taskgrid.internal.protocol.RemoteFailure;
import io.taskgrid.internal.protocol.SubtaskFailure;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
 * call, from the job's measured subtask duration ({@link #holdLimit}): enough to hide a refill
 * round trip, and no more, so that long subtasks stay spread over every worker, including ones
 * that join late. A report counts only if it names the attempt a worker currently holds, so
 * late, repeated and stale reports change nothing: each result is delivered once.
 *
 * <p>Not thread-safe: one owner (the job manager actor) calls it.
 */
public final class Scheduler {

    /** The time a worker waits for a refill (report, schedule, send): queued work should cover it. */
    static final long REFILL_ROUND_TRIP_NANOS = 2_000_000;

    /** The most subtasks of one job that one worker holds at once. */
    static final int MAX_HELD_PER_JOB = 4096;

    /** A subtask whose workers were lost this many times is failed as poisonous, not retried. */
    static final int MAX_LOST_ATTEMPTS = 3;

    private final Map<String, JobEntry> jobs = new LinkedHashMap<>();
    private final Map<String, WorkerEntry> workers = new LinkedHashMap<>();
    private final ArrayDeque<JobEntry> runnable = new ArrayDeque<>();
    private final Transitions transitions;

    public Scheduler() {
        this((from, to) -> {
        });
    }

    /** A scheduler that tells {@code transitionListener} about every subtask transition (for tests). */
    public Scheduler(BiConsumer<SubtaskState, SubtaskState> transitionListener) {
        this.transitions = new Transitions(transitionListener);
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
            onJobCancelRequested(e, out);
        } else if (event instanceof WorkerJoined e) {
            workers.putIfAbsent(e.workerId(), new WorkerEntry(e.workerId(), e.threads()));
        } else if (event instanceof WorkerLeft e) {
            onWorkerLeft(e, out);
        }
        return out;
    }

    private void onJobSubmitted(JobSubmitted event, List<Instruction> out) {
        if (jobs.containsKey(event.jobId())) {
            throw new IllegalArgumentException("job " + event.jobId() + " was already submitted");
        }
        JobEntry job = new JobEntry(event.jobId(), event.subtaskCount(), event.maxAttempts());
        jobs.put(job.jobId, job);
        markRunnable(job);
        dispatch(out);
    }

    private void onCreditsGranted(CreditsGranted event, List<Instruction> out) {
        WorkerEntry worker = workers.get(event.workerId());
        if (worker != null) {
            worker.credits += event.credits();
            spend(worker, out);
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
        byte[][] values = new byte[indices.length][];
        int count = 0;
        for (int i = 0; i < indices.length; i++) {
            int index = indices[i];
            if (isHeld(job, worker, index, event.attempts()[i])) {
                worker.release(job.jobId, index);
                transitions.move(job, index, SubtaskState.SUCCEEDED);
                accepted[count] = index;
                values[count++] = event.values()[i];
            }
        }
        if (count > 0) {
            job.recordRunTime(count, event.runNanos());
            out.add(new DeliverResults(job.jobId, worker.workerId,
                    count == indices.length ? accepted : Arrays.copyOf(accepted, count),
                    count == indices.length ? values : Arrays.copyOf(values, count)));
        }
        finishIfDone(job, out);
        spend(worker, out);
    }

    private void onSubtasksFailed(SubtasksFailed event, List<Instruction> out) {
        JobEntry job = jobs.get(event.jobId());
        WorkerEntry worker = workers.get(event.workerId());
        if (job == null || worker == null) {
            return;
        }
        List<SubtaskFailure> finalFailures = new ArrayList<>();
        job.recordRunTime(event.indices().length, event.runNanos());
        for (int i = 0; i < event.indices().length; i++) {
            int index = event.indices()[i];
            if (!isHeld(job, worker, index, event.attempts()[i])) {
                continue;
            }
            worker.release(job.jobId, index);
            job.recordFailure(index);
            if (job.failures(index) < job.maxAttempts) {
                job.returnToPending(index, transitions);
                markRunnable(job);
            } else {
                transitions.move(job, index, SubtaskState.FAILED);
                finalFailures.add(new SubtaskFailure(index, job.attempt(index), worker.workerId, event.failures()[i]));
            }
        }
        if (!finalFailures.isEmpty()) {
            out.add(new DeliverFailures(job.jobId, finalFailures));
        }
        dispatch(out);
        finishIfDone(job, out);
    }

    private void onWorkerLeft(WorkerLeft event, List<Instruction> out) {
        WorkerEntry worker = workers.remove(event.workerId());
        if (worker == null) {
            return;
        }
        worker.held.forEach((jobId, indices) -> {
            JobEntry job = jobs.get(jobId);
            List<SubtaskFailure> poisonous = new ArrayList<>();
            indices.forEach(index -> {
                if (job.attempt(index) - job.failures(index) >= MAX_LOST_ATTEMPTS) {
                    transitions.move(job, index, SubtaskState.FAILED);
                    poisonous.add(new SubtaskFailure(index, job.attempt(index), worker.workerId, poisonous(job, index)));
                } else {
                    job.returnToPending(index, transitions);
                }
            });
            if (!poisonous.isEmpty()) {
                out.add(new DeliverFailures(jobId, poisonous));
            }
            markRunnable(job);
        });
        dispatch(out);
        for (String jobId : worker.held.keySet()) {
            finishIfDone(jobs.get(jobId), out);
        }
    }

    private static RemoteFailure poisonous(JobEntry job, int index) {
        return RemoteFailure.of("io.taskgrid.PoisonousSubtask", "subtask " + index + " of job " + job.jobId
                + " was running on " + MAX_LOST_ATTEMPTS + " workers that were lost (killed, crashed or cut off); it "
                + "may be what brings its worker down (System.exit, out of memory, a native crash), so it is not "
                + "tried again");
    }

    private void onJobCancelRequested(JobCancelRequested event, List<Instruction> out) {
        JobEntry job = jobs.get(event.jobId());
        if (job == null) {
            return;
        }
        for (WorkerEntry worker : workers.values()) {
            IntSet indices = worker.held.remove(job.jobId);
            if (indices != null) {
                indices.forEach(index -> transitions.move(job, index, SubtaskState.CANCELLED));
            }
        }
        job.cancelPending(transitions);
        finish(job, JobState.CANCELLED, event.reason(), out);
    }

    // ---- spending credits ----

    private void dispatch(List<Instruction> out) {
        for (WorkerEntry worker : workers.values()) {
            if (runnable.isEmpty()) {
                return;
            }
            spend(worker, out);
        }
    }

    /**
     * Spends the worker's credits on pending subtasks, in rounds that share them among the runnable
     * jobs, each job within the worker's {@link #holdLimit} for it.
     */
    private void spend(WorkerEntry worker, List<Instruction> out) {
        boolean assigned = true;
        while (assigned && worker.credits > 0 && !runnable.isEmpty()) {
            assigned = false;
            int jobsThisRound = runnable.size();
            int share = (worker.credits + jobsThisRound - 1) / jobsThisRound;
            for (int i = 0; i < jobsThisRound && worker.credits > 0; i++) {
                JobEntry job = runnable.poll();
                job.runnable = false;
                int room = holdLimit(worker, job) - worker.heldOf(job.jobId);
                int n = Math.min(Math.min(share, worker.credits), Math.min(room, job.pending()));
                if (n > 0) {
                    assign(worker, job, n, out);
                    assigned = true;
                }
                markRunnable(job);
            }
        }
    }

    /**
     * How many of a job's subtasks a worker may hold: one running per thread plus enough queued to
     * cover a refill round trip at the job's measured pace; one queued per thread until the job
     * has a measured pace.
     */
    static int holdLimit(WorkerEntry worker, JobEntry job) {
        long mean = job.meanRunNanos();
        long queuedPerThread = mean < 0 ? 1 : Math.max(1, (REFILL_ROUND_TRIP_NANOS + mean - 1) / Math.max(1, mean));
        return (int) Math.min(MAX_HELD_PER_JOB, worker.threads * (1 + queuedPerThread));
    }

    private void assign(WorkerEntry worker, JobEntry job, int n, List<Instruction> out) {
        int[] indices = new int[n];
        int[] attempts = new int[n];
        for (int i = 0; i < n; i++) {
            int index = job.takePending();
            indices[i] = index;
            attempts[i] = job.assign(index, transitions);
            worker.hold(job.jobId, index);
        }
        worker.credits -= n;
        job.workersSeen.add(worker.workerId);
        out.add(new Assign(worker.workerId, job.jobId, indices, attempts));
    }

    private void markRunnable(JobEntry job) {
        if (!job.runnable && job.pending() > 0) {
            job.runnable = true;
            runnable.add(job);
        }
    }

    private boolean isHeld(JobEntry job, WorkerEntry worker, int index, int attempt) {
        return index >= 0 && index < job.count && job.state(index).isOnWorker()
                && job.attempt(index) == attempt && worker.held.containsKey(job.jobId)
                && worker.held.get(job.jobId).contains(index);
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
        if (job.runnable) {
            runnable.remove(job);
            job.runnable = false;
        }
        String why = reason != null ? reason : "job " + state.name().toLowerCase();
        for (String workerId : job.workersSeen) {
            if (workers.containsKey(workerId)) {
                out.add(new ReleaseJob(workerId, job.jobId, why));
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

    /** How many subtasks a worker holds now; 0 for an unknown worker. */
    public int heldBy(String workerId) {
        WorkerEntry worker = workers.get(workerId);
        return worker == null ? 0 : worker.heldCount();
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
            if (sum != job.count || held != onWorkers || job.runnable != runnable.contains(job)
                    || job.runnable != (job.pending() > 0)) {
                throw new IllegalStateException("job " + job.jobId + ": states add up to " + sum + " of "
                        + job.count + ", workers hold " + held + " of " + onWorkers + " on workers, runnable="
                        + job.runnable + " with " + job.pending() + " pending");
            }
        }
    }
}
