package io.taskgrid.cluster;

/**
 * How many subtasks a worker holds at once (running plus queued): the one rule that the worker
 * (which asks for credits) and the coordinator's scheduler (which spends them per job) both follow.
 *
 * <p>CPU subtasks: one running per thread plus enough queued per thread to keep it busy during a
 * refill round trip (report, schedule, send) at the subtasks' measured pace, at least one; one
 * queued per thread while the pace is unknown. So long subtasks stay spread over every worker,
 * including ones that join late, and tiny ones hide the round trip. Async subtasks: the slots,
 * since waiting costs them no thread. Pure.
 */
public final class HoldPolicy {

    /** The round trip a refill takes (report, schedule, send), assumed rather than measured. */
    public static final long REFILL_ROUND_TRIP_NANOS = 2_000_000;

    /** The most subtasks of one kind a worker holds at once, whatever their pace. */
    public static final int MAX_HELD = 4096;

    private HoldPolicy() {
    }

    /**
     * How many subtasks of {@code kind} a worker with {@code slots} threads or async slots holds,
     * for subtasks that run {@code meanRunNanos} each ({@code < 0}: not measured yet).
     */
    public static int limit(SlotKind kind, int slots, long meanRunNanos) {
        if (kind == SlotKind.ASYNC) {
            return slots;
        }
        long queuedPerThread = meanRunNanos < 0 ? 1
                : Math.max(1, (REFILL_ROUND_TRIP_NANOS + meanRunNanos - 1) / Math.max(1, meanRunNanos));
        return (int) Math.min(MAX_HELD, slots * (1 + queuedPerThread));
    }

    /**
     * The smallest request for more subtasks worth a message: a quarter of the limit, at most
     * one per thread for CPU subtasks and an eighth of the slots for async ones, at least one.
     */
    public static int worthAsking(SlotKind kind, int slots, int limit) {
        return kind == SlotKind.ASYNC ? Math.max(1, slots / 8) : Math.max(1, Math.min(slots, limit / 4));
    }
}
