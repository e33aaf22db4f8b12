package io.taskgrid.coordinator.scheduling;

import io.taskgrid.cluster.HoldPolicy;
import io.taskgrid.cluster.SlotKind;
import io.taskgrid.coordinator.scheduling.Instruction.Assign;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@link Scheduler}'s hand-out of pending subtasks for credits: round-robin across the jobs
 * with subtasks ready, in batches, each job within what one worker may hold of it, and a
 * quarantined subtask only to an idle worker, alone. Its cost is in the credits spent, not in the
 * number of jobs running.
 */
final class Dispatcher {

    /** The jobs with subtasks ready, one queue per {@link SlotKind}. */
    private final RunQueue[] runnable = {new RunQueue(), new RunQueue()};
    /** Jobs that had a quarantined subtask when last marked runnable (some may have none left by now). */
    private final Set<JobEntry> withQuarantined = new LinkedHashSet<>();
    private final Transitions transitions;

    Dispatcher(Transitions transitions) {
        this.transitions = transitions;
    }

    /** Spends every worker's credits, as far as there is work ready. */
    void dispatch(Collection<WorkerEntry> workers, List<Instruction> out) {
        for (WorkerEntry worker : workers) {
            if (nothingRunnable()) {
                return;
            }
            spend(worker, out);
        }
    }

    private boolean nothingRunnable() {
        for (RunQueue queue : runnable) {
            if (!queue.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Spends the worker's credits on pending subtasks: CPU credits on CPU jobs, async credits on
     * async jobs. The cost is in the credits spent, not in the jobs running.
     */
    void spend(WorkerEntry worker, List<Instruction> out) {
        if (worker.runsQuarantined || (worker.hasCredits() && worker.held.isEmpty() && assignQuarantined(worker, out))) {
            return;
        }
        for (SlotKind kind : SlotKind.values()) {
            spend(worker, kind, out);
        }
    }

    /**
     * Spends the worker's credits of one kind in rounds that share them among the queue's jobs,
     * each job within the worker's {@link #holdLimit} for it.
     */
    private void spend(WorkerEntry worker, SlotKind kind, List<Instruction> out) {
        RunQueue queue = runnable[kind.ordinal()];
        boolean assigned = true;
        while (assigned && worker.credits(kind) > 0 && !queue.isEmpty()) {
            assigned = false;
            int jobsThisRound = queue.size();
            int share = share(worker.credits(kind), jobsThisRound);
            for (int i = 0; i < jobsThisRound && worker.credits(kind) > 0; i++) {
                JobEntry job = queue.poll();
                int room = holdLimit(worker, job) - worker.heldOf(job.jobId);
                int n = Math.min(Math.min(share, worker.credits(kind)), Math.min(room, job.readyForBatches()));
                if (n > 0) {
                    assign(worker, job, n, out);
                    assigned = true;
                }
                markRunnable(job);
            }
        }
    }

    /** Credits split evenly among {@code jobs} (rounded up). */
    private static int share(int credits, int jobs) {
        return jobs == 0 ? 0 : (credits + jobs - 1) / jobs;
    }

    /**
     * Gives an idle worker one quarantined subtask, alone, if any job has one; returns whether it did.
     * Quarantined subtasks thus wait for a worker to run out of other work.
     */
    private boolean assignQuarantined(WorkerEntry worker, List<Instruction> out) {
        for (var it = withQuarantined.iterator(); it.hasNext(); ) {
            JobEntry job = it.next();
            if (!job.hasQuarantined()) {
                it.remove();
                continue;
            }
            if (worker.credits(job.kind) <= 0) {
                continue;
            }
            int index = job.takeQuarantined();
            transitions.actingWorker(worker.workerId);
            int attempt = job.assign(index, transitions);
            worker.hold(job.jobId, index);
            worker.spend(job, 1);
            worker.runsQuarantined = true;
            job.workersSeen.add(worker.workerId);
            if (job.ready() == 0) {
                queueOf(job).remove(job);
            }
            out.add(new Assign(transitions.stimulus(), worker.workerId, job.jobId, new int[]{index}, new int[]{attempt}));
            return true;
        }
        return false;
    }

    /** How many of a job's subtasks a worker may hold, at the job's measured pace: see {@link HoldPolicy}. */
    static int holdLimit(WorkerEntry worker, JobEntry job) {
        return HoldPolicy.limit(job.kind, worker.slots(job.kind), job.meanRunNanos());
    }

    private void assign(WorkerEntry worker, JobEntry job, int n, List<Instruction> out) {
        int[] indices = new int[n];
        int[] attempts = new int[n];
        transitions.actingWorker(worker.workerId);
        for (int i = 0; i < n; i++) {
            int index = job.takePending();
            indices[i] = index;
            attempts[i] = job.assign(index, transitions);
            worker.hold(job.jobId, index);
        }
        worker.spend(job, n);
        job.workersSeen.add(worker.workerId);
        out.add(new Assign(transitions.stimulus(), worker.workerId, job.jobId, indices, attempts));
    }

    /** Puts the job in its run queue if it has subtasks ready (and notes any quarantined ones). */
    void markRunnable(JobEntry job) {
        if (job.hasQuarantined()) {
            withQuarantined.add(job);
        }
        if (!job.runnable && job.ready() > 0) {
            queueOf(job).add(job);
        }
    }

    /** Takes an ended job out of the queues. */
    void remove(JobEntry job) {
        queueOf(job).remove(job);
        withQuarantined.remove(job);
    }

    private RunQueue queueOf(JobEntry job) {
        return runnable[job.kind.ordinal()];
    }
}
