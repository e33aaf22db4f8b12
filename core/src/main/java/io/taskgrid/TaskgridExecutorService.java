package io.taskgrid;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * An {@link ExecutorService} whose tasks run on the cluster. Code written against an executor
 * moves to the cluster by changing where the executor comes from:
 *
 * <pre>{@code
 * var executor = client.executor();          // was: Executors.newFixedThreadPool(8)
 * Future<Integer> f = executor.submit(() -> expensive(42));
 * }</pre>
 *
 * <p>Tasks travel to workers, so they must be serializable. The overloads below take
 * serializable types, so a lambda passed to a variable of this type is serializable. A task
 * that is not (a lambda typed as plain {@code Callable}, a class that captures a socket) is
 * refused at submit with a {@link TaskgridException} that names it.
 *
 * <p>{@code invokeAll} sends its tasks as one job, so many small tasks cost one round trip.
 * Separate {@code submit}s share jobs too when they come faster than jobs can be sent (a loop of
 * submits): a task submitted alone still leaves at once. Each future completes with its own
 * task's outcome. Cancelling a future whose task shares a job forgets the task at once; its
 * subtask is stopped on the cluster only with the last of that job's tasks still waiting.
 * {@code shutdown} stops accepting tasks; the cluster and the client stay up.
 */
public interface TaskgridExecutorService extends ExecutorService {

    /** Runs {@code task} on the cluster. */
    <T> Future<T> submit(SerializableCallable<T> task);

    /** Runs {@code task} on the cluster; the future's value is {@code null}. */
    Future<?> submit(SerializableRunnable task);
}
