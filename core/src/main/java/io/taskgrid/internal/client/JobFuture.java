package io.taskgrid.internal.client;

import io.taskgrid.JobHandle;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link Future} of one subtask. Cancelling it cancels its job on the cluster when the job is
 * its alone ({@code invokeAll}'s futures share one, and cancelling one cancels all); a task that
 * shares a job with others sent by separate {@code submit}s ({@link SubmitBatcher}) is only
 * forgotten, until every task of that job has been.
 */
final class JobFuture<T> implements Future<T> {

    private final CompletableFuture<T> result;
    private final Runnable cancelJob;

    JobFuture(JobHandle<T> handle, int index) {
        this(handle.result(index), handle::cancel);
    }

    JobFuture(CompletableFuture<T> result, Runnable cancelJob) {
        this.result = result;
        this.cancelJob = cancelJob;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (result.isDone()) {
            return false;
        }
        cancelJob.run();
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
