package io.taskgrid.internal.client;

import io.taskgrid.JobHandle;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The {@link Future} of one subtask; cancelling it cancels its job on the cluster. */
final class JobFuture<T> implements Future<T> {

    private final JobHandle<T> handle;
    private final CompletableFuture<T> result;

    JobFuture(JobHandle<T> handle, int index) {
        this.handle = handle;
        this.result = handle.result(index);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (result.isDone()) {
            return false;
        }
        handle.cancel();
        return result.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled() {
        return result.isCancelled();
    }

    @Override
    public boolean isDone() {
        return result.isDone();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        return result.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        return result.get(timeout, unit);
    }
}
