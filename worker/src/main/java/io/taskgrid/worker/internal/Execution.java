package io.taskgrid.worker.internal;

import io.taskgrid.TaskContext;
import io.taskgrid.internal.CurrentTask;
import io.taskgrid.internal.protocol.RemoteFailure;

import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One attempt of one subtask on this worker: queued, then run by a pool thread, which reports its
 * {@link Outcome}. It is also the {@link TaskContext} the task sees.
 *
 * <p>Interrupts (cancellation, timeout) are delivered under this object's lock and only while
 * the attempt runs, so they never reach the next subtask on the same thread.
 */
final class Execution implements Runnable, TaskContext {

    private final JobRuntime job;
    private final int index;
    private final int attempt;
    private final byte[] payload;
    private final String workerId;
    private final Consumer<Outcome> outcomes;

    private Thread thread;
    private boolean timedOut;
    private boolean outcomeReported;
    private volatile boolean cancelled;
    private volatile double progress;

    // read and written by the agent only
    boolean startReported;
    double reportedProgress;

    Execution(JobRuntime job, int index, int attempt, byte[] payload, String workerId, Consumer<Outcome> outcomes) {
        this.job = job;
        this.index = index;
        this.attempt = attempt;
        this.payload = payload;
        this.workerId = workerId;
        this.outcomes = outcomes;
    }

    @Override
    public void run() {
        if (job.isReleased()) {
            outcomes.accept(Outcome.dropped(job, index, attempt));
            return;
        }
        started();
        long start = System.nanoTime();
        Outcome outcome;
        try {
            Object value = job.run(index, payload, this);
            outcome = Outcome.succeeded(job, index, attempt, job.encodeResult(value), System.nanoTime() - start);
        } catch (Throwable error) {
            boolean wasTimedOut = isTimedOut();
            outcome = Outcome.failed(job, index, attempt, failureOf(error, wasTimedOut),
                    wasTimedOut || job.isRetryable(error), System.nanoTime() - start);
            if (error instanceof VirtualMachineError fatal && !(fatal instanceof StackOverflowError)) {
                finished();
                report(outcome);
                throw fatal;
            }
        }
        finished();
        report(outcome);
    }

    /** Hands the outcome on, unless the attempt was abandoned and reported already. */
    private void report(Outcome outcome) {
        synchronized (this) {
            if (outcomeReported) {
                return;
            }
            outcomeReported = true;
        }
        outcomes.accept(outcome);
    }

    /**
     * Gives up on an attempt that ran past its timeout and ignored the interrupt: reports it as
     * failed now and leaves its thread to finish whenever it does, its outcome then discarded.
     * Returns whether the attempt was still running.
     */
    boolean abandon(long ranMillis) {
        synchronized (this) {
            if (thread == null || outcomeReported) {
                return false;
            }
            outcomeReported = true;
        }
        job.running().remove(this);
        outcomes.accept(Outcome.failed(job, index, attempt, RemoteFailure.of(TimeoutException.class.getName(),
                "subtask " + index + " of job " + job.jobId() + " ran longer than its timeout of " + job.timeoutMillis()
                        + " ms and ignored the interrupt for " + ranMillis + " ms; its thread was abandoned and the "
                        + "worker started another. Make long loops check Thread.interrupted() or "
                        + "TaskContext.isCancelled()"), true, ranMillis * 1_000_000));
        return true;
    }

    private synchronized boolean isTimedOut() {
        return timedOut;
    }

    private synchronized void started() {
        thread = Thread.currentThread();
        job.running().add(this);
        CurrentTask.set(this);
    }

    private void finished() {
        CurrentTask.clear();
        synchronized (this) {
            thread = null;
        }
        job.running().remove(this);
        Thread.interrupted(); // an interrupt meant for this attempt must not reach the next one
    }

    private RemoteFailure failureOf(Throwable error, boolean wasTimedOut) {
        if (wasTimedOut) {
            return RemoteFailure.of(TimeoutException.class.getName(), "subtask " + index + " of job "
                    + job.jobId() + " ran longer than its timeout of " + job.timeoutMillis() + " ms and was interrupted");
        }
        return RemoteFailure.of(error);
    }

    /** The thread running the attempt, or {@code null} when it is not running. */
    synchronized Thread thread() {
        return thread;
    }

    /** Interrupts the attempt because it ran past its timeout, if it still runs. */
    synchronized void timeOut() {
        if (thread != null) {
            timedOut = true;
            cancelled = true;
            thread.interrupt();
        }
    }

    /** Interrupts the attempt because its job was released, if it still runs. */
    synchronized void cancel() {
        cancelled = true;
        if (thread != null) {
            thread.interrupt();
        }
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
}
