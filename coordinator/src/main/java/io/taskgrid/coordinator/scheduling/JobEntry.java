package io.taskgrid.coordinator.scheduling;

import io.taskgrid.cluster.SlotKind;
import io.taskgrid.internal.protocol.RunPolicy;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The scheduler's table of one job's subtasks: a state byte and an attempt byte per subtask, and
 * counts per state. Subtasks never handed out sit implicitly in {@code [nextFresh, count)}; ones
 * that came back (retries, lost workers) wait in {@code returned}. So a pending subtask costs two
 * bytes and no object.
 */
final class JobEntry {


    private static final byte PENDING_ORDINAL = (byte) SubtaskState.PENDING.ordinal();

    final String jobId;
    final int count;
    final RunPolicy policy;
    final int maxAttempts;
    /** Where its subtasks run on a worker: on CPU threads, or in async slots. */
    final SlotKind kind;

    private final byte[] states;
    private final byte[] attempts;
    private byte[] failures;
    private int nextFresh;
    private final IntQueue returned = new IntQueue();
    /** Pending subtasks that wait out a retry backoff: not handed out until it is over. */
    private final IntSet parked = new IntSet();
    /**
     * Pending subtasks one lost worker short of poisonous: each runs alone on an idle worker, so
     * that the next loss is blamed on it and not on subtasks that happened to share its worker.
     */
    private final IntQueue quarantined = new IntQueue();
    /** Per subtask, how many workers were lost while they held it; allocated at the first loss. */
    private byte[] losses;
    private final int[] countByState = new int[SubtaskState.values().length];
    final Set<String> workersSeen = new LinkedHashSet<>();
    /** Whether the job has subtasks ready to hand out and so waits in its {@link RunQueue}. */
    boolean runnable;
    /** Whether the {@link RunQueue} holds an entry for it (a stale one, once it is not runnable). */
    boolean queued;
    private long measuredRuns;
    private long measuredNanos;
    /** What running subtasks last reported of their progress, by index; {@code null} until the first report. */
    private Map<Integer, Double> progress;
    /** Whether the job's progress (or its counts) changed since it was last told. */
    private boolean progressChanged;

    JobEntry(String jobId, int count, RunPolicy policy, boolean async) {
        this.kind = SlotKind.of(async);
        this.jobId = jobId;
        this.count = count;
        this.policy = policy;
        this.maxAttempts = policy.maxRetries() + 1;
        this.states = new byte[count];
        this.attempts = new byte[count];
        countByState[SubtaskState.PENDING.ordinal()] = count;
    }

    /** Feeds how long {@code runs} finished attempts ran, in all. */
    void recordRunTime(int runs, long nanos) {
        measuredRuns += runs;
        measuredNanos += Math.max(0, nanos);
    }

    /** Notes how far a running subtask is, as a fraction of its work. */
    void reportProgress(int index, double fraction) {
        if (progress == null) {
            progress = new HashMap<>();
        }
        progress.put(index, fraction);
        progressChanged = true;
    }

    /** A subtask left the workers (ended, or went back to pending): its partial progress goes. */
    void leftWorkers(int index) {
        if (progress != null) {
            progress.remove(index);
        }
        progressChanged = true;
    }

    /** Whether progress changed since the last call. */
    boolean takeProgressChanged() {
        boolean changed = progressChanged;
        progressChanged = false;
        return changed;
    }

