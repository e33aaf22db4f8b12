package io.taskgrid.internal.client;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.taskgrid.Job;
import io.taskgrid.JobHandle;
import io.taskgrid.Task;
import io.taskgrid.TaskgridClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Sends the tasks of separate {@code submit} calls as few jobs: each call queues its task, and one
 * sender thread takes every task queued by then into one job (at most {@link #MAX_BATCH}). No timer
 * holds a task back: a task submitted alone leaves at once, as a job of one; tasks submitted
 * faster than jobs can be sent share one. This is what {@code dask.distributed}'s client does with
 * its batched stream, without the 2 ms wait. Each task's future completes with its own subtask's
 * result, as soon as that subtask has one.
 */
final class SubmitBatcher {

    /** The most tasks one job takes: it keeps a job's spec far below the gateway's frame limit. */
    static final int MAX_BATCH = 1_000;

    /** A task waiting to be sent, and the future its {@code submit} returned. */
    record Pending<T>(Task<T> task, CompletableFuture<T> result) {
    }

    private final TaskgridClient client;
    private final Consumer<JobHandle<?>> sent;
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicInteger unsent = new AtomicInteger();
    /**
     * This executor's own sender, so that a client that waits (to reconnect, say) holds up no other;
     * its thread ends 10 s after the last task, so executors that are dropped leave nothing running.
     */
    private final ExecutorService sender = sender();

    /** @param sent told of each job sent, before its subtasks can complete */
    SubmitBatcher(TaskgridClient client, Consumer<JobHandle<?>> sent) {
        this.client = client;
        this.sent = sent;
    }

    private static ExecutorService sender() {
        ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory("taskgrid-executor-sender", true));
        sender.allowCoreThreadTimeOut(true);
        return sender;
    }

    /** Queues {@code task}; the returned future completes with its result. */
    <T> CompletableFuture<T> submit(Task<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        unsent.incrementAndGet();
        queue.add(new Pending<>(task, result));
        if (sending.compareAndSet(false, true)) {
            sender.execute(this::sendQueued);
        }
        return result;
    }

    /** How many queued tasks are not in a job yet. */
    int unsent() {
        return unsent.get();
    }

    /** Fails every task not sent yet with {@code error} (a cancellation when the executor stops now). */
    void failUnsent(Throwable error) {
        Pending<?> pending;
        while ((pending = queue.poll()) != null) {
            unsent.decrementAndGet();
            pending.result().completeExceptionally(error);
        }
    }

    private void sendQueued() {
        while (true) {
            List<Pending<?>> batch = new ArrayList<>();
            Pending<?> pending;
            while (batch.size() < MAX_BATCH && (pending = queue.poll()) != null) {
                if (pending.result().isDone()) {
                    unsent.decrementAndGet(); // cancelled while it waited: it never runs
                } else {
                    batch.add(pending);
                }
            }
            if (!batch.isEmpty()) {
                send(batch);
                unsent.addAndGet(-batch.size());
                continue;
            }
            sending.set(false);
            // a task queued after the last poll but before the flag fell found it set: take it here
            if (queue.isEmpty() || !sending.compareAndSet(false, true)) {
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void send(List<Pending<?>> batch) {
        List<Task<Object>> tasks = new ArrayList<>(batch.size());
        for (Pending<?> pending : batch) {
            tasks.add((Task<Object>) pending.task());
        }
        JobHandle<Object> handle;
        try {
            handle = client.submit(Job.of(tasks).named("executor"));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(e);
            } else { // in halves, until each job fits or holds only the task at fault
                send(batch.subList(0, batch.size() / 2));
                send(batch.subList(batch.size() / 2, batch.size()));
            }
            return;
        }
        sent.accept(handle);
        AtomicInteger waiting = new AtomicInteger(batch.size());
        AtomicBoolean anyCancelled = new AtomicBoolean();
        for (int i = 0; i < batch.size(); i++) {
            CompletableFuture<Object> result = (CompletableFuture<Object>) batch.get(i).result();
            handle.result(i).whenComplete((value, error) -> {
                if (error == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(error);
                }
            });
            result.whenComplete((value, error) -> {
                if (result.isCancelled()) {
                    anyCancelled.set(true);
                }
                // the job's subtasks still run for futures cancelled one by one; with the last, it stops
                if (waiting.decrementAndGet() == 0 && anyCancelled.get()) {
                    handle.cancel();
                }
            });
        }
    }
}
