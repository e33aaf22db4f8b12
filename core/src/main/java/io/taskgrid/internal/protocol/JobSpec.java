package io.taskgrid.internal.protocol;

/**
 * A job as it travels from the client to the coordinator: its id (chosen by the client, unique),
 * its {@link RunPolicy}, and its subtasks in encoded form. The coordinator never decodes user objects.
 */
public record JobSpec(String jobId, String name, RunPolicy policy, SubtaskSource source) {

    /** How many subtasks the job has. */
    public int subtaskCount() {
        return source.count();
    }
}
