package io.taskgrid.coordinator.scheduling;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The scheduler's table of one job's subtasks: a state byte and an attempt byte per subtask, and
 * counts per state. Subtasks never handed out sit implicitly in {@code [nextFresh, count)}; ones
 * that came back (retries, lost workers) wait in {@code returned}. So a pending subtask costs two
 * bytes and no object.
 */
final class JobEntry {

    final String jobId;
    final int count;
    final int maxAttempts;

    private final byte[] states;
    private final byte[] attempts;
    private byte[] failures;
    private int nextFresh;
    private final IntQueue returned = new IntQueue();
    private final int[] countByState = new int[SubtaskState.values().length];
    final Set<String> workersSeen = new LinkedHashSet<>();
    /** Whether the job sits in the scheduler's queue of jobs with pending subtasks. */
    boolean runnable;
    private long measuredRuns;
    private long measuredNanos;

    JobEntry(String jobId, int count, int maxAttempts) {
        this.jobId = jobId;
        this.count = count;
        this.maxAttempts = maxAttempts;
        this.states = new byte[count];
        this.attempts = new byte[count];
        countByState[SubtaskState.PENDING.ordinal()] = count;
    }

    /** Feeds how long {@code runs} finished attempts ran, in all. */
    void recordRunTime(int runs, long nanos) {
        measuredRuns += runs;
        measuredNanos += Math.max(0, nanos);
    }

    /** The mean run time of the job's finished attempts so far, or -1 before the first one. */
    long meanRunNanos() {
        return measuredRuns == 0 ? -1 : measuredNanos / measuredRuns;
    }

    SubtaskState state(int index) {
        return SubtaskState.ofOrdinal(states[index]);
    }

    /** The attempt number of the subtask's latest assignment; 0 if never assigned. */
    int attempt(int index) {
        return attempts[index] & 0xFF;
    }

    /** How many attempts of the subtask failed. */
    int failures(int index) {
        return failures == null ? 0 : failures[index] & 0xFF;
    }

    int countIn(SubtaskState state) {
        return countByState[state.ordinal()];
    }

    int pending() {
        return countIn(SubtaskState.PENDING);
    }

    boolean isFinished() {
        return countIn(SubtaskState.SUCCEEDED) + countIn(SubtaskState.FAILED) + countIn(SubtaskState.CANCELLED) == count;
    }

    /** Takes the next pending subtask (returned ones first) or -1 if none. */
    int takePending() {
        if (!returned.isEmpty()) {
            return returned.poll();
        }
        return nextFresh < count ? nextFresh++ : -1;
    }

    /** Moves the subtask to ASSIGNED with the next attempt number, which it returns. */
    int assign(int index, Transitions transitions) {
        transitions.move(this, index, SubtaskState.ASSIGNED);
        int attempt = attempt(index) + 1;
        if (attempt > 255) {
            throw new IllegalStateException("subtask " + index + " of job " + jobId + " was assigned 255 times");
        }
        attempts[index] = (byte) attempt;
        return attempt;
    }

    /** Sends the subtask back to pending (retry or lost worker). */
    void returnToPending(int index, Transitions transitions) {
        transitions.move(this, index, SubtaskState.PENDING);
        returned.add(index);
    }

    void recordFailure(int index) {
        if (failures == null) {
            failures = new byte[count];
        }
        failures[index] = (byte) Math.min(255, failures(index) + 1);
    }

    /** Sets the state of one subtask; only {@link Transitions} calls it, after checking. */
    void setState(int index, SubtaskState from, SubtaskState to) {
        states[index] = (byte) to.ordinal();
        countByState[from.ordinal()]--;
        countByState[to.ordinal()]++;
    }

    /** Cancels every pending subtask without visiting the ones never handed out. */
    void cancelPending(Transitions transitions) {
        while (!returned.isEmpty()) {
            transitions.move(this, returned.poll(), SubtaskState.CANCELLED);
        }
        int neverAssigned = count - nextFresh;
        for (int index = nextFresh; index < count; index++) {
            states[index] = (byte) SubtaskState.CANCELLED.ordinal();
        }
        nextFresh = count;
        countByState[SubtaskState.PENDING.ordinal()] -= neverAssigned;
        countByState[SubtaskState.CANCELLED.ordinal()] += neverAssigned;
    }
}
