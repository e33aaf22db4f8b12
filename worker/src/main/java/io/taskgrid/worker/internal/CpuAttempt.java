package io.taskgrid.worker.internal;

import io.taskgrid.internal.CurrentTask;
import io.taskgrid.internal.protocol.RemoteFailure;

import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One attempt of a CPU subtask on this worker: queued, then run by a pool thread, which reports
 * its {@link Outcome}.
 *
 * <p>Interrupts (cancellation, timeout) are delivered under this object's lock and only while
 * the attempt runs, so they never reach the next subtask on the same thread.
 */
final class CpuAttempt extends Attempt implements Runnable {

    private final byte[] payload;
    private final Consumer<Outcome> outcomes;

    private Thread thread;
    private boolean timedOut;
    private boolean outcomeReported;
    private volatile boolean abandoned;

    CpuAttempt(JobRuntime job, int index, int attempt, byte[] payload, String workerId, WorkerIo io,
              Consumer<Outcome> outcomes) {
        super(job, index, attempt, workerId, io);
        this.payload = payload;
        this.outcomes = outcomes;
    }

    @Override
    public void run() {
        if (!started()) {
            outcomes.accept(Outcome.dropped(job, index, attempt));
            return;
        }
        long start = System.nanoTime();
        Outcome outcome;
        try {
            byte[] value = job.encodeResult(job.run(index, payload, this));
            long end = System.nanoTime();
            outcome = Outcome.succeeded(job, index, attempt, value, end - start, end);
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
        int lane;
        synchronized (this) {
            if (thread == null || outcomeReported) {
                return false;
            }
            outcomeReported = true;
            lane = PoolThread.laneOf(thread);
        }
        abandoned = true;
        job.finished(this);
        outcomes.accept(Outcome.failed(job, index, attempt, RemoteFailure.of(TimeoutException.class.getName(),
                "subtask " + index + " of job " + job.jobId() + " ran longer than its timeout of " + job.timeoutMillis()
                        + " ms and ignored the interrupt for " + ranMillis + " ms; its thread was abandoned and the "
                        + "worker started another. Make long loops check Thread.interrupted() or "
                        + "TaskContext.isCancelled()"), true, ranMillis * 1_000_000, lane));
        return true;
    }

    /** Whether the runner gave up on this attempt while its thread still runs it. */
    boolean isAbandoned() {
        return abandoned;
    }

    private synchronized boolean isTimedOut() {
        return timedOut;
    }

    /** Marks the attempt running on this thread; {@code false} if its job was released meanwhile. */
    private boolean started() {
        synchronized (this) {
            thread = Thread.currentThread();
        }
        if (!job.started(this)) { // after the thread is set: a release that finds the attempt interrupts it
            synchronized (this) {
                thread = null;
            }
            Thread.interrupted(); // that release's interrupt, if it came, must not reach the next attempt
            return false;
        }
        CurrentTask.set(this);
        return true;
    }

    private void finished() {
        CurrentTask.clear();
        synchronized (this) {
            thread = null;
        }
        job.finished(this);
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
    @Override
    synchronized void cancel() {
        cancelled = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
