package io.taskgrid.coordinator.internal;

import io.taskgrid.internal.protocol.ArtifactRef;
import io.taskgrid.internal.protocol.ClientMessage;
import io.taskgrid.internal.protocol.GatewayMessage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The artifact uploads of one client connection, chunk by chunk in order: each chunk is stored as
 * it arrives, the hash is computed on the way, and the artifact is marked complete only when the
 * hash matches. Not thread-safe: one connection's event loop calls it.
 */
final class ArtifactUploads {

    private final ArtifactStore store;
    private Upload current;

    private static final class Upload {
        final long requestId;
        final ArtifactRef ref;
        final MessageDigest digest;
        final List<CompletableFuture<Void>> writes = new ArrayList<>();
        long received;

        Upload(long requestId, ArtifactRef ref) {
            this.requestId = requestId;
            this.ref = ref;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JVM has no SHA-256", e);
            }
        }
    }

    ArtifactUploads(ArtifactStore store) {
        this.store = store;
    }

    /** Answers an offer: the hashes of the offered artifacts that are not stored whole. */
    CompletionStage<GatewayMessage> onOffer(ClientMessage.OfferArtifacts offer) {
        List<String> wanted = new ArrayList<>();
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (ArtifactRef ref : offer.artifacts()) {
            all = all.thenCombine(store.isComplete(ref.hash()), (ignored, complete) -> {
                if (!complete) {
                    synchronized (wanted) {
                        wanted.add(ref.hash());
                    }
                }
                return null;
            });
        }
        return all.thenApply(done -> new GatewayMessage.ArtifactsWanted(offer.requestId(), List.copyOf(wanted)));
    }

    /**
     * Takes one chunk; returns the answer when there is one (the last chunk's, or a failure), else
     * {@code null}.
     */
    CompletionStage<GatewayMessage> onChunk(ClientMessage.UploadArtifact chunk) {
        String problem = check(chunk);
        if (problem != null) {
            current = null;
            return CompletableFuture.completedFuture(new GatewayMessage.RequestFailed(chunk.requestId(),
                    "the upload of " + chunk.artifact().name() + " failed: " + problem));
        }
        if (chunk.offset() == 0) {
            current = new Upload(chunk.requestId(), chunk.artifact());
        }
        Upload upload = current;
        upload.digest.update(chunk.bytes());
        int index = (int) (chunk.offset() / ArtifactRef.CHUNK_BYTES);
        upload.writes.add(store.putChunk(upload.ref.hash(), index, chunk.bytes()).toCompletableFuture());
        upload.received += chunk.bytes().length;
        if (!chunk.last()) {
            return null;
        }
        current = null;
        String hash = HexFormat.of().formatHex(upload.digest.digest());
        if (!hash.equals(upload.ref.hash()) || upload.received != upload.ref.size()) {
            return CompletableFuture.completedFuture(new GatewayMessage.RequestFailed(chunk.requestId(), "the upload of "
                    + upload.ref.name() + " arrived with " + upload.received + " bytes and SHA-256 " + hash + ", not the "
                    + upload.ref.size() + " bytes and hash it was offered with; it was not stored"));
        }
        return CompletableFuture.allOf(upload.writes.toArray(CompletableFuture[]::new))
                .thenCompose(written -> store.putComplete(upload.ref))
                .handle((done, error) -> error == null
                        ? new GatewayMessage.ArtifactStored(chunk.requestId(), upload.ref.hash())
                        : new GatewayMessage.RequestFailed(chunk.requestId(), "the coordinator could not store "
                        + upload.ref.name() + ": " + error.getMessage()));
    }

    /** What is wrong with this chunk in this place of the upload, or {@code null}. */
    private String check(ClientMessage.UploadArtifact chunk) {
        byte[] bytes = chunk.bytes();
        if (bytes == null || bytes.length > ArtifactRef.CHUNK_BYTES) {
            return "a chunk must hold at most " + ArtifactRef.CHUNK_BYTES + " bytes";
        }
        if (chunk.offset() == 0) {
            return bytes.length > chunk.artifact().size() ? "the first chunk is longer than the artifact" : null;
        }
        if (current == null || current.requestId != chunk.requestId() || !current.ref.equals(chunk.artifact())) {
            return "a chunk at offset " + chunk.offset() + " arrived without the chunks before it";
        }
        if (chunk.offset() != current.received || current.received % ArtifactRef.CHUNK_BYTES != 0) {
            return "chunks must arrive in order, whole; expected offset " + current.received + ", got " + chunk.offset();
        }
        if (current.received + bytes.length > current.ref.size()) {
            return "more bytes arrived than the " + current.ref.size() + " it was offered with";
        }
        return null;
    }
}
