package io.taskgrid.coordinator.scheduling;

import io.taskgrid.cluster.SlotKind;

import java.util.HashMap;
import java.util.Map;

/**
 * What the scheduler knows of one worker: its capacity, unspent credits and the subtasks it
 * holds, by job. CPU threads and async slots are two kinds of capacity, with credits of their own.
 */
final class WorkerEntry {

    final String workerId;
    /** Its threads and async slots, by {@link SlotKind}. */
    private final int[] slots = new int[SlotKind.values().length];
    /** Its unspent credits, by {@link SlotKind}. */
    private final int[] credits = new int[SlotKind.values().length];
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
        slots[SlotKind.CPU.ordinal()] = threads;
        slots[SlotKind.ASYNC.ordinal()] = asyncSlots;
    }

    int slots(SlotKind kind) {
        return slots[kind.ordinal()];
    }

    /** The unspent credits of one kind. */
    int credits(SlotKind kind) {
        return credits[kind.ordinal()];
    }

    void grant(SlotKind kind, int n) {
        credits[kind.ordinal()] += n;
    }

    /** Spends {@code n} credits of {@code job}'s kind. */
    void spend(JobEntry job, int n) {
        credits[job.kind.ordinal()] -= n;
    }

    /** Drops every unspent credit (the worker drains). */
    void voidCredits() {
        java.util.Arrays.fill(credits, 0);
    }

    boolean hasCredits() {
        for (int unspent : credits) {
            if (unspent > 0) {
                return true;
            }
        }
        return false;
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
