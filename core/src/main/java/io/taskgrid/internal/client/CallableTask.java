package io.taskgrid.internal.client;

import io.taskgrid.Task;
import io.taskgrid.TaskContext;

import java.util.concurrent.Callable;

/** A {@link Callable} submitted through the executor adapter, run as a task. */
record CallableTask<T>(Callable<T> callable) implements Task<T> {

    static <T> CallableTask<T> of(Runnable runnable, T result) {
        return new CallableTask<>(new RunnableCall<>(runnable, result));
    }

    @Override
    public T run(TaskContext context) throws Exception {
        return callable.call();
    }

    /** A runnable with a fixed result, the way {@code Executors.callable} makes one. */
    record RunnableCall<T>(Runnable runnable, T result) implements Callable<T> {
        @Override
        public T call() {
            runnable.run();
            return result;
        }
    }
}
