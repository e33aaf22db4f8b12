package io.taskgrid.internal;

import io.taskgrid.TaskContext;

/** Which subtask runs on the current thread: set by the worker around each attempt. */
public final class CurrentTask {

    private static final ThreadLocal<TaskContext> CURRENT = new ThreadLocal<>();

    private CurrentTask() {
    }

    /** The context of the running subtask. */
    public static TaskContext get() {
        TaskContext context = CURRENT.get();
        if (context == null) {
            throw new IllegalStateException("TaskContext.current() is only available inside a subtask running on a worker");
        }
        return context;
    }

    /** Marks {@code context} as running on this thread, until {@link #clear()}. */
    public static void set(TaskContext context) {
        CURRENT.set(context);
    }

    /**
     * Marks that no subtask runs on this thread. The thread keeps its (empty) slot: removing it
     * clears a weak reference, a call into the JVM that cost a no-op subtask a sixth of its time.
     */
    public static void clear() {
        CURRENT.set(null);
    }
}
