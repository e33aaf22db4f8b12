package io.taskgrid;

import java.util.List;

/** A job ended with failed subtasks; {@link #failures()} lists each, in subtask order. */
public class JobFailedException extends TaskgridException {

    private final String jobId;
    private final List<RemoteTaskException> failures;

    public JobFailedException(String jobId, int subtaskCount, List<RemoteTaskException> failures) {
        this(jobId, subtaskCount, failures, null);
    }

    /** A job that ended early for {@code reason} (its deadline passed, it is fail-fast), or {@code null}. */
    public JobFailedException(String jobId, int subtaskCount, List<RemoteTaskException> failures, String reason) {
        super(describe(jobId, subtaskCount, failures, reason), failures.isEmpty() ? null : failures.get(0));
        this.jobId = jobId;
        this.failures = List.copyOf(failures);
    }

    private static String describe(String jobId, int subtaskCount, List<RemoteTaskException> failures, String reason) {
        String first = failures.isEmpty() ? "" : "; the first: " + failures.get(0).getMessage();
        return "job " + jobId + " failed: " + (reason == null ? "" : reason + "; ") + failures.size() + " of "
                + subtaskCount + " subtasks failed" + first;
    }

    /** The job's id. */
    public String jobId() {
        return jobId;
    }

    /** Each failed subtask, in subtask order. */
    public List<RemoteTaskException> failures() {
        return failures;
    }
}
