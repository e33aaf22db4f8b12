package io.taskgrid.coordinator.internal;

import io.taskgrid.cluster.ArtifactMessage;
import io.taskgrid.cluster.WorkerMessage;
import io.taskgrid.internal.protocol.ArtifactRef;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Serves shipped code to workers, chunk by chunk, from the {@link ArtifactStore}. One runs on every
 * coordinator; the job manager tells workers where its own is. Reads are asynchronous, so the actor
 * never waits on the store, and a worker paces its requests.
 */
public final class ArtifactServer {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private ArtifactServer() {
    }

    /** The server's behavior over {@code store}. */
    public static Behavior<ArtifactMessage> create(ArtifactStore store) {
        return Behaviors.setup(context -> {
            ActorRefResolver resolver = ActorRefResolver.get(context.getSystem());
            return Behaviors.receive(ArtifactMessage.class)
                    .onMessage(ArtifactMessage.FetchArtifactChunk.class, fetch -> {
                        serve(store, resolver.resolveActorRef(fetch.replyTo()), fetch);
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static void serve(ArtifactStore store, ActorRef<WorkerMessage> replyTo, ArtifactMessage.FetchArtifactChunk fetch) {
        String hash = fetch.hash();
        if (!ArtifactRef.isHash(hash) || fetch.index() < 0) {
            replyTo.tell(failure(hash, fetch.index(), "'" + hash + "' chunk " + fetch.index() + " is not an artifact chunk"));
            return;
        }
        store.size(hash).thenCompose(size -> {
            if (size == null) {
                replyTo.tell(failure(hash, fetch.index(), "the coordinator has no artifact " + hash + ": it was never "
                        + "uploaded whole, or no job used it for " + ArtifactStore.KEEP_UNUSED.toDays() + " days; "
                        + "submit the job again (the client uploads it again)"));
                return DONE;
            }
            ArtifactRef ref = new ArtifactRef(hash, hash, size);
            if (fetch.index() >= ref.chunkCount()) {
                replyTo.tell(failure(hash, fetch.index(), "artifact " + hash + " has only " + ref.chunkCount() + " chunks"));
                return DONE;
            }
            return store.chunk(hash, fetch.index()).thenAccept(bytes -> replyTo.tell(bytes == null
                    ? failure(hash, fetch.index(), "chunk " + fetch.index() + " of artifact " + hash + " is missing")
                    : new WorkerMessage.ArtifactChunk(hash, fetch.index(), ref.chunkCount(),
                    (long) fetch.index() * ArtifactRef.CHUNK_BYTES, bytes, null)));
        }).exceptionally(error -> {
            replyTo.tell(failure(hash, fetch.index(), "the coordinator could not read artifact " + hash + ": " + error));
            return null;
        });
    }

    private static WorkerMessage.ArtifactChunk failure(String hash, int index, String error) {
        return new WorkerMessage.ArtifactChunk(hash, index, 0, 0, null, error);
    }
}
