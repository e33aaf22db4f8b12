package io.taskgrid.coordinator.scheduling;

import java.util.ArrayDeque;

/**
 * The jobs of one kind (CPU or async) that have subtasks ready to hand out, in round-robin order.
 * Every operation is O(1), however many jobs run: taking a job out ({@link #remove}) only clears its
 * flag, and {@link #poll} drops such stale entries when it meets them. A job is in at most one
 * queue entry at a time, so stale entries never outnumber the jobs.
 */
final class RunQueue {

    private final ArrayDeque<JobEntry> entries = new ArrayDeque<>();
    private int size;

    /** Adds a job that is not runnable: at the end, or where a stale entry of it still waits. */
    void add(JobEntry job) {
        if (job.runnable) {
            throw new IllegalStateException("job " + job.jobId + " is already runnable");
        }
        job.runnable = true;
        size++;
        if (!job.queued) { // else its stale entry, still in the deque, serves again
            job.queued = true;
            entries.add(job);
        }
    }

    /** Takes a runnable job out of the queue, wherever it is. */
    void remove(JobEntry job) {
        if (job.runnable) {
            job.runnable = false;
            size--;
        }
    }

    /** Takes the first runnable job out, or returns {@code null} if there is none. */
    JobEntry poll() {
        while (size > 0) {
            JobEntry job = entries.poll();
            job.queued = false;
            if (job.runnable) {
                job.runnable = false;
                size--;
                return job;
            }
        }
        return null;
    }

    /** How many runnable jobs it holds. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }
}
