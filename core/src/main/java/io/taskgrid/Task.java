package io.taskgrid;

import java.io.Serializable;

/**
 * One unit of work that a worker runs on its CPU thread pool.
 *
 * <p>A task travels to a worker JVM as bytes, so it must be serializable: a class with
 * serializable fields, or a lambda whose target type is {@code Task} (such lambdas are
 * serializable because this interface extends {@link Serializable}). Everything the task
 * captures travels with it; keep it small and pass large data by reference (a path, a URL).
 *
 * <pre>{@code
 * Task<Integer> square = ctx -> 7 * 7;
 * }</pre>
 *
 * @param <R> the result type; it travels back to the client, so it must be serializable too
 */
@FunctionalInterface
public interface Task<R> extends Serializable {

    /**
     * Runs the task on a worker.
     *
     * @param context where the task runs (job id, subtask index, attempt), progress reporting
     *                and cancellation
     * @return the result, sent back to the client
     * @throws Exception any failure; it reaches the client as a {@link RemoteTaskException}
     *                   with the remote class, message and stack trace
     */
    R run(TaskContext context) throws Exception;
}
