package io.taskgrid;

/** A problem in Taskgrid itself or in talking to the cluster; its message says what to do. */
public class TaskgridException extends RuntimeException {

    public TaskgridException(String message) {
        super(message);
    }

    public TaskgridException(String message, Throwable cause) {
        super(message, cause);
    }
}