    /** The sum of the progress that running subtasks reported, in subtasks' worth. */
    double partialProgress() {
        double sum = 0;
        if (progress != null) {
            for (double fraction : progress.values()) {
                sum += fraction;
            }
        }
        return sum;
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

    /** Pending subtasks that may be handed out now (not waiting out a backoff), quarantined ones included. */
    int ready() {
        return pending() - parked.size();
    }

    /** Ready subtasks that may go out in a batch (not quarantined). */
    int readyForBatches() {
        return ready() - quarantined.size();
    }

    boolean hasQuarantined() {
        return !quarantined.isEmpty();
    }

    /** Takes a quarantined subtask, or -1 if none. */
    int takeQuarantined() {
        return quarantined.isEmpty() ? -1 : quarantined.poll();
    }

    /** How many workers were lost while they held the subtask. */
    int losses(int index) {
        return losses == null ? 0 : losses[index] & 0xFF;
    }

    /** Sends the subtask back to pending after its worker was lost; quarantined once it was on enough of them. */
    void returnAfterLoss(int index, Transitions transitions) {
        transitions.move(this, index, SubtaskState.PENDING);
        if (losses == null) {
            losses = new byte[count];
        }
        losses[index] = (byte) Math.min(255, losses(index) + 1);
        if (isQuarantinable(index)) {
            quarantined.add(index);
        } else {
            returned.add(index);
        }
    }

    boolean isFinished() {
        return countIn(SubtaskState.SUCCEEDED) + countIn(SubtaskState.FAILED) + countIn(SubtaskState.CANCELLED) == count;
    }

    /** Takes the next ready subtask (returned ones first) or -1 if none. */
    int takePending() {
        if (!returned.isEmpty()) {
            return returned.poll();
        }
        while (nextFresh < count && states[nextFresh] != PENDING_ORDINAL) {
            nextFresh++; // an outcome restored on resume
        }
        return nextFresh < count ? nextFresh++ : -1;
    }

    /** Moves the subtask to ASSIGNED with the next attempt number, which it returns. */
    int assign(int index, Transitions transitions) {
        int attempt = attempt(index) + 1;
        if (attempt > 255) {
            throw new IllegalStateException("subtask " + index + " of job " + jobId + " was assigned 255 times");
        }
        attempts[index] = (byte) attempt; // first, so that the story shows the new attempt
        transitions.move(this, index, SubtaskState.ASSIGNED);
        return attempt;
    }

    /** Sends the subtask back to pending for a retry; a quarantined one stays in quarantine. */
    void returnToPending(int index, Transitions transitions) {
        transitions.move(this, index, SubtaskState.PENDING);
        if (isQuarantinable(index)) {
            quarantined.add(index);
        } else {
            returned.add(index);
        }
    }

    private boolean isQuarantinable(int index) {
        return losses(index) > 0 && losses(index) >= policy.maxWorkerLosses() - 1;
    }

    /** Sends the subtask back to pending, to be handed out only after {@link #unpark}. */
    void park(int index, Transitions transitions) {
        transitions.move(this, index, SubtaskState.PENDING);
        parked.add(index);
    }

    /** Ends a subtask's backoff; returns whether it was waiting one. */
    boolean unpark(int index) {
        if (parked.remove(index)) {
            if (isQuarantinable(index)) {
                quarantined.add(index);
            } else {
                returned.add(index);
            }
            return true;
        }
        return false;
    }

    /**
     * Records an outcome that a previous coordinator saw, when a job is resumed. It is not a
     * transition (nothing ran here), so it bypasses the table; only a fresh subtask may be restored.
     */
    void restore(int index, SubtaskState outcome) {
        if (index < nextFresh || states[index] != PENDING_ORDINAL || !outcome.isTerminal()) {
            throw new IllegalStateException("cannot restore subtask " + index + " of job " + jobId + " as " + outcome);
        }
        setState(index, SubtaskState.PENDING, outcome);
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

    /** Cancels every pending subtask, the ones never handed out in one sweep. */
    void cancelPending(Transitions transitions) {
        while (!returned.isEmpty()) {
            transitions.move(this, returned.poll(), SubtaskState.CANCELLED);
        }
        parked.forEach(index -> transitions.move(this, index, SubtaskState.CANCELLED));
        parked.clear();
        while (!quarantined.isEmpty()) {
            transitions.move(this, quarantined.poll(), SubtaskState.CANCELLED);
        }
        int neverAssigned = 0;
        for (int index = nextFresh; index < count; index++) {
            if (states[index] == PENDING_ORDINAL) {
                states[index] = (byte) SubtaskState.CANCELLED.ordinal();
                neverAssigned++;
            }
        }
        nextFresh = count;
        countByState[SubtaskState.PENDING.ordinal()] -= neverAssigned;
        countByState[SubtaskState.CANCELLED.ordinal()] += neverAssigned;
    }
}
