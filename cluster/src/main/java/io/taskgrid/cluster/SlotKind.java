package io.taskgrid.cluster;

/**
 * The two kinds of room a worker offers: CPU threads, which a subtask occupies while it runs, and
 * async slots, which an async subtask ({@code AsyncTask}) occupies while its I/O is in flight.
 * Each kind has credits of its own.
 */
public enum SlotKind {
    CPU, ASYNC;

    public static SlotKind of(boolean async) {
        return async ? ASYNC : CPU;
    }
}
