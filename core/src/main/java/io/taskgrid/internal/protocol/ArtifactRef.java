package io.taskgrid.internal.protocol;

import java.util.regex.Pattern;

/**
 * A piece of shipped code (a jar), named by the SHA-256 of its bytes: the same jar is uploaded,
 * stored and fetched once, whichever jobs use it.
 *
 * @param hash the SHA-256 of the jar's bytes, 64 lower-case hex digits
 * @param name where it came from, for messages (a file name such as {@code app.jar})
 * @param size its length in bytes
 */
public record ArtifactRef(String hash, String name, long size) {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    /** The largest artifact accepted. */
    public static final long MAX_SIZE = 512L * 1024 * 1024;

    /** The size of the pieces an artifact travels in (upload, storage, fetch): well inside one Artery frame. */
    public static final int CHUNK_BYTES = 256 * 1024;

    public ArtifactRef {
        if (hash == null || !HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("an artifact hash is 64 lower-case hex digits (SHA-256), not '" + hash + "'");
        }
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("artifact " + name + " is " + size + " bytes; the limit is " + MAX_SIZE);
        }
    }

    /** How many chunks of {@link #CHUNK_BYTES} it travels in (at least one). */
    public int chunkCount() {
        return (int) Math.max(1, (size + CHUNK_BYTES - 1) / CHUNK_BYTES);
    }

    /** Whether {@code text} is a well-formed artifact hash. */
    public static boolean isHash(String text) {
        return text != null && HASH.matcher(text).matches();
    }
}
