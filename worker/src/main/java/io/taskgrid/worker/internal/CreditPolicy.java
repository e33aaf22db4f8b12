package io.taskgrid.worker.internal;

import io.taskgrid.cluster.HoldPolicy;
import io.taskgrid.cluster.SlotKind;

/**
 * The worker's credit ledger, per {@link SlotKind}: how many subtasks it holds (received and not
 * yet reported: queued or running here), how many credits it granted that the coordinator has not
 * spent yet, and so how many more to ask for. How many to hold is {@link HoldPolicy}'s rule, the
 * same the coordinator's scheduler follows, fed with the smoothed run time of this worker's CPU
 * subtasks. Pure: no clock, no threads; the agent's thread only.
 */
final class CreditPolicy {

    private static final double SMOOTHING = 0.2;

    private final int[] slots = new int[SlotKind.values().length];
    private final int[] held = new int[SlotKind.values().length];
    private final int[] outstanding = new int[SlotKind.values().length];
    private double meanRunNanos = -1;

    CreditPolicy(int threads, int asyncSlots) {
        slots[SlotKind.CPU.ordinal()] = threads;
        slots[SlotKind.ASYNC.ordinal()] = asyncSlots;
    }

    /** Feeds how long one CPU subtask ran. */
    void recordRun(long runNanos) {
        meanRunNanos = meanRunNanos < 0 ? runNanos : meanRunNanos + SMOOTHING * (runNanos - meanRunNanos);
    }

    /** How many subtasks of {@code kind} the worker should hold now. */
    int target(SlotKind kind) {
        return HoldPolicy.limit(kind, slots[kind.ordinal()], meanRunNanos < 0 ? -1 : Math.round(meanRunNanos));
    }

    /** {@code count} subtasks of {@code kind} arrived: they are held, and spent that many credits. */
    void received(SlotKind kind, int count) {
        held[kind.ordinal()] += count;
        outstanding[kind.ordinal()] = Math.max(0, outstanding[kind.ordinal()] - count);
    }

    /** {@code count} held subtasks of {@code kind} were reported (or dropped): they are no longer held. */
    void released(SlotKind kind, int count) {
        held[kind.ordinal()] -= count;
    }

    /** How many subtasks it holds, of every kind. */
    int heldInAll() {
        int all = 0;
        for (int count : held) {
            all += count;
        }
        return all;
    }

    /**
     * How many credits of {@code kind} to ask for now, counted as granted; 0 when the request would
     * be too small to be worth a message.
     */
    int request(SlotKind kind) {
        int k = kind.ordinal();
        int target = target(kind);
        int missing = target - held[k] - outstanding[k];
        if (missing < HoldPolicy.worthAsking(kind, slots[k], target)) {
            return 0;
        }
        outstanding[k] += missing;
        return missing;
    }
}
