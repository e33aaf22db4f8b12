package io.taskgrid.coordinator.internal;

import com.hazelcast.map.IMap;
import io.taskgrid.internal.protocol.ArtifactRef;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Shipped code, by content hash, in the state store's {@code artifacts} map (so a standby has it,
 * and {@code --store-dir} keeps it on disk): each artifact is its chunks under {@code HASH.INDEX}
 * and, written last, its size under {@code HASH}, so an artifact whose size is there is complete.
 * An artifact no job used for {@link #KEEP_UNUSED} leaves memory.
 */
public final class ArtifactStore {

    /** How long an artifact stays when no job fetches it. */
    static final Duration KEEP_UNUSED = Duration.ofDays(7);

    private final IMap<String, byte[]> map;
    /** Hashes known to be complete, so that most submits need no look-up. */
    private final Set<String> complete = ConcurrentHashMap.newKeySet();

    ArtifactStore(IMap<String, byte[]> map) {
        this.map = map;
    }

    /** Whether the artifact is known to be complete here without asking the store. */
    boolean isKnownComplete(String hash) {
        return complete.contains(hash);
    }

    /** Whether the artifact is stored whole. */
    CompletionStage<Boolean> isComplete(String hash) {
        if (complete.contains(hash)) {
            return CompletableFuture.completedFuture(true);
        }
        return map.getAsync(hash).thenApply(size -> {
            if (size != null) {
                complete.add(hash);
            }
            return size != null;
        });
    }

    /** Stores chunk {@code index} of the artifact. */
    CompletionStage<Void> putChunk(String hash, int index, byte[] bytes) {
        return map.setAsync(hash + "." + index, bytes, 0, TimeUnit.SECONDS, KEEP_UNUSED.toSeconds(), TimeUnit.SECONDS);
    }

    /** Marks the artifact complete; call it once every chunk is stored. */
    CompletionStage<Void> putComplete(ArtifactRef ref) {
        byte[] size = Long.toString(ref.size()).getBytes(StandardCharsets.US_ASCII);
        return map.setAsync(ref.hash(), size, 0, TimeUnit.SECONDS, KEEP_UNUSED.toSeconds(), TimeUnit.SECONDS)
                .thenRun(() -> complete.add(ref.hash()));
    }

    /** The artifact's size, or {@code null} when it is not stored whole. */
    CompletionStage<Long> size(String hash) {
        return map.getAsync(hash).thenApply(size -> size == null ? null
                : Long.parseLong(new String(size, StandardCharsets.US_ASCII)));
    }

    /** Chunk {@code index} of the artifact, or {@code null} when it is not there. */
    CompletionStage<byte[]> chunk(String hash, int index) {
        return map.getAsync(hash + "." + index);
    }
}
