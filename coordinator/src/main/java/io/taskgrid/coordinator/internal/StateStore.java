package io.taskgrid.coordinator.internal;

import io.taskgrid.ClusterStatus;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.protocol.SubtaskFailure;

import java.util.List;

/**
 * Where the coordinator keeps what must outlive a connection or a process: accepted jobs, the
 * outcomes of their subtasks (for a client that attaches later, and for a coordinator that takes
 * over), and the records of ended jobs. Writes are asynchronous and batched: the job manager never
 * waits for the store on the hot path; reads happen only on attach and on takeover.
 */
public interface StateStore extends AutoCloseable {

    /** Records an accepted job (immutable from then on). */
    void saveJob(JobSpec spec);

    /**
     * Records a batch of a job's outcomes: results, final failures, or both (either may be empty).
     * The store takes the lists as they are (no copy): the caller hands them over.
     */
    void saveOutcomes(String jobId, List<GatewayMessage.SubtaskResults> results, List<SubtaskFailure> failures);

    /**
     * Every outcome recorded for a job, including batches still being written. Results repeat
     * nothing: each subtask succeeds once.
     */
    StoredOutcomes outcomes(String jobId);

    /**
     * Records how a job ended. The store keeps the record, the job and its outcomes for its
     * retention time, then forgets them; sooner, the oldest first, while the ended jobs kept take
     * more memory than it may give them.
     */
    void saveJobEnd(ClusterStatus.JobInfo ended);

    /** A client has every outcome of an ended job: its recorded outcomes may go now. */
    void dropOutcomes(String jobId);

    /** How a job ended, or {@code null} if the store has no record of its end. */
    ClusterStatus.JobInfo endedJob(String jobId);

    /** The jobs that ended within the retention time, newest first, at most {@code limit}; read at start. */
    List<ClusterStatus.JobInfo> endedJobs(int limit);

    /**
     * What the store keeps of ended jobs, in words, for the answer about a job that it does not
     * know: its limits, and once it dropped jobs to stay under the one in bytes, the oldest end it
     * keeps. For example "the coordinator keeps ended jobs for 1h and in at most 192 MiB of
     * memory, the oldest going first; it dropped 52170 to stay under that, and keeps those that
     * ended since 2026-12-08T10:41:07Z".
     */
    String describeRetention();

    /** The jobs accepted and not ended: what a coordinator that takes over resumes. */
    List<JobSpec> unfinishedJobs();

    @Override
    void close();

    /** A job's recorded outcomes. */
    record StoredOutcomes(List<GatewayMessage.SubtaskResults> results, List<SubtaskFailure> failures) {

        /** Whether nothing is recorded. */
        public boolean isEmpty() {
            return results.isEmpty() && failures.isEmpty();
        }
    }
}
