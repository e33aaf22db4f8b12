package io.taskgrid.internal.protocol;

import io.taskgrid.ClusterStatus;
import io.taskgrid.JobState;

import java.util.List;

/** What the coordinator's gateway sends to a client. */
public sealed interface GatewayMessage {

    /** The answer to one request of a client: it repeats the request's id. */
    interface Answer {
        long requestId();
    }

    /** Gateway → client, the answer to a {@link ClientMessage.Hello} it accepts. */
    record Welcome(int protocolVersion, String taskgridVersion, String coordinatorId) implements GatewayMessage {
    }

    /**
     * Gateway → client, when it cannot go on with this connection (a wrong protocol version, a
     * malformed or oversized frame); the gateway closes the connection after sending it.
     */
    record Refused(String reason) implements GatewayMessage {
    }

    /** Gateway → client: the job of request {@code requestId} was accepted. */
    record JobAccepted(long requestId, String jobId, int subtaskCount) implements GatewayMessage, Answer {
    }

    /**
     * Gateway → client: request {@code requestId} attached the client to a job; the job's outcomes
     * follow. {@code state} is the job's state now (a job that ended is followed by its
     * {@link JobFinished} right after its outcomes).
     */
    record JobAttached(long requestId, String jobId, String name, int subtaskCount, JobState state) implements GatewayMessage, Answer {
    }

    /** Gateway → client: request {@code requestId} could not be carried out, and why. */
    record RequestFailed(long requestId, String message) implements GatewayMessage, Answer {
    }

    /** Gateway → client: the job of request {@code requestId} is being cancelled. */
    record CancelAccepted(long requestId, String jobId) implements GatewayMessage, Answer {
    }

    /** Gateway → client: the worker drains (request {@code requestId}). */
    record DrainAccepted(long requestId, String workerId) implements GatewayMessage, Answer {
    }

    /** Gateway → client: of the artifacts offered by request {@code requestId}, these hashes are missing; upload them. */
    record ArtifactsWanted(long requestId, List<String> hashes) implements GatewayMessage, Answer {
    }

    /** Gateway → client: the artifact uploaded by request {@code requestId} is stored and its hash checked. */
    record ArtifactStored(long requestId, String hash) implements GatewayMessage, Answer {
    }

    /** Gateway → client: the cluster status asked for by request {@code requestId}. */
    record StatusReport(long requestId, ClusterStatus status) implements GatewayMessage, Answer {
    }

    /**
     * Gateway → client, as subtasks succeed: their results (user objects encoded by the worker),
     * each subtask reported once; {@code values} holds the result of {@code indices[i]} as its item {@code i}.
     */
    record SubtaskResults(String jobId, String workerId, int[] indices, EncodedItems values) implements GatewayMessage {
    }

    /** Gateway → client: subtasks that failed for good (no retries left). */
    record SubtaskFailures(String jobId, List<SubtaskFailure> failures) implements GatewayMessage {
    }

    /**
     * Gateway → client, about twice a second while a job runs: how many of its subtasks are
     * running and the sum of the progress they reported.
     */
    record JobProgressed(String jobId, int running, double partial) implements GatewayMessage {
    }

    /**
     * Gateway → client, last message about a job: its final state. Sent after every result and
     * failure of the job.
     */
    record JobFinished(String jobId, JobState state, int succeeded, int failed, String reason) implements GatewayMessage {
    }
}
