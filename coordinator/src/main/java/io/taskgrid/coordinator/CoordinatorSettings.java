package io.taskgrid.coordinator;

import io.taskgrid.cluster.ClusterConfig;
import io.taskgrid.cluster.TlsSettings;
import io.taskgrid.internal.HostAndPort;
import io.taskgrid.internal.Secrets;
import io.taskgrid.internal.wire.Frames;

import java.nio.file.Path;
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
 * @param retentionBytes how much heap the ended jobs kept (their records and uncollected results)
 *                      may take; past it the oldest go first, within the retention time. The
 *                      default, {@link #defaultRetentionBytes()}, is a quarter of the heap
 * @param maxFrameBytes the largest frame the gateway accepts from a client
 * @param token         the cluster's secret that clients and workers must present; {@code null}
 *                      takes it from {@code TASKGRID_TOKEN} or the token file, creating the file
 *                      ({@code ~/.taskgrid/token}) when there is none
 * @param workerLossAfter how long, roughly, from a worker's death (kill -9, a cut network) until
 *                      its subtasks run elsewhere (and from an active coordinator's death until a
 *                      standby takes over)
 * @param standbyOf     {@code null} for a coordinator that founds its cluster; the cluster address
 *                      of an active coordinator for a standby that takes over when it fails
 * @param tls           TLS on the gateway and between the nodes, or {@code null} for plain TCP
 * @param storeDirectory where the state store is kept on disk, so that a coordinator restarted on
 *                      it resumes its unfinished jobs; {@code null} keeps it in memory
 */
public record CoordinatorSettings(String host, int clusterPort, int gatewayPort, int httpPort, int storePort,
                                  Duration retention, long retentionBytes, int maxFrameBytes, String token,
                                  Duration workerLossAfter, HostAndPort standbyOf, TlsSettings tls,
                                  Path storeDirectory) {

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
        if (retentionBytes <= 0) {
            throw new IllegalArgumentException("the memory for ended jobs must be positive, not " + retentionBytes
                    + " bytes");
        }
        if (standbyOf != null && storeDirectory != null) {
            throw new IllegalArgumentException("a standby keeps its copy of the state in memory: give the store "
                    + "directory to a coordinator without a standby, or use a standby instead");
        }
        if (workerLossAfter.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("the worker loss detection time must be at least 2 s (shorter mistakes "
                    + "pauses for deaths), not " + workerLossAfter);
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
                DEFAULT_STORE_PORT, Duration.ofHours(1), defaultRetentionBytes(), Frames.DEFAULT_MAX_FRAME_BYTES, null,
                ClusterConfig.DEFAULT_LOSS_DETECTION, null, null, null);
    }

    /**
     * A quarter of this JVM's maximum heap: ended jobs are kept for the clients that come back for
     * them, and must leave the rest to the jobs that run (their pending subtasks, buffers and
     * results in flight) and to the coordinator itself. A fixed size would not fit every heap: the
     * JVM gives one of 256 MiB in a container of 1 GB by default, and the images ask for 768 MiB
     * there. At ~200 bytes per small ended job, a quarter of 768 MiB holds about a million of them.
     */
    public static long defaultRetentionBytes() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    /** Free ports on 127.0.0.1 and a new random token: for local clusters and tests, which must not collide. */
    public static CoordinatorSettings ephemeral() {
        return new CoordinatorSettings("127.0.0.1", 0, 0, 0, 0, Duration.ofHours(1), defaultRetentionBytes(),
                Frames.DEFAULT_MAX_FRAME_BYTES, Secrets.newToken(), ClusterConfig.DEFAULT_LOSS_DETECTION, null, null, null);
    }

    @Override
    public String toString() {
        return "CoordinatorSettings[" + host + ", ports " + clusterPort + "/" + gatewayPort + "/" + httpPort + "/"
                + storePort + ", retention " + retention + " and " + retentionBytes + " bytes]";
    }

    public CoordinatorSettings withPorts(int cluster, int gateway, int http) {
        return new CoordinatorSettings(host, cluster, gateway, http, storePort, retention, retentionBytes,
                maxFrameBytes, token, workerLossAfter, standbyOf, tls, storeDirectory);
    }

    /** This coordinator keeping ended jobs for {@code time}, and in at most {@code bytes} of heap. */
    public CoordinatorSettings withRetention(Duration time, long bytes) {
        return new CoordinatorSettings(host, clusterPort, gatewayPort, httpPort, storePort, time, bytes, maxFrameBytes,
                token, workerLossAfter, standbyOf, tls, storeDirectory);
    }

    public CoordinatorSettings withMaxFrameBytes(int bytes) {
        return new CoordinatorSettings(host, clusterPort, gatewayPort, httpPort, storePort, retention, retentionBytes,
                bytes, token, workerLossAfter, standbyOf, tls, storeDirectory);
    }

    public CoordinatorSettings withToken(String newToken) {
        return new CoordinatorSettings(host, clusterPort, gatewayPort, httpPort, storePort, retention, retentionBytes,
                maxFrameBytes, newToken, workerLossAfter, standbyOf, tls, storeDirectory);
    }

    public CoordinatorSettings withTls(TlsSettings newTls) {
        return new CoordinatorSettings(host, clusterPort, gatewayPort, httpPort, storePort, retention, retentionBytes,
                maxFrameBytes, token, workerLossAfter, standbyOf, newTls, storeDirectory);
    }

    /** This coordinator with its state store on disk in {@code directory}. */
    public CoordinatorSettings withStoreDirectory(Path directory) {
        return new CoordinatorSettings(host, clusterPort, gatewayPort, httpPort, storePort, retention, retentionBytes,
                maxFrameBytes, token, workerLossAfter, standbyOf, tls, directory);
    }

    public CoordinatorSettings withStorePort(int port) {
        return new CoordinatorSettings(host, clusterPort, gatewayPort, httpPort, port, retention, retentionBytes,
                maxFrameBytes, token, workerLossAfter, standbyOf, tls, storeDirectory);
    }

    /** This coordinator as a standby of the active coordinator whose cluster port is {@code active}. */
    public CoordinatorSettings asStandbyOf(HostAndPort active) {
        return new CoordinatorSettings(host, clusterPort, gatewayPort, httpPort, storePort, retention, retentionBytes,
                maxFrameBytes, token, workerLossAfter, active, tls, storeDirectory);
    }


    public CoordinatorSettings withWorkerLossAfter(Duration detection) {
        return new CoordinatorSettings(host, clusterPort, gatewayPort, httpPort, storePort, retention, retentionBytes,
                maxFrameBytes, token, detection, standbyOf, tls, storeDirectory);
    }
}
