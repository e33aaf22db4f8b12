package io.taskgrid.internal.protocol;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * An exception as data: its class name, message and printed stack trace. Failures cross the wire
 * in this form, never as exception objects, so the receiver needs none of the sender's classes.
 */
public record RemoteFailure(String className, String message, String stackTrace) {

    /** The failure that {@code error} describes, causes included in the stack trace (cut to {@link Limits}). */
    public static RemoteFailure of(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return new RemoteFailure(error.getClass().getName(),
                Limits.cut(error.getMessage(), Limits.MAX_FAILURE_MESSAGE_CHARS),
                Limits.cut(text.toString(), Limits.MAX_FAILURE_STACK_CHARS));
    }

    /** Roughly how many bytes this failure takes on the wire. */
    public int size() {
        return 64 + className.length() + (message == null ? 0 : message.length()) + stackTrace.length();
    }

    /** A failure that no exception stands behind, such as a timeout seen by the worker. */
    public static RemoteFailure of(String className, String message) {
        return new RemoteFailure(className, message, className + ": " + message);
    }
}
