package io.taskgrid.coordinator.scheduling;

import java.util.HashMap;
import java.util.Map;

/**
 * What the scheduler knows of one worker: its capacity, unspent credits and the subtasks it
 * holds, by job. CPU threads and async slots are two kinds of capacity, with credits of their own.
 */
final class WorkerEntry {

    final String workerId;
    final int threads;
    final int asyncSlots;
    int credits;
    int asyncCredits;
    final Map<String, IntSet> held = new HashMap<>();
    /**
     * The set a job's last release emptied, kept with its capacity for the next hold: a worker that
     * runs short subtasks empties its set after every batch and would otherwise regrow one each time.
     */
    private IntSet spare;
    /** Whether the one subtask this worker holds is quarantined: it gets nothing else meanwhile. */
    boolean runsQuarantined;
    /** Whether it takes nothing new (it was asked to drain). */
    boolean draining;

    WorkerEntry(String workerId, int threads, int asyncSlots) {
        this.workerId = workerId;
        this.threads = threads;
        this.asyncSlots = asyncSlots;
    }

    /** The unspent credits for subtasks of {@code job}'s kind. */
    int creditsFor(JobEntry job) {
        return credits(job.async);
    }

    /** The unspent credits for async subtasks, or else for CPU ones. */
    int credits(boolean async) {
        return async ? asyncCredits : credits;
    }

    /** Spends {@code n} credits of {@code job}'s kind. */
    void spend(JobEntry job, int n) {
        if (job.async) {
            asyncCredits -= n;
        } else {
            credits -= n;
        }
    }

    boolean hasCredits() {
        return credits > 0 || asyncCredits > 0;
    }

    /** How many of the job's subtasks this worker holds. */
    int heldOf(String jobId) {
        IntSet indices = held.get(jobId);
        return indices == null ? 0 : indices.size();
    }

    void hold(String jobId, int index) {
        IntSet indices = held.get(jobId);
        if (indices == null) {
            indices = spare != null ? spare : new IntSet();
            spare = null;
            held.put(jobId, indices);
        }
        indices.add(index);
    }

    /** Stops holding the subtask; {@code false} if it did not hold it. */
    boolean release(String jobId, int index) {
        IntSet indices = held.get(jobId);
        if (indices == null || !indices.remove(index)) {
            return false;
        }
        if (indices.isEmpty()) {
            held.remove(jobId);
            spare = indices;
            runsQuarantined = false; // it held only the quarantined one
        }
        return true;
    }

    /** Stops holding any of the job's subtasks; returns the ones it held, or {@code null}. */
    IntSet dropJob(String jobId) {
        IntSet indices = held.remove(jobId);
        if (held.isEmpty()) {
            runsQuarantined = false;
        }
        return indices;
    }

    int heldCount() {
        int total = 0;
        for (IntSet indices : held.values()) {
            total += indices.size();
        }
        return total;
    }
}
