package io.taskgrid;

import java.io.Serializable;

/** A {@link Runnable} that can travel to a worker; see {@link TaskgridExecutorService}. */
@FunctionalInterface
public interface SerializableRunnable extends Runnable, Serializable {
}
