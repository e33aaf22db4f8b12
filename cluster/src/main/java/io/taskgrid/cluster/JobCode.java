package io.taskgrid.cluster;

import io.taskgrid.internal.protocol.ArtifactRef;

import java.util.List;

/**
 * How a worker runs the subtasks of one job: sent once per job and worker, then kept until the
 * job is released.
 *
 * @param kind                 the shape of the job's subtasks
 * @param function             the encoded map or range function; empty for task lists
 * @param rangeFrom            for ranges: the start of the whole range
 * @param rangeTo              for ranges: its end, exclusive
 * @param chunkSize            for ranges: the values per subtask
 * @param subtaskTimeoutMillis the time limit of one attempt, 0 for none
 * @param noRetryOn            exception class names that make a failure final (not retried)
 * @param async                whether the subtasks run on the event loop ({@code AsyncTask}, {@code AsyncFunction})
 * @param artifacts            the shipped code the job's classes come from; the worker fetches
 *                             what it lacks and loads the job in a class loader of its own
 */
public record JobCode(String jobId, String name, Kind kind, byte[] function, long rangeFrom, long rangeTo,
                      long chunkSize, long subtaskTimeoutMillis, List<String> noRetryOn, boolean async,
                      List<ArtifactRef> artifacts) {

    /** The shapes a job's subtasks come in. */
    public enum Kind {
        /** Each payload is an encoded {@code Task} (or {@code AsyncTask}). */
        TASKS,
        /** Each payload is an encoded input to the function. */
        MAP,
        /** No payloads: subtask {@code i} is chunk {@code i} of the range. */
        RANGE
    }
}
