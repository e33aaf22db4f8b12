package io.taskgrid.worker.internal;

import io.taskgrid.Job;
import io.taskgrid.Task;
import io.taskgrid.TaskContext;
import io.taskgrid.TaskFunction;
import io.taskgrid.cluster.JobCode;
import io.taskgrid.internal.protocol.Limits;
import io.taskgrid.internal.serialization.PayloadCodec;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One job as a worker holds it: its code, decoded once on first use, and its running subtasks.
 * Shared by the agent (which creates and releases it) and the pool threads (which run subtasks).
 */
final class JobRuntime {

    private final JobCode code;
    private final PayloadCodec codec;
    private final Set<Execution> running = ConcurrentHashMap.newKeySet();
    private volatile TaskFunction<Object, Object> function;
    private volatile boolean released;

    JobRuntime(JobCode code, PayloadCodec codec) {
        this.code = code;
        this.codec = codec;
    }

    String jobId() {
        return code.jobId();
    }

    long timeoutMillis() {
        return code.subtaskTimeoutMillis();
    }

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

    Set<Execution> running() {
        return running;
    }

    /** Marks the job released and interrupts its running subtasks. */
    void release() {
        released = true;
        running.forEach(Execution::cancel);
    }

    /** Runs subtask {@code index} with its payload (null for ranges) and returns its result. */
    Object run(int index, byte[] payload, TaskContext context) throws Exception {
        return switch (code.kind()) {
            case TASKS -> ((Task<?>) codec.decode(payload)).run(context);
            case MAP -> function().apply(codec.decode(payload));
            case RANGE -> function().apply(Job.chunkOf(code.rangeFrom(), code.rangeTo(), code.chunkSize(), index));
        };
    }

    byte[] encodeResult(Object value) {
        byte[] bytes = codec.encode(value, "the result");
        if (bytes.length > Limits.MAX_RESULT_BYTES) {
            throw new IllegalStateException("the result is " + bytes.length + " bytes encoded, over the limit of "
                    + Limits.MAX_RESULT_BYTES + " per subtask: return less (a summary, a path to a file) or split the work");
        }
        return bytes;
    }

    @SuppressWarnings("unchecked")
    private TaskFunction<Object, Object> function() {
        TaskFunction<Object, Object> decoded = function;
        if (decoded == null) {
            synchronized (this) {
                decoded = function;
                if (decoded == null) {
                    decoded = (TaskFunction<Object, Object>) codec.decode(code.function());
                    function = decoded;
                }
            }
        }
        return decoded;
    }
}
