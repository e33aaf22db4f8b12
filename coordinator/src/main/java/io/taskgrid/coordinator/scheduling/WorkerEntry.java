package io.taskgrid.coordinator.scheduling;

import java.util.HashMap;
import java.util.Map;

/** What the scheduler knows of one worker: unspent credits and the subtasks it holds, by job. */
final class WorkerEntry {

    final String workerId;
    final int threads;
    int credits;
    final Map<String, IntSet> held = new HashMap<>();
    /** Whether the one subtask this worker holds is quarantined: it gets nothing else meanwhile. */
    boolean runsQuarantined;

    WorkerEntry(String workerId, int threads) {
        this.workerId = workerId;
        this.threads = threads;
    }

    /** How many of the job's subtasks this worker holds. */
    int heldOf(String jobId) {
        IntSet indices = held.get(jobId);
        return indices == null ? 0 : indices.size();
    }

    void hold(String jobId, int index) {
        held.computeIfAbsent(jobId, id -> new IntSet()).add(index);
    }

    /** Stops holding the subtask; {@code false} if it did not hold it. */
    boolean release(String jobId, int index) {
        IntSet indices = held.get(jobId);
        if (indices == null || !indices.remove(index)) {
            return false;
        }
        if (indices.isEmpty()) {
            held.remove(jobId);
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
