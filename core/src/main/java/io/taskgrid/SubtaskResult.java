package io.taskgrid;

/**
 * The final outcome of one subtask: a value or a failure.
 *
 * @param index    the subtask's position in its job
 * @param workerId the worker that produced the outcome
 * @param value    the result, or {@code null} when the subtask failed
 * @param failure  the failure, or {@code null} when the subtask succeeded
 * @param <R>      the result type
 */
public record SubtaskResult<R>(int index, String workerId, R value, RemoteTaskException failure) {

    /** Whether the subtask succeeded. */
    public boolean succeeded() {
        return failure == null;
    }

    /** The value, or the failure thrown when the subtask failed. */
    public R get() {
        if (failure != null) {
            throw failure;
        }
        return value;
    }
}
