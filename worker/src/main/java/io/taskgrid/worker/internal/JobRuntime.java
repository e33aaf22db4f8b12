package io.taskgrid.worker.internal;

import io.taskgrid.AsyncFunction;
import io.taskgrid.AsyncTask;
import io.taskgrid.Range;
import io.taskgrid.Task;
import io.taskgrid.TaskContext;
import io.taskgrid.TaskFunction;
import io.taskgrid.cluster.JobCode;
import io.taskgrid.internal.protocol.Limits;
import io.taskgrid.internal.protocol.SubtaskSource;
import io.taskgrid.internal.serialization.PayloadCodec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One job as a worker holds it: its code, decoded once on first use, and its running attempts.
 * Shared by the agent (which creates and releases it) and the threads that run subtasks.
 *
 * <p>A CPU attempt on a pool thread is found through that thread's {@link PoolThread#current}
 * slot; any other attempt (async ones, on the event loop) through a set of the job's own.
 *
 * <p>A job that ships code starts without it: its subtasks wait here ({@link #whenCodeReady})
 * until the agent has fetched the jars and {@link #codeArrived} loads them in the class loader of
 * that code ({@link CodeLoaders}), which the job gives back once it is released and its last
 * attempt has finished.
 */
final class JobRuntime {

    private final JobCode code;
    private final CodeLoaders loaders;
    private final Collection<PoolThread> pool;
    private final Set<Attempt> runningOffPool = ConcurrentHashMap.newKeySet();
    private volatile PayloadCodec codec;
    private volatile CodeLoaders.Code shipped;
    private final java.util.concurrent.atomic.AtomicBoolean shippedReleased = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Object function;
    private volatile boolean released;
    // agent thread only
    private final List<Runnable> waitingForCode = new ArrayList<>();
    private boolean fetching;
    private String codeFailure;

    /**
     * A job whose classes come from the worker's classpath ({@code codec}) or, when it ships
     * artifacts, from them, loaded by {@code loaders}. {@code pool} holds the threads that run its
     * CPU subtasks.
     */
    JobRuntime(JobCode code, PayloadCodec codec, CodeLoaders loaders, Collection<PoolThread> pool) {
        this.code = code;
        this.pool = pool;
        this.loaders = loaders;
        this.codec = code.artifacts() == null || code.artifacts().isEmpty() ? codec : null;
    }

    String jobId() {
        return code.jobId();
    }

    JobCode code() {
        return code;
    }

    boolean isAsync() {
        return code.source().async();
    }

    long timeoutMillis() {
        return code.subtaskTimeoutMillis();
    }

    // ---- shipped code, on the agent thread ----

    /** Whether the job's code still has to be fetched, and nobody fetches it yet; marks it fetched. */
    boolean startFetchingCode() {
        if (codec != null || fetching || codeFailure != null) {
            return false;
        }
        fetching = true;
        return true;
    }

    /** Runs {@code start} once the job's code is loaded (at once if it is); {@code failed} if it cannot be. */
    void whenCodeReady(Runnable start, java.util.function.Consumer<String> failed) {
        if (codec != null) {
            start.run();
        } else if (codeFailure != null) {
            failed.accept(codeFailure);
        } else {
            waitingForCode.add(() -> {
                if (codec != null) {
                    start.run();
                } else {
                    failed.accept(codeFailure);
                }
            });
        }
    }

    /** The fetched jars ({@code jars}), or why there are none ({@code failure}); starts what waited. */
    void codeArrived(List<java.nio.file.Path> jars, String failure) {
        fetching = false;
        if (failure == null && !released) {
            shipped = loaders.acquire(code.jobId(), code.artifacts(), jars);
            codec = shipped.codec;
        } else {
            codeFailure = failure != null ? failure : "job " + code.jobId() + " was released while its code was fetched";
        }
        List<Runnable> waiting = new ArrayList<>(waitingForCode);
        waitingForCode.clear();
        waiting.forEach(Runnable::run);
    }

    // ---- running ----

    /** Whether a failure with this error may be retried: not when the job names its type or a supertype. */
    boolean isRetryable(Throwable error) {
        if (code.noRetryOn() == null || code.noRetryOn().isEmpty()) {
            return true;
        }
        for (Class<?> type = error.getClass(); type != null; type = type.getSuperclass()) {
            if (code.noRetryOn().contains(type.getName())) {
                return false;
            }
        }
        return true;
    }

    boolean isReleased() {
        return released;
    }

    /**
     * Records that {@code attempt} runs now, on the calling thread. Returns {@code false}, with
     * the attempt recorded as finished again, when the job was released meanwhile: the attempt
     * must not run, since the release may have looked for it before it was recorded.
     */
    boolean started(Attempt attempt) {
        if (attempt instanceof CpuAttempt execution && Thread.currentThread() instanceof PoolThread thread) {
            thread.current = execution;
        } else {
            runningOffPool.add(attempt);
        }
        if (released) { // read after the write above; release() writes released before it looks
            finished(attempt);
            return false;
        }
        return true;
    }

    /** The attempts of this job that run now, abandoned ones left out. */
    List<Attempt> running() {
        List<Attempt> running = new ArrayList<>(runningOffPool);
        for (PoolThread thread : pool) {
            CpuAttempt execution = thread.current;
            if (execution != null && execution.job == this && !execution.isAbandoned()) {
                running.add(execution);
            }
        }
        return running;
    }

    /**
     * An attempt ended (called by its thread, or by the timer that abandons it); the last one of a
     * released job closes its class loader.
     */
    void finished(Attempt attempt) {
        if (Thread.currentThread() instanceof PoolThread thread && thread.current == attempt) {
            thread.current = null;
        } else {
            runningOffPool.remove(attempt);
        }
        if (released && running().isEmpty()) {
            closeLoader();
        }
    }

    /** Marks the job released and stops its running attempts. */
    void release() {
        released = true;
        List<Attempt> running = running();
        running.forEach(Attempt::cancel);
        if (running.isEmpty()) {
            closeLoader();
        }
    }

    /** The class loader of the job's shipped code, or {@code null} when it ships none (or has none yet). */
    ClassLoader classLoader() {
        CodeLoaders.Code loaded = shipped;
        return loaded == null ? null : loaded.loader;
    }

    /** Gives the shipped code's loader back, once. */
    private void closeLoader() {
        CodeLoaders.Code loaded = shipped;
        if (loaded != null && shippedReleased.compareAndSet(false, true)) {
            loaders.release(loaded);
        }
    }

    /** Runs CPU subtask {@code index} with its payload (null for ranges) and returns its result. */
    Object run(int index, byte[] payload, TaskContext context) throws Exception {
        return start(index, payload, context);
    }

    /** Starts async subtask {@code index} and returns its stage. */
    CompletionStage<?> runAsync(int index, byte[] payload, TaskContext context) throws Exception {
        return (CompletionStage<?>) start(index, payload, context);
    }

    /**
     * Runs subtask {@code index} the way its job's {@link SubtaskSource} says: the result of a CPU
     * subtask, the stage of an async one. The one place on the worker that knows the shapes.
     */
    @SuppressWarnings("unchecked")
    private Object start(int index, byte[] payload, TaskContext context) throws Exception {
        SubtaskSource source = code.source();
        if (source instanceof SubtaskSource.RangeSource range) {
            return ((TaskFunction<Range, Object>) function()).apply(range.chunk(index));
        }
        if (source instanceof SubtaskSource.MapSource map) {
            Object mapper = function();
            Object input = codec.decode(payload);
            return map.async() ? ((AsyncFunction<Object, Object>) mapper).apply(input, context)
                    : ((TaskFunction<Object, Object>) mapper).apply(input);
        }
        Object task = codec.decode(payload);
        return source.async() ? ((AsyncTask<?>) task).run(context) : ((Task<?>) task).run(context);
    }

    byte[] encodeResult(Object value) {
        byte[] bytes = codec.encode(value, "the result");
        if (bytes.length > Limits.MAX_RESULT_BYTES) {
            throw new IllegalStateException("the result is " + bytes.length + " bytes encoded, over the limit of "
                    + Limits.MAX_RESULT_BYTES + " per subtask: return less (a summary, a path to a file) or split the work");
        }
        return bytes;
    }

    private Object function() {
        Object decoded = function;
        if (decoded == null) {
            synchronized (this) {
                decoded = function;
                if (decoded == null) {
                    decoded = codec.decode(code.source().function());
                    function = decoded;
                }
            }
        }
        return decoded;
    }
}
