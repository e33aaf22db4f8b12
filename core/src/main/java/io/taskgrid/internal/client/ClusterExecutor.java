package io.taskgrid.internal.client;

import io.taskgrid.Job;
import io.taskgrid.JobHandle;
import io.taskgrid.SerializableCallable;
import io.taskgrid.SerializableRunnable;
import io.taskgrid.Task;
import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridExecutorService;
import io.taskgrid.internal.serialization.PayloadCodec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link java.util.concurrent.ExecutorService} adapter: {@code submit}s go out through a
 * {@link SubmitBatcher} (alone, or several in one job when they come faster than jobs can be
 * sent); each {@code invokeAll} and {@code invokeAny} is one job of many.
 */
final class ClusterExecutor implements TaskgridExecutorService {

    private final TaskgridClient client;
    private final Set<JobHandle<?>> outstanding = ConcurrentHashMap.newKeySet();
    private final SubmitBatcher batcher;
    private volatile boolean shutdown;

    ClusterExecutor(TaskgridClient client) {
        this.client = client;
        this.batcher = new SubmitBatcher(client, this::track);
    }

    @Override
    public <T> Future<T> submit(SerializableCallable<T> task) {
        return submit((Callable<T>) task);
    }

    @Override
    public Future<?> submit(SerializableRunnable task) {
        return submit((Runnable) task);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        rejectIfShutDown();
        PayloadCodec.checkSerializable(task, "the task");
        return new JobFuture<>(batcher.submit(new CallableTask<>(task)), () -> { }); // the batcher cancels jobs
    }

    @Override
    public Future<?> submit(Runnable task) {
        return submit(task, null);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        PayloadCodec.checkSerializable(task, "the runnable");
        return submit(new CallableTask.RunnableCall<>(task, result));
    }

    @Override
    public void execute(Runnable command) {
        submit(command);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        JobHandle<T> handle = run(tasks);
        try {
            handle.completion().handle((state, error) -> state).get();
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
        return futuresOf(handle);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        JobHandle<T> handle = run(tasks);
        try {
            handle.completion().handle((state, error) -> state).get(timeout, unit);
        } catch (TimeoutException e) {
            handle.cancel();
            awaitEnd(handle);
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
        return futuresOf(handle);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (TimeoutException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        JobHandle<T> handle = run(tasks);
        try {
            return firstSuccess(handle, unit.toNanos(timeout));
        } finally {
            handle.cancel();
        }
    }

    /** The first value any subtask produces; fails with the last failure when every one fails. */
    private static <T> T firstSuccess(JobHandle<T> handle, long timeoutNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<T> first = new CompletableFuture<>();
        AtomicInteger failuresLeft = new AtomicInteger(handle.subtaskCount());
        for (int i = 0; i < handle.subtaskCount(); i++) {
            handle.result(i).whenComplete((value, error) -> {
                if (error == null) {
                    first.complete(value);
                } else if (failuresLeft.decrementAndGet() == 0) {
                    first.completeExceptionally(error);
                }
            });
        }
        return timeoutNanos == Long.MAX_VALUE ? first.get() : first.get(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private <T> JobHandle<T> run(Collection<? extends Callable<T>> callables) {
        rejectIfShutDown();
        List<Task<T>> tasks = new ArrayList<>(callables.size());
        int i = 0;
        for (Callable<T> callable : callables) {
            PayloadCodec.checkSerializable(callable, "task " + i++);
            tasks.add(new CallableTask<>(callable));
        }
        JobHandle<T> handle = client.submit(Job.of(tasks).named("executor"));
        track(handle);
        return handle;
    }

    private void rejectIfShutDown() {
        if (shutdown) {
            throw new RejectedExecutionException("this executor was shut down; get a new one from client.executor()");
        }
    }

    /** Counts {@code handle}'s job as outstanding until it ends. */
    private void track(JobHandle<?> handle) {
        outstanding.add(handle);
        handle.completion().whenComplete((state, error) -> {
            outstanding.remove(handle);
            synchronized (this) {
                notifyAll();
            }
        });
    }

    /** Waits for a cancelled job to end, so that every future invokeAll returns is done. */
    private static void awaitEnd(JobHandle<?> handle) throws InterruptedException {
        try {
            handle.completion().handle((state, error) -> state).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException ignored) {
            // the connection is gone or the coordinator is slow: the futures fail or stay pending
        }
    }

    private static <T> List<Future<T>> futuresOf(JobHandle<T> handle) {
        List<Future<T>> futures = new ArrayList<>(handle.subtaskCount());
        for (int i = 0; i < handle.subtaskCount(); i++) {
            futures.add(new JobFuture<>(handle, i));
        }
        return futures;
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        batcher.failUnsent(new CancellationException("the executor was shut down now"));
        outstanding.forEach(JobHandle::cancel);
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        // unsent first: a job is tracked as outstanding before its tasks stop counting as unsent
        return shutdown && batcher.unsent() == 0 && outstanding.isEmpty();
    }

    @Override
    public synchronized boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!isTerminated()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            // a job's end wakes this; tasks that fail before they are sent do not, hence the cap
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
        return true;
    }
}
