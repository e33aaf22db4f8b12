package io.taskgrid.internal.wire;

/** Limits of the client gateway's frames. */
public final class Frames {

    /** The default largest frame, in bytes, that a gateway or client accepts (64 MiB). */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;

    private Frames() {
    }
}
