package io.taskgrid.internal.protocol;

import java.util.List;

/**
 * A job as it travels from the client to the coordinator: its id (chosen by the client, unique),
 * its {@link RunPolicy}, its subtasks in encoded form, and the code they need ({@link ArtifactRef}s,
 * uploaded before the job). The coordinator never decodes user objects.
 */
public record JobSpec(String jobId, String name, RunPolicy policy, SubtaskSource source, List<ArtifactRef> artifacts) {

    /** How many subtasks the job has. */
    public int subtaskCount() {
        return source.count();
    }
}
