package io.taskgrid.coordinator.internal;

import io.taskgrid.cluster.JobCode;
import io.taskgrid.cluster.WorkerMessage.RunSubtasks;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.ArtifactRef;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.protocol.Limits;
import io.taskgrid.internal.protocol.SubtaskFailure;
import io.taskgrid.internal.protocol.SubtaskSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the job manager keeps of one running job besides the scheduler's table (which holds its
 * subtasks' states, run times and progress): the encoded subtasks and the code workers need, the
 * clients that follow it, and the failures shown.
 */
final class JobContext {

    /** Code up to this size rides with a job's first batch; larger code travels in a message of its own. */
    static final int INLINE_CODE_BYTES = 64 * 1024;

    final JobSpec spec;
    final JobCode code;
    final long submittedAtMillis;
    private final List<Follower> followers = new ArrayList<>(1);
    private static final Logger log = LoggerFactory.getLogger(JobContext.class);
    /** How many failures for good of one job are logged; the rest are counted. */
    static final int FAILURES_LOGGED = 5;

    private final List<JobDetails.Failure> failuresShown = new ArrayList<>(0);
    private int failuresLogged;

    JobContext(JobSpec spec, long submittedAtMillis) {
        this.spec = spec;
        this.code = codeOf(spec);
        this.submittedAtMillis = submittedAtMillis;
    }

    private static JobCode codeOf(JobSpec spec) {
        List<ArtifactRef> artifacts = spec.artifacts() == null ? List.of() : spec.artifacts();
        return new JobCode(spec.jobId(), spec.name(), spec.source(),
                spec.policy().subtaskTimeoutMillis(), spec.policy().noRetryOn(), artifacts);
    }

    String id() {
        return spec.jobId();
    }

    /** Adds a client that receives the job's outcomes from now on; returns whether it is new. */
    boolean follow(Follower follower) {
        for (Follower existing : followers) {
            if (existing.client == follower.client) {
                return false;
            }
        }
        return followers.add(follower);
    }

    /** Forgets a client; returns whether it followed this job. */
    boolean unfollow(ClientSession client) {
        return followers.removeIf(follower -> follower.client == client);
    }

    boolean hasFollowers() {
        return !followers.isEmpty();
    }

    int followerCount() {
        return followers.size();
    }

    /**
     * Keeps the first failures for good for the HTTP API, and logs the first
     * {@link #FAILURES_LOGGED} (the job's end line counts the rest).
     */
    void recordFailures(List<SubtaskFailure> failures, long stimulus) {
        for (SubtaskFailure failure : failures) {
            if (failuresShown.size() < JobDetails.FAILURES_SHOWN) {
                failuresShown.add(JobDetails.Failure.of(failure));
            }
            if (failuresLogged++ < FAILURES_LOGGED) {
                log.warn("Subtask failed for good: job={} subtask={} attempt={} worker={} [s{}]: {}: {}{}", spec.jobId(),
                        failure.index(), failure.attempts(), failure.workerId(), stimulus, failure.failure().className(),
                        failure.failure().message(), failuresLogged == FAILURES_LOGGED
                                ? " (further failures of this job are not logged; GET /api/jobs/" + spec.jobId()
                                + " lists them)" : "");
            }
        }
    }

    List<JobDetails.Failure> failuresShown() {
        return List.copyOf(failuresShown);
    }

    /** Failures for good: to the followers and the store, and kept for the HTTP view and the log. */
    void failedForGood(List<SubtaskFailure> failures, long stimulus, StateStore store) {
        tellFollowers(new GatewayMessage.SubtaskFailures(spec.jobId(), failures));
        store.saveOutcomes(spec.jobId(), List.of(), failures);
        recordFailures(failures, stimulus);
    }

    /** Results: to the followers and the store. */
    void deliver(GatewayMessage.SubtaskResults results, StateStore store) {
        tellFollowers(results);
        store.saveOutcomes(spec.jobId(), List.of(results), List.of());
    }

    /** Sends a message to every client that follows the job. */
    void tellFollowers(GatewayMessage message) {
        for (Follower follower : followers) {
            follower.send(message);
        }
    }

    /**
     * The messages that carry these subtasks to a worker, each inside one Artery frame: at most
     * {@link Limits#MAX_BATCH_BYTES} of payload (a larger single item travels alone). The job's code
     * rides with the first batch when it is small, and travels alone before it otherwise.
     */
    List<RunSubtasks> batches(int[] indices, int[] attempts, boolean withCode) {
        EncodedItems items = payloads();
        List<RunSubtasks> batches = new ArrayList<>(1);
        long codeBytes = withCode ? code.function().length : 0;
        if (codeBytes > INLINE_CODE_BYTES) {
            batches.add(new RunSubtasks(id(), code, new int[0], new int[0], items == null ? null : EncodedItems.EMPTY));
            withCode = false;
            codeBytes = 0;
        }
        int from = 0;
        while (from < indices.length) {
            int to = from;
            long bytes = codeBytes;
            while (to < indices.length && (to == from || items == null
                    || bytes + items.itemSize(indices[to]) <= Limits.MAX_BATCH_BYTES)) {
                bytes += items == null ? 0 : items.itemSize(indices[to]);
                to++;
            }
            batches.add(batch(items, indices, attempts, from, to, withCode && from == 0));
            codeBytes = 0;
            from = to;
        }
        return batches;
    }

    private RunSubtasks batch(EncodedItems items, int[] indices, int[] attempts, int from, int to, boolean withCode) {
        int[] batchIndices = from == 0 && to == indices.length ? indices : Arrays.copyOfRange(indices, from, to);
        int[] batchAttempts = from == 0 && to == indices.length ? attempts : Arrays.copyOfRange(attempts, from, to);
        EncodedItems payloads = items == null ? null : items.select(batchIndices, batchIndices.length);
        return new RunSubtasks(id(), withCode ? code : null, batchIndices, batchAttempts, payloads);
    }

    private EncodedItems payloads() {
        SubtaskSource source = spec.source();
        if (source instanceof SubtaskSource.TaskListSource list) {
            return list.tasks();
        }
        if (source instanceof SubtaskSource.MapSource map) {
            return map.inputs();
        }
        return null;
    }
}
