package io.taskgrid;

import java.io.Serializable;
import java.util.concurrent.CompletionStage;

/**
 * The function of an {@link Job#mapAsync async map job}: starts the work for one input on the
 * worker's event loop and returns a stage that completes with its result. The same rules as for
 * {@link AsyncTask} apply: return quickly, never block, be serializable.
 *
 * @param <T> the input type
 * @param <R> the result type
 */
@FunctionalInterface
public interface AsyncFunction<T, R> extends Serializable {

    /** Starts the work for {@code input}; {@code context} is the subtask's. */
    CompletionStage<R> apply(T input, TaskContext context) throws Exception;
}
