package io.taskgrid;

import java.io.Serializable;

/**
 * A function that runs on workers, once per input of a map job or once per chunk of a range job.
 * It travels to the workers, so it is serializable: a lambda written where this type is expected
 * is, and what it captures travels with it. Like a {@link Task} it may throw; the failure reaches
 * the client with the remote class, message and stack.
 *
 * @param <T> the input type
 * @param <R> the result type
 */
@FunctionalInterface
public interface TaskFunction<T, R> extends Serializable {

    /** Computes the result for one input. */
    R apply(T input) throws Exception;
}
