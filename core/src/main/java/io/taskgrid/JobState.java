package io.taskgrid;

/** Where a job is in its life. */
public enum JobState {
    /** Accepted by the coordinator; some subtasks have not reached a final state yet. */
    RUNNING,
    /** Every subtask succeeded. */
    SUCCEEDED,
    /** Every subtask reached a final state and at least one of them failed. */
    FAILED,
    /** The job was cancelled before every subtask finished. */
    CANCELLED;

    /** Whether the job has ended and will not change again. */
    public boolean isTerminal() {
        return this != RUNNING;
    }
}
