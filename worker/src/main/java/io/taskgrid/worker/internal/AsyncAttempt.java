package io.taskgrid.worker.internal;

import io.netty.channel.EventLoop;
import io.taskgrid.internal.CurrentTask;
import io.taskgrid.internal.protocol.RemoteFailure;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One attempt of an async subtask: started on the event loop, where its task returns a stage at
 * once; the attempt ends when the stage completes, times out, or its job is released, whichever
 * comes first. It holds no thread while it waits. Exactly one {@link Outcome} is reported.
 */
final class AsyncAttempt extends Attempt {

    private final byte[] payload;
    private final Consumer<Outcome> outcomes;
    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile CompletableFuture<?> stage;
    private volatile ScheduledFuture<?> timeout;
    private long startNanos;

    AsyncAttempt(JobRuntime job, int index, int attempt, byte[] payload, String workerId, WorkerIo io,
                   Consumer<Outcome> outcomes) {
        super(job, index, attempt, workerId, io);
        this.payload = payload;
        this.outcomes = outcomes;
    }

    /** Starts the task; call it on {@code loop}. */
    void start(EventLoop loop) {
        if (!job.started(this)) {
            outcomes.accept(Outcome.dropped(job, index, attempt));
            return;
        }
        startNanos = System.nanoTime();
        CompletionStage<?> started;
        CurrentTask.set(this);
        try {
            started = job.runAsync(index, payload, this);
            if (started == null) {
                throw new IllegalStateException("the async task of subtask " + index + " returned null instead of a "
                        + "CompletionStage: return CompletableFuture.completedFuture(value) for a value known at once");
            }
        } catch (Throwable error) {
            finish(null, error);
            return;
        } finally {
            CurrentTask.clear();
        }
        stage = started.toCompletableFuture();
        if (job.timeoutMillis() > 0) {
            timeout = loop.schedule(this::timeOut, job.timeoutMillis(), TimeUnit.MILLISECONDS);
        }
        started.whenComplete(this::finish);
    }

    private void finish(Object value, Throwable error) {
        long ran = System.nanoTime() - startNanos;
        if (error == null) {
            try {
                report(Outcome.succeeded(job, index, attempt, job.encodeResult(value), ran));
            } catch (RuntimeException cannotEncode) {
                report(Outcome.failed(job, index, attempt, RemoteFailure.of(cannotEncode), false, ran));
            }
            return;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof CancellationException && cancelled) {
            return; // stopped by us: the timeout or the release reported already
        }
        report(Outcome.failed(job, index, attempt, RemoteFailure.of(cause), job.isRetryable(cause), ran));
    }

    private void timeOut() {
        cancelled = true;
        report(Outcome.failed(job, index, attempt, RemoteFailure.of(TimeoutException.class.getName(), "async subtask "
                + index + " of job " + job.jobId() + " did not complete within its timeout of " + job.timeoutMillis()
                + " ms; it was cancelled"), true, System.nanoTime() - startNanos));
        stopStage();
    }

    @Override
    void cancel() {
        cancelled = true;
        report(Outcome.dropped(job, index, attempt));
        stopStage();
    }

    private void stopStage() {
        CompletableFuture<?> running = stage;
        if (running != null) {
            running.cancel(true);
        }
    }

    private void report(Outcome outcome) {
        if (!reported.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> timer = timeout;
        if (timer != null) {
            timer.cancel(false);
        }
        job.finished(this);
        outcomes.accept(outcome);
    }
}
