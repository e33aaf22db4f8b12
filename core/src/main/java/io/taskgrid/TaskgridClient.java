package io.taskgrid;

import io.taskgrid.internal.client.GatewayClient;

import java.time.Duration;

/**
 * A connection to a Taskgrid cluster: submit jobs, follow them, see the cluster.
 *
 * <pre>{@code
 * try (TaskgridClient client = TaskgridClient.connect("127.0.0.1:7711")) {
 *     Job<Long> job = Job.range(0, 10_000_000, 100_000, r -> Primes.count(r.from(), r.to()));
 *     long primes = client.submit(job).reduce(Long::sum).join();
 * }
 * }</pre>
 *
 * <p>A client is thread-safe; one per application is enough. Closing it closes the connection;
 * jobs already submitted keep running on the cluster.
 */
public interface TaskgridClient extends AutoCloseable {

    /** The default time to wait for the coordinator to answer a connection. */
    Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Connects to the coordinator's client gateway.
     *
     * @param address {@code host:port} of the gateway, as printed by {@code taskgrid local} or
     *                {@code taskgrid coordinator}
     * @throws TaskgridException when nothing answers there, or the coordinator refuses the client
     *                           (for example a different protocol version); the message says why
     */
    static TaskgridClient connect(String address) {
        return connect(address, DEFAULT_CONNECT_TIMEOUT);
    }

    /** Like {@link #connect(String)}, waiting at most {@code timeout} for the coordinator. */
    static TaskgridClient connect(String address, Duration timeout) {
        return GatewayClient.connect(address, timeout);
    }

    /**
     * Sends a job to the cluster and returns at once; the handle follows it.
     *
     * @throws TaskgridException when a task, function or input cannot be serialized (the message
     *                           names the class), or the client is closed
     */
    <R> JobHandle<R> submit(Job<R> job);

    /**
     * An {@link java.util.concurrent.ExecutorService} that runs each submitted task on the
     * cluster; see {@link TaskgridExecutorService}.
     */
    TaskgridExecutorService executor();

    /** The workers and jobs, as the coordinator sees them now. */
    ClusterStatus status();

    /** The address this client is connected to. */
    String address();

    /** Closes the connection. Jobs keep running on the cluster; open handles fail. */
    @Override
    void close();
}
