package io.taskgrid.coordinator;

import io.taskgrid.internal.wire.Frames;

import java.time.Duration;

/**
 * How to start a coordinator. A port of 0 picks a free one.
 *
 * @param host          the address to bind and advertise (all ports listen on it)
 * @param clusterPort   the Pekko cluster port, which workers join
 * @param gatewayPort   the client gateway port, which clients connect to
 * @param httpPort      the HTTP API port
 * @param storePort     the first port the embedded Hazelcast member tries
 * @param retention     how long ended jobs and uncollected results are kept
 * @param maxFrameBytes the largest frame the gateway accepts from a client
 */
public record CoordinatorSettings(String host, int clusterPort, int gatewayPort, int httpPort, int storePort,
                                  Duration retention, int maxFrameBytes) {

    /** The default ports: cluster 7710, gateway 7711, HTTP 7712, state store 5701. */
    public static final int DEFAULT_CLUSTER_PORT = 7710;
    public static final int DEFAULT_GATEWAY_PORT = 7711;
    public static final int DEFAULT_HTTP_PORT = 7712;
    public static final int DEFAULT_STORE_PORT = 5701;

    public CoordinatorSettings {
        checkPort("cluster", clusterPort);
        checkPort("gateway", gatewayPort);
        checkPort("http", httpPort);
        checkPort("store", storePort);
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("the retention time must be positive, not " + retention);
        }
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the " + name + " port " + port + " is outside 0..65535");
        }
    }

    /** The defaults, on {@code host}. */
    public static CoordinatorSettings defaults(String host) {
        return new CoordinatorSettings(host, DEFAULT_CLUSTER_PORT, DEFAULT_GATEWAY_PORT, DEFAULT_HTTP_PORT,
                DEFAULT_STORE_PORT, Duration.ofHours(1), Frames.DEFAULT_MAX_FRAME_BYTES);
    }

    /** Free ports on 127.0.0.1: for local clusters and tests, which must not collide. */
    public static CoordinatorSettings ephemeral() {
        return new CoordinatorSettings("127.0.0.1", 0, 0, 0, 0, Duration.ofHours(1), Frames.DEFAULT_MAX_FRAME_BYTES);
    }

    public CoordinatorSettings withPorts(int cluster, int gateway, int http) {
        return new CoordinatorSettings(host, cluster, gateway, http, storePort, retention, maxFrameBytes);
    }

    public CoordinatorSettings withMaxFrameBytes(int bytes) {
        return new CoordinatorSettings(host, clusterPort, gatewayPort, httpPort, storePort, retention, bytes);
    }
}
