package io.taskgrid.cluster;

import io.taskgrid.internal.protocol.ArtifactRef;
import io.taskgrid.internal.protocol.SubtaskSource;

import java.util.List;

/**
 * How a worker runs the subtasks of one job: sent once per job and worker, then kept until the
 * job is released.
 *
 * @param source               the job's subtasks as the client encoded them, without their items
 *                             ({@link SubtaskSource#withoutItems()}, applied here): their shape,
 *                             function, range and whether they are async; each subtask's own
 *                             item travels with it in {@link WorkerMessage.RunSubtasks}
 * @param subtaskTimeoutMillis the time limit of one attempt, 0 for none
 * @param noRetryOn            exception class names that make a failure final (not retried)
 * @param artifacts            the shipped code the job's classes come from; the worker fetches
 *                             what it lacks and loads the job in a class loader of its own
 */
public record JobCode(String jobId, String name, SubtaskSource source, long subtaskTimeoutMillis,
                      List<String> noRetryOn, List<ArtifactRef> artifacts) {

    public JobCode {
        source = source.withoutItems();
    }

    /** The encoded function of a map or range job (empty for task lists): most of what this code weighs. */
    public byte[] function() {
        return source.function();
    }
}
