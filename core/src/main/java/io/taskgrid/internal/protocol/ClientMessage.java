package io.taskgrid.internal.protocol;

import java.util.List;

/**
 * What a client sends to the coordinator's gateway. The first frame on a connection is always
 * {@link Hello}; every request carries a {@code requestId} that its answer repeats.
 */
public sealed interface ClientMessage {

    /**
     * Client → gateway, first frame of every connection: which protocol the client speaks. Its
     * encoding starts with a magic number and the version, and never changes, so that any two
     * versions of Taskgrid can tell each other apart (see {@code WireKryo}).
     */
    record Hello(int protocolVersion, String taskgridVersion, String clientName, String token) implements ClientMessage {
        @Override
        public String toString() {
            return "Hello[" + protocolVersion + ", " + taskgridVersion + ", " + clientName + "]"; // never the token
        }
    }

    /** Client → gateway: run this job. Answered by {@link GatewayMessage.JobAccepted} or {@link GatewayMessage.RequestFailed}. */
    record SubmitJob(long requestId, JobSpec spec) implements ClientMessage {
    }

    /** Client → gateway: cancel a job. Answered by {@link GatewayMessage.CancelAccepted} or {@link GatewayMessage.RequestFailed}. */
    record CancelJob(long requestId, String jobId) implements ClientMessage {
    }

    /**
     * Client → gateway: a worker should finish what it holds, take nothing new, and leave. Answered
     * by {@link GatewayMessage.DrainAccepted} or {@link GatewayMessage.RequestFailed}.
     */
    record DrainWorker(long requestId, String workerId) implements ClientMessage {
    }

    /**
     * Client → gateway: follow a job that this or another client submitted. Answered by
     * {@link GatewayMessage.JobAttached}, then every outcome the coordinator kept (results may repeat
     * ones the client has; it keeps the first), then live outcomes; or by {@link GatewayMessage.RequestFailed}.
     */
    record AttachJob(long requestId, String jobId) implements ClientMessage {
    }

    /**
     * Client → gateway, after {@link GatewayMessage.JobFinished}: this client holds every outcome of the
     * job, so the coordinator may drop the copies it kept for a later attach. No answer.
     */
    record ResultsCollected(String jobId) implements ClientMessage {
    }

    /**
     * Client → gateway, before a {@link SubmitJob} that needs code the client has not seen the
     * coordinator take: which of these artifacts do you lack? Answered by {@link GatewayMessage.ArtifactsWanted}.
     */
    record OfferArtifacts(long requestId, List<ArtifactRef> artifacts) implements ClientMessage {
    }

    /**
     * Client → gateway: one chunk of an artifact the coordinator wanted, in order from offset 0;
     * every chunk of one upload carries the same {@code requestId}. The last one is answered by
     * {@link GatewayMessage.ArtifactStored} once the whole artifact is stored and its hash checked,
     * or, at any chunk, by {@link GatewayMessage.RequestFailed}.
     */
    record UploadArtifact(long requestId, ArtifactRef artifact, long offset, byte[] bytes, boolean last)
            implements ClientMessage {
    }

    /** Client → gateway: describe the cluster. Answered by {@link GatewayMessage.StatusReport}. */
    record GetClusterStatus(long requestId) implements ClientMessage {
    }
}
