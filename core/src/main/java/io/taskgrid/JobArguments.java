package io.taskgrid;

import io.taskgrid.internal.protocol.RunPolicy;
import io.taskgrid.internal.protocol.SubtaskSource.RangeSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The checks {@link Job}'s factories and options make on their arguments: each refusal says what
 * is wrong in terms of the call the user made, and how to put it right.
 */
final class JobArguments {

    private JobArguments() {
    }

    /** A copy of {@code tasks}, which must be neither empty nor hold a null; {@code what} names one ("task"). */
    static <T> List<T> tasks(List<? extends T> tasks, String what) {
        Objects.requireNonNull(tasks, "tasks");
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a job needs at least one subtask, but the task list is empty");
        }
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i) == null) {
                throw new IllegalArgumentException(what + " " + i + " of " + tasks.size() + " is null");
            }
        }
        return List.copyOf(tasks);
    }

    /** Checks that a map job has a function and at least one input. */
    static void mapping(Object function, List<?> inputs) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(inputs, "inputs");
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException(
                    "a job needs at least one subtask, but the list of inputs to map over is empty");
        }
    }

    /** Checks that a range job has a function, a positive chunk size and from one to {@link Job#MAX_SUBTASKS} chunks. */
    static void range(long from, long to, long chunkSize, Object function) {
        Objects.requireNonNull(function, "function");
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be positive, but it is " + chunkSize
                    + ": it is how many values each subtask handles, for example "
                    + "range(0, 1_000_000, 10_000, fn) makes 100 subtasks");
        }
        if (to <= from) {
            throw new IllegalArgumentException("a job needs at least one subtask, but the range ["
                    + from + ", " + to + ") is empty: 'to' must be greater than 'from'");
        }
        long count = to - from < 0 ? Long.MAX_VALUE : RangeSource.chunkCount(from, to, chunkSize);
        if (count > Job.MAX_SUBTASKS) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") in chunks of "
                    + chunkSize + " makes " + (count == Long.MAX_VALUE ? "too many" : String.valueOf(count))
                    + " subtasks, more than the limit of " + Job.MAX_SUBTASKS + ": use a larger chunkSize");
        }
    }

    /** Checks a job name: present and not blank. */
    static void name(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a job name must not be blank");
        }
    }

    /** The absolute, normal form of a jar or classes directory to ship with job {@code jobName}, which must be readable. */
    static Path jar(Path path, String jobName) {
        Objects.requireNonNull(path, "jar");
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("cannot ship " + path + " with job '" + jobName
                    + "': there is no readable file or directory there");
        }
        return path.toAbsolutePath().normalize();
    }

    /** Checks a number of retries: from 0 to {@link Job#MAX_RETRIES}. */
    static void retries(int retries) {
        if (retries < 0 || retries > Job.MAX_RETRIES) {
            throw new IllegalArgumentException("maxRetries must be between 0 and " + Job.MAX_RETRIES
                    + ", but it is " + retries);
        }
    }

    /** Checks a number of worker losses: from 1 to {@link RunPolicy#MAX_WORKER_LOSSES}. */
    static void workerLosses(int losses) {
        if (losses < 1 || losses > RunPolicy.MAX_WORKER_LOSSES) {
            throw new IllegalArgumentException("maxWorkerLosses must be between 1 and " + RunPolicy.MAX_WORKER_LOSSES
                    + ", but it is " + losses);
        }
    }

    /** A duration's milliseconds; {@code what} names it in the message when it is negative. */
    static long nonNegativeMillis(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, but it is " + duration);
        }
        return duration.toMillis();
    }
}
