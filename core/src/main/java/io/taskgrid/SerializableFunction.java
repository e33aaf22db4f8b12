package io.taskgrid;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that can travel to a worker. A lambda written where this type is expected
 * is serializable; what it captures travels with it.
 *
 * @param <T> the input type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {
}
