package io.taskgrid;

import io.taskgrid.internal.CurrentTask;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/**
 * What a running subtask can know and do about its own execution.
 *
 * <p>A context belongs to one attempt of one subtask; it is valid only while that attempt runs.
 * A {@link Task} receives it as its argument; the function of a map or range job reaches it with
 * {@link #current()}, and so does an {@link AsyncTask} while its {@code run} method runs.
 *
 * <p>The worker's two kinds of capacity meet here: {@link #http()} does I/O on the event loop,
 * {@link #compute} runs a step on the CPU pool, {@link #blocking} runs a blocking call on threads
 * kept for that. An async subtask chains them ("fetch, then parse"):
 * <pre>{@code
 * AsyncTask<Integer> links = ctx -> ctx.http().get(url)
 *         .thenCompose(page -> ctx.compute(() -> countLinks(page.text())));
 * }</pre>
 */
public interface TaskContext {

    /**
     * The context of the subtask running on this thread.
     *
     * @throws IllegalStateException when called outside a subtask
     */
    static TaskContext current() {
        return CurrentTask.get();
    }

    /** The id of the job this subtask belongs to. */
    String jobId();

    /** The subtask's position in its job, from 0 to {@code subtaskCount - 1}. */
    int subtaskIndex();

    /** Which attempt this is: 1 for the first run, 2 for the first retry, and so on. */
    int attempt();

    /** The id of the worker running this attempt. */
    String workerId();

    /**
     * Reports how far this subtask has come, from 0.0 to 1.0. The latest value reaches the
     * coordinator with the worker's next report and shows in the job's progress; calling it often
     * is cheap.
     *
     * @throws IllegalArgumentException when {@code fraction} is outside [0, 1]
     */
    void reportProgress(double fraction);

    /**
     * Whether this subtask should stop: its job was cancelled or ended, or its attempt timed out.
     * Long loops should check it (or handle {@link InterruptedException}) and return early.
     */
    boolean isCancelled();

    /** The worker's non-blocking HTTP client, on its event loop; see {@link AsyncHttp}. */
    AsyncHttp http();

    /**
     * Runs a CPU-heavy step on the worker's CPU pool (the threads that run {@link Task}s), so an
     * {@link AsyncTask} can parse or compute without stalling the event loop. The stage completes
     * on that pool with the call's result or failure.
     */
    <T> CompletionStage<T> compute(Callable<T> step);

    /**
     * Runs a blocking call (a JDBC query, a file read, a library without an async API) on a
     * separate pool of threads kept for blocking, so that neither the event loop nor the CPU pool
     * waits on it. The stage completes on that pool with the call's result or failure.
     */
    <T> CompletionStage<T> blocking(Callable<T> call);
}
