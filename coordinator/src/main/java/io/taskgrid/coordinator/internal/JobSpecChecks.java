package io.taskgrid.coordinator.internal;

import io.taskgrid.Job;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.protocol.Limits;
import io.taskgrid.internal.protocol.RunPolicy;
import io.taskgrid.internal.protocol.SubtaskSource;

import java.util.regex.Pattern;

/**
 * Checks a submitted job before anything is done with it. The client checks the same things, but
 * the coordinator cannot trust every client: what gets through here must not break the scheduler.
 */
final class JobSpecChecks {

    /** Job ids are chosen by clients; they also make store keys, so they keep to a safe alphabet. */
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9.:-]{1,200}");

    private JobSpecChecks() {
    }

    /** Why the job cannot run, or {@code null} when it can. */
    static String problemWith(JobSpec spec) {
        if (spec == null) {
            return "the request holds no job";
        }
        if (spec.jobId() == null || !JOB_ID.matcher(spec.jobId()).matches()) {
            return "the job id must be 1 to 200 letters, digits, '.', ':' or '-'";
        }
        if (spec.source() == null) {
            return "the job has no subtasks";
        }
        String policyProblem = problemWith(spec.policy());
        if (policyProblem != null) {
            return policyProblem;
        }
        if (spec.name() == null) {
            return "the job has no name";
        }
        String sourceProblem = problemWith(spec.source());
        if (sourceProblem != null) {
            return sourceProblem;
        }
        if (spec.subtaskCount() > Job.MAX_SUBTASKS) {
            return "the job has " + spec.subtaskCount() + " subtasks, more than the limit of " + Job.MAX_SUBTASKS
                    + ": make each subtask do more (a larger chunk size)";
        }
        return spec.subtaskCount() < 1 ? "a job needs at least one subtask, but this one has none" : null;
    }

    private static String problemWith(RunPolicy policy) {
        if (policy == null) {
            return "the job has no run policy";
        }
        if (policy.maxRetries() < 0 || policy.maxRetries() > Job.MAX_RETRIES) {
            return "maxRetries must be between 0 and " + Job.MAX_RETRIES + ", not " + policy.maxRetries();
        }
        if (policy.subtaskTimeoutMillis() < 0 || policy.deadlineMillis() < 0 || policy.retryBackoffMillis() < 0) {
            return "the subtask timeout, the deadline and the retry backoff must not be negative";
        }
        if (policy.maxWorkerLosses() < 1 || policy.maxWorkerLosses() > RunPolicy.MAX_WORKER_LOSSES) {
            return "maxWorkerLosses must be between 1 and " + RunPolicy.MAX_WORKER_LOSSES;
        }
        if (policy.noRetryOn() == null || policy.noRetryOn().size() > 100) {
            return "the job names more than 100 exception types not to retry";
        }
        return null;
    }

    private static String problemWith(SubtaskSource source) {
        if (source instanceof SubtaskSource.RangeSource range) {
            if (range.chunkSize() <= 0) {
                return "the chunk size must be positive, not " + range.chunkSize();
            }
            if (range.to() <= range.from()) {
                return "the range [" + range.from() + ", " + range.to() + ") is empty";
            }
            long chunks = SubtaskSource.RangeSource.chunkCount(range.from(), range.to(), range.chunkSize());
            if (range.to() - range.from() < 0 || chunks > Integer.MAX_VALUE) {
                return "the range [" + range.from() + ", " + range.to() + ") makes more than "
                        + Integer.MAX_VALUE + " chunks: use a larger chunk size";
            }
            return problemWithFunction(range.function());
        }
        if (source instanceof SubtaskSource.MapSource map) {
            String functionProblem = problemWithFunction(map.function());
            return functionProblem != null ? functionProblem : problemWith(map.inputs());
        }
        return problemWith(((SubtaskSource.TaskListSource) source).tasks());
    }

    private static String problemWithFunction(byte[] function) {
        if (function == null) {
            return "the job has no function";
        }
        return function.length > Limits.MAX_FUNCTION_BYTES ? "the job's function is " + function.length
                + " bytes encoded, over the limit of " + Limits.MAX_FUNCTION_BYTES : null;
    }

    private static String problemWith(EncodedItems items) {
        if (items == null) {
            return "the job has no subtasks";
        }
        int[] offsets = items.offsets();
        for (int i = 1; i < offsets.length; i++) {
            if (offsets[i] - offsets[i - 1] > Limits.MAX_SUBTASK_PAYLOAD_BYTES) {
                return "subtask " + (i - 1) + " is " + (offsets[i] - offsets[i - 1]) + " bytes encoded, over the limit of "
                        + Limits.MAX_SUBTASK_PAYLOAD_BYTES + " per subtask";
            }
        }
        return null;
    }
}
