package io.taskgrid.coordinator.scheduling;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of one subtask, as the coordinator tracks it. The legal transitions are all in
 * {@link #TRANSITIONS}:
 *
 * <pre>
 *   PENDING ──▶ ASSIGNED ──▶ RUNNING ──▶ SUCCEEDED | FAILED
 *      ▲           │  ╰──────────────────▶ SUCCEEDED | FAILED   (finished before its start was reported)
 *      ╰───────────┴──────────╯  back to PENDING: retry after a failure, or its worker left
 *   any state that is not terminal ──▶ CANCELLED
 * </pre>
 */
public enum SubtaskState {
    /** Waiting to be handed to a worker. */
    PENDING,
    /** Sent to a worker, queued there. */
    ASSIGNED,
    /** The worker reported that it is running. */
    RUNNING,
    /** Finished with a result, which was delivered once. */
    SUCCEEDED,
    /** Failed for good: its retries are spent. */
    FAILED,
    /** Its job was cancelled before it finished. */
    CANCELLED;

    private static final SubtaskState[] BY_ORDINAL = values();

    /** Every legal transition: from each state, the states it may go to. */
    public static final Map<SubtaskState, Set<SubtaskState>> TRANSITIONS = transitions();

    private static Map<SubtaskState, Set<SubtaskState>> transitions() {
        Map<SubtaskState, Set<SubtaskState>> table = new EnumMap<>(SubtaskState.class);
        table.put(PENDING, EnumSet.of(ASSIGNED, CANCELLED));
        table.put(ASSIGNED, EnumSet.of(RUNNING, SUCCEEDED, FAILED, PENDING, CANCELLED));
        table.put(RUNNING, EnumSet.of(SUCCEEDED, FAILED, PENDING, CANCELLED));
        table.put(SUCCEEDED, EnumSet.noneOf(SubtaskState.class));
        table.put(FAILED, EnumSet.noneOf(SubtaskState.class));
        table.put(CANCELLED, EnumSet.noneOf(SubtaskState.class));
        table.replaceAll((from, to) -> Collections.unmodifiableSet(to));
        return Collections.unmodifiableMap(table);
    }

    /** Whether the subtask has ended and will not change again. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** Whether a worker holds the subtask (queued or running there). */
    public boolean isOnWorker() {
        return this == ASSIGNED || this == RUNNING;
    }

    /** Whether moving from this state to {@code next} is legal. */
    public boolean canMoveTo(SubtaskState next) {
        return TRANSITIONS.get(this).contains(next);
    }

    static SubtaskState ofOrdinal(int ordinal) {
        return BY_ORDINAL[ordinal];
    }
}
