package io.taskgrid;

import java.io.Serializable;
import java.util.concurrent.CompletionStage;

/**
 * One unit of I/O-bound work that a worker runs on its event loop, never holding a thread while it
 * waits: it starts its I/O (through {@link TaskContext#http()}, or any other non-blocking API) and
 * returns a stage that completes with the result. A worker keeps thousands of these in flight
 * (its async slots, {@code taskgrid worker --async-slots}) next to its CPU pool's {@link Task}s.
 *
 * <p>{@link #run} itself runs on the event loop: it must return quickly and must not block. Hand
 * blocking calls to {@link TaskContext#blocking} and CPU-heavy steps to {@link TaskContext#compute}.
 * Like a {@link Task}, it travels to the worker as bytes, so it must be serializable (a lambda
 * whose target type is {@code AsyncTask} is).
 *
 * <pre>{@code
 * AsyncTask<Integer> status = ctx -> ctx.http().get(url).thenApply(AsyncHttp.Response::status);
 * }</pre>
 *
 * @param <R> the result type; it travels back to the client, so it must be serializable too
 */
@FunctionalInterface
public interface AsyncTask<R> extends Serializable {

    /**
     * Starts the task on a worker's event loop.
     *
     * @param context where the task runs, its non-blocking HTTP client and the ways to leave the event loop
     * @return a stage that completes with the result, or exceptionally with the failure (which
     *         reaches the client as a {@link RemoteTaskException})
     * @throws Exception a failure while starting; it counts as the subtask's failure
     */
    CompletionStage<R> run(TaskContext context) throws Exception;
}
