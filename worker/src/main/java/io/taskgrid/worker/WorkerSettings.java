package io.taskgrid.worker;

import io.taskgrid.cluster.ClusterConfig;
import io.taskgrid.cluster.TlsSettings;
import io.taskgrid.internal.HostAndPort;
import io.taskgrid.internal.Secrets;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to start a worker.
 *
 * @param coordinator     the coordinator's cluster address (its Pekko host and port)
 * @param host            the address this worker advertises to the cluster; {@code null} picks
 *                        the local address that routes to the coordinator
 * @param port            the cluster port to listen on; 0 picks a free one
 * @param threads         the size of the CPU thread pool
 * @param token           the cluster's secret, which the coordinator requires before it hands out work
 * @param tls             TLS between the nodes, or {@code null} for plain TCP (the coordinator's choice)
 * @param lossDetection   how long, roughly, from a node's death to its removal; give every node the
 *                        coordinator's value (any node may be the one that decides)
 * @param asyncSlots      how many async subtasks ({@code AsyncTask}) it keeps in flight at most, on
 *                        its event loop, next to its CPU threads; 0 for none
 * @param cacheDir        where jars shipped with jobs are cached, by content hash
 * @param reconnectFor    how long a worker that lost its coordinator (it died, or the network
 *                        between them) keeps trying to join again, as a new worker, before it
 *                        stops; also how long it tries at its start
 */
public record WorkerSettings(HostAndPort coordinator, String host, int port, int threads, String token,
                             TlsSettings tls, Duration lossDetection, int asyncSlots, Path cacheDir,
                             Duration reconnectFor) {

    /** How many async subtasks a worker keeps in flight unless told otherwise. */
    public static final int DEFAULT_ASYNC_SLOTS = 1000;

    /** How long a worker tries to reach a coordinator unless told otherwise. */
    public static final Duration DEFAULT_RECONNECT_FOR = Duration.ofSeconds(60);

    /** The most async slots a worker may have. */
    public static final int MAX_ASYNC_SLOTS = 100_000;

    public WorkerSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("a worker needs at least one thread, but threads = " + threads);
        }
        if (asyncSlots < 0 || asyncSlots > MAX_ASYNC_SLOTS) {
            throw new IllegalArgumentException("async slots must be between 0 (no async subtasks) and "
                    + MAX_ASYNC_SLOTS + ", not " + asyncSlots);
        }
        if (reconnectFor.isNegative() || reconnectFor.isZero()) {
            throw new IllegalArgumentException("the time to reconnect for must be positive, not " + reconnectFor);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }

    /**
     * A worker of one thread per core for the coordinator at {@code coordinator}, presenting the
     * token from {@code TASKGRID_TOKEN}, the file {@code TASKGRID_TOKEN_FILE} names, or {@code ~/.taskgrid/token}.
     */
    public static WorkerSettings forCoordinator(HostAndPort coordinator) {
        return new WorkerSettings(coordinator, null, 0, Runtime.getRuntime().availableProcessors(),
                Secrets.forClient(null), null, ClusterConfig.DEFAULT_LOSS_DETECTION, DEFAULT_ASYNC_SLOTS, defaultCacheDir(),
                DEFAULT_RECONNECT_FOR);
    }

    /** Where shipped jars are cached: {@code TASKGRID_CACHE_DIR}, else {@code ~/.taskgrid/cache/artifacts}. */
    public static Path defaultCacheDir() {
        String configured = System.getenv("TASKGRID_CACHE_DIR");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".taskgrid", "cache", "artifacts");
    }

    public WorkerSettings withAsyncSlots(int slots) {
        return new WorkerSettings(coordinator, host, port, threads, token, tls, lossDetection, slots, cacheDir,
                reconnectFor);
    }

    public WorkerSettings withCacheDir(Path directory) {
        return new WorkerSettings(coordinator, host, port, threads, token, tls, lossDetection, asyncSlots, directory,
                reconnectFor);
    }

    @Override
    public String toString() {
        return "WorkerSettings[" + coordinator + ", " + host + ":" + port + ", " + threads + " threads, " + asyncSlots
                + " async slots]";
    }

    public WorkerSettings withLossDetection(Duration detection) {
        return new WorkerSettings(coordinator, host, port, threads, token, tls, detection, asyncSlots, cacheDir,
                reconnectFor);
    }

    public WorkerSettings withTls(TlsSettings newTls) {
        return new WorkerSettings(coordinator, host, port, threads, token, newTls, lossDetection, asyncSlots, cacheDir,
                reconnectFor);
    }

    public WorkerSettings withToken(String newToken) {
        return new WorkerSettings(coordinator, host, port, threads, newToken, tls, lossDetection, asyncSlots, cacheDir,
                reconnectFor);
    }

    public WorkerSettings withThreads(int newThreads) {
        return new WorkerSettings(coordinator, host, port, newThreads, token, tls, lossDetection, asyncSlots, cacheDir,
                reconnectFor);
    }

    public WorkerSettings withHost(String newHost) {
        return new WorkerSettings(coordinator, newHost, port, threads, token, tls, lossDetection, asyncSlots, cacheDir,
                reconnectFor);
    }

    public WorkerSettings withPort(int newPort) {
        return new WorkerSettings(coordinator, host, newPort, threads, token, tls, lossDetection, asyncSlots, cacheDir,
                reconnectFor);
    }

    /** This worker, trying for {@code duration} to reach a coordinator before it stops. */
    public WorkerSettings withReconnectFor(Duration duration) {
        return new WorkerSettings(coordinator, host, port, threads, token, tls, lossDetection, asyncSlots, cacheDir,
                duration);
    }
}
