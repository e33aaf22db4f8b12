package io.taskgrid.worker.internal;

import io.taskgrid.AsyncHttp;
import io.taskgrid.TaskContext;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/**
 * One attempt of one subtask on this worker, whichever way it runs (a CPU {@link CpuAttempt} or
 * an {@link AsyncAttempt}): what the agent reports about it, and the {@link TaskContext} the
 * task sees.
 */
abstract class Attempt implements TaskContext {

    final JobRuntime job;
    final int index;
    final int attempt;
    private final String workerId;
    private final WorkerIo io;
    volatile boolean cancelled;
    private volatile double progress;

    // read and written by the agent only
    boolean startReported;
    double reportedProgress;

    Attempt(JobRuntime job, int index, int attempt, String workerId, WorkerIo io) {
        this.job = job;
        this.index = index;
        this.attempt = attempt;
        this.workerId = workerId;
        this.io = io;
    }

    /** Stops the attempt because its job was released. */
    abstract void cancel();

    /**
     * Equality stays identity; the hash is the subtask's index and attempt. An identity hash would
     * cost a call into the JVM for every attempt put in its job's running set, and one taken while
     * the attempt's lock is held inflates that lock into a monitor, which the JVM later deflates.
     */
    @Override
    public final int hashCode() {
        return index * 31 + attempt;
    }

    @Override
    public final boolean equals(Object other) {
        return this == other;
    }

    int index() {
        return index;
    }

    double progress() {
        return progress;
    }

    @Override
    public String jobId() {
        return job.jobId();
    }

    @Override
    public int subtaskIndex() {
        return index;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public String workerId() {
        return workerId;
    }

    @Override
    public void reportProgress(double fraction) {
        if (!(fraction >= 0.0 && fraction <= 1.0)) {
            throw new IllegalArgumentException("progress must be between 0 and 1, but it is " + fraction);
        }
        progress = fraction;
    }

    @Override
    public boolean isCancelled() {
        return cancelled || job.isReleased();
    }

    @Override
    public AsyncHttp http() {
        return io.http();
    }

    @Override
    public <T> CompletionStage<T> compute(Callable<T> step) {
        return io.compute(step);
    }

    @Override
    public <T> CompletionStage<T> blocking(Callable<T> call) {
        return io.blocking(call);
    }
}
