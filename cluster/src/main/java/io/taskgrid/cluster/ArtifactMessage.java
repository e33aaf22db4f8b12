package io.taskgrid.cluster;

/** What a coordinator's artifact server receives: requests for shipped code, from workers. */
public interface ArtifactMessage {

    /**
     * Worker → artifact server: send chunk {@code index} of the artifact {@code hash} to
     * {@code replyTo} (a worker agent, in ActorRefResolver's string form) as a
     * {@link WorkerMessage.ArtifactChunk}.
     */
    record FetchArtifactChunk(String hash, int index, String replyTo) implements ArtifactMessage, ClusterMessage {
    }
}
