package io.taskgrid;

import io.taskgrid.internal.CurrentTask;

/**
 * What a running subtask can know and do about its own execution.
 *
 * <p>A context belongs to one attempt of one subtask; it is valid only while that attempt runs.
 * A {@link Task} receives it as its argument; the function of a map or range job reaches it with
 * {@link #current()}.
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
}
