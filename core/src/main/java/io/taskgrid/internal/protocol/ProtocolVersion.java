package io.taskgrid.internal.protocol;

/** The version of the client gateway protocol; a client and a coordinator must speak the same. */
public final class ProtocolVersion {

    /**
     * Bump it whenever a gateway message or its encoding changes, or the encoding of the payloads
     * a client sends to workers (6: lambdas and the JDK's collections written without JVM flags).
     */
    public static final int CURRENT = 6;

    /** The first four bytes of every {@link ClientMessage.Hello}: "TGRD". */
    public static final int HELLO_MAGIC = 0x54475244;

    private ProtocolVersion() {
    }
}
