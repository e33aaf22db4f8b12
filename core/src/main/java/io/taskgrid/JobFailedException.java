package io.taskgrid;

import java.util.List;

/** A job ended with failed subtasks; {@link #failures()} lists each, in subtask order. */
public class JobFailedException extends TaskgridException {

    private final String jobId;
    private final List<RemoteTaskException> failures;

    public JobFailedException(String jobId, int subtaskCount, List<RemoteTaskException> failures) {
        super(describe(jobId, subtaskCount, failures), failures.isEmpty() ? null : failures.get(0));
        this.jobId = jobId;
        this.failures = List.copyOf(failures);
    }

    private static String describe(String jobId, int subtaskCount, List<RemoteTaskException> failures) {
        String first = failures.isEmpty() ? "" : "; the first: " + failures.get(0).getMessage();
        return "job " + jobId + " failed: " + failures.size() + " of " + subtaskCount
                + " subtasks failed" + first;
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
