package io.taskgrid.internal.client;

import io.taskgrid.Job;
import io.taskgrid.TaskgridException;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.protocol.Limits;
import io.taskgrid.internal.protocol.RunPolicy;
import io.taskgrid.internal.protocol.SubtaskSource;
import io.taskgrid.internal.serialization.PayloadCodec;

import java.util.HashSet;
import java.util.Set;

/** Turns a {@link Job} into the {@link JobSpec} that travels to the coordinator. */
final class JobEncoder {

    private JobEncoder() {
    }

    /** Encodes the job; its code is found and packed by {@code code}. */
    static JobSpec encode(Job<?> job, String jobId, PayloadCodec codec, int maxFrameBytes, CodeArtifacts code) {
        Set<Class<?>> classes = new HashSet<>();
        SubtaskSource source = codec.recordingClasses(classes, () -> encodeSubtasks(job.subtasks(), codec));
        long size = encodedSize(source);
        if (size > maxFrameBytes - 4096L) {
            throw new TaskgridException("Job '" + job.name() + "' is " + megabytes(size)
                    + " encoded, over the gateway's limit of " + megabytes(maxFrameBytes)
                    + " per message: pass large inputs by reference (paths, URLs) or split the job");
        }
        RunPolicy policy = new RunPolicy(job.maxRetries(), job.retryBackoff().toMillis(), job.noRetryOn(),
                job.subtaskTimeout().toMillis(), job.deadline().toMillis(), job.isFailFast(), job.maxWorkerLosses());
        return new JobSpec(jobId, job.name(), policy, source, code.forJob(classes, job.jars()));
    }

    private static SubtaskSource encodeSubtasks(Job.Subtasks<?> subtasks, PayloadCodec codec) {
        if (subtasks instanceof Job.TaskList<?> list) {
            return new SubtaskSource.TaskListSource(checked(codec.encodeEach(list.tasks(), "task"), "task"), false);
        }
        if (subtasks instanceof Job.AsyncTaskList<?> list) {
            return new SubtaskSource.TaskListSource(checked(codec.encodeEach(list.tasks(), "async task"), "task"), true);
        }
        if (subtasks instanceof Job.MappedInputs<?, ?> map) {
            byte[] function = checked(codec.encode(map.function(), "the map function"), "map function");
            return new SubtaskSource.MapSource(function, checked(codec.encodeEach(map.inputs(), "input"), "input"), false);
        }
        if (subtasks instanceof Job.AsyncMappedInputs<?, ?> map) {
            byte[] function = checked(codec.encode(map.function(), "the async map function"), "map function");
            return new SubtaskSource.MapSource(function, checked(codec.encodeEach(map.inputs(), "input"), "input"), true);
        }
        Job.RangeChunks<?> range = (Job.RangeChunks<?>) subtasks;
        byte[] function = checked(codec.encode(range.function(), "the range function"), "range function");
        return new SubtaskSource.RangeSource(function, range.from(), range.to(), range.chunkSize());
    }

    private static EncodedItems checked(EncodedItems items, String what) {
        for (int i = 0; i < items.count(); i++) {
            if (items.itemSize(i) > Limits.MAX_SUBTASK_PAYLOAD_BYTES) {
                throw new TaskgridException("The " + what + " of subtask " + i + " is "
                        + megabytes(items.itemSize(i)) + " encoded, over the limit of "
                        + megabytes(Limits.MAX_SUBTASK_PAYLOAD_BYTES) + " per subtask: pass large data by "
                        + "reference (a path, a URL) and let the task load it");
            }
        }
        return items;
    }

    private static byte[] checked(byte[] function, String what) {
        if (function.length > Limits.MAX_FUNCTION_BYTES) {
            throw new TaskgridException("The " + what + " is " + megabytes(function.length) + " encoded with what it "
                    + "captures, over the limit of " + megabytes(Limits.MAX_FUNCTION_BYTES) + ": capture less "
                    + "(load large tables on the worker, from a path or a URL)");
        }
        return function;
    }

    private static long encodedSize(SubtaskSource source) {
        if (source instanceof SubtaskSource.TaskListSource list) {
            return list.tasks().blob().length + 5L * list.count();
        }
        if (source instanceof SubtaskSource.MapSource map) {
            return map.function().length + map.inputs().blob().length + 5L * map.count();
        }
        return ((SubtaskSource.RangeSource) source).function().length;
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
