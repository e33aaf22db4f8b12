package io.taskgrid;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A subtask failed on a worker. It carries what the worker saw: the class, message and stack
 * trace of the exception the task threw (as text, since that class may not exist here). Its own
 * stack trace is the remote one, so a printed trace shows where the task failed.
 */
public class RemoteTaskException extends TaskgridException {

    private static final Pattern FRAME = Pattern.compile("^\\s*at (?:[^/]+/)?(.+)\\.([^.(]+)\\((.*)\\)$");

    private final String jobId;
    private final int subtaskIndex;
    private final int attempts;
    private final String workerId;
    private final String remoteClassName;
    private final String remoteMessage;
    private final String remoteStackTrace;

    public RemoteTaskException(String jobId, int subtaskIndex, int attempts, String workerId,
                               String remoteClassName, String remoteMessage, String remoteStackTrace) {
        super(describe(jobId, subtaskIndex, attempts, workerId, remoteClassName, remoteMessage));
        this.jobId = jobId;
        this.subtaskIndex = subtaskIndex;
        this.attempts = attempts;
        this.workerId = workerId;
        this.remoteClassName = remoteClassName;
        this.remoteMessage = remoteMessage;
        this.remoteStackTrace = remoteStackTrace;
        setStackTrace(parseFrames(remoteStackTrace));
    }

    private static String describe(String jobId, int index, int attempts, String workerId,
                                   String className, String message) {
        return "subtask " + index + " of job " + jobId + " failed on worker " + workerId
                + (attempts > 1 ? " after " + attempts + " attempts" : "") + ": " + className
                + (message == null ? "" : ": " + message);
    }

    /** Turns "\tat pkg.Class.method(File.java:12)" lines back into stack frames. */
    static StackTraceElement[] parseFrames(String stackText) {
        List<StackTraceElement> frames = new ArrayList<>();
        if (stackText != null) {
            for (String line : stackText.split("\n")) {
                Matcher m = FRAME.matcher(line);
                if (m.matches()) {
                    frames.add(frame(m.group(1), m.group(2), m.group(3)));
                }
            }
        }
        return frames.toArray(StackTraceElement[]::new);
    }

    private static StackTraceElement frame(String className, String method, String location) {
        int colon = location.lastIndexOf(':');
        if (colon > 0) {
            try {
                int line = Integer.parseInt(location.substring(colon + 1));
                return new StackTraceElement(className, method, location.substring(0, colon), line);
            } catch (NumberFormatException notALineNumber) {
                // a location such as "Native Method" or "Unknown Source"
            }
        }
        return new StackTraceElement(className, method, location, location.equals("Native Method") ? -2 : -1);
    }

    /** The job the subtask belongs to. */
    public String jobId() {
        return jobId;
    }

    /** The subtask's position in its job. */
    public int subtaskIndex() {
        return subtaskIndex;
    }

    /** How many attempts were made before giving up. */
    public int attempts() {
        return attempts;
    }

    /** The worker where the last attempt failed. */
    public String workerId() {
        return workerId;
    }

    /** The name of the exception's class on the worker, such as {@code java.io.IOException}. */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** The exception's message on the worker, or {@code null}. */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** The full stack trace printed on the worker, causes included. */
    public String remoteStackTrace() {
        return remoteStackTrace;
    }
}
