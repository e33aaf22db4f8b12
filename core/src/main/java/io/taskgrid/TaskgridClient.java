package io.taskgrid;

import io.taskgrid.internal.HostAndPort;
import io.taskgrid.internal.Secrets;
import io.taskgrid.internal.client.ClientConfig;
import io.taskgrid.internal.client.ClientTls;
import io.taskgrid.internal.client.GatewayClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

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

    /** The default time a client keeps trying to reconnect after losing its coordinator. */
    Duration DEFAULT_RECONNECT_FOR = Duration.ofSeconds(60);

    /**
     * Connects to the coordinator's client gateway, presenting the cluster's token from
     * {@code TASKGRID_TOKEN}, the file {@code TASKGRID_TOKEN_FILE} names, or {@code ~/.taskgrid/token}.
     *
     * @param address {@code host:port} of the gateway, as printed by {@code taskgrid local} or
     *                {@code taskgrid coordinator}
     * @throws TaskgridException when nothing answers there, or the coordinator refuses the client
     *                           (a wrong token, a different protocol version); the message says why
     */
    static TaskgridClient connect(String address) {
        return builder().gateways(address).connect();
    }

    /** Like {@link #connect(String)}, waiting at most {@code timeout} for the coordinator. */
    static TaskgridClient connect(String address, Duration timeout) {
        return builder().gateways(address).connectTimeout(timeout).connect();
    }

    /** Connection options: several gateways (for failover), a token, timeouts. */
    static Builder builder() {
        return new Builder();
    }

    /** Options for {@link #connect}; every one has a default. */
    final class Builder {
        private final List<String> gateways = new ArrayList<>();
        private String token;
        private Path tokenFile;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration reconnectFor = DEFAULT_RECONNECT_FOR;
        private Path trustStore;
        private String trustStorePassword;
        private boolean tls;

        private Builder() {
        }

        /**
         * The gateways of the cluster's coordinators, {@code host:port} each: the active one and
         * its standbys, in any order. The client connects to the first that accepts it and, when
         * that connection is lost, to whichever accepts it next.
         */
        public Builder gateways(String... addresses) {
            gateways.addAll(Arrays.asList(addresses));
            return this;
        }

        /** The cluster's token (instead of finding it in the environment or the token file). */
        public Builder token(String clusterToken) {
            this.token = Objects.requireNonNull(clusterToken, "token");
            return this;
        }

        /** The file that holds the cluster's token. */
        public Builder tokenFile(Path file) {
            this.tokenFile = Objects.requireNonNull(file, "token file");
            return this;
        }

        /** How long to wait for a gateway to answer. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * How long to keep trying the gateways after the connection is lost (a coordinator
         * failover takes some seconds) before open jobs fail; {@link Duration#ZERO} fails them at once.
         */
        public Builder reconnectFor(Duration duration) {
            this.reconnectFor = Objects.requireNonNull(duration, "duration");
            return this;
        }

        /**
         * TLS to the gateway, trusting the certificates in a PKCS#12 store (the cluster's key store,
         * or one with just its certificate). The gateway's certificate must name the address the
         * client connects to.
         */
        public Builder trustStore(Path pkcs12, String password) {
            this.trustStore = Objects.requireNonNull(pkcs12, "trust store");
            this.trustStorePassword = Objects.requireNonNull(password, "trust store password");
            this.tls = true;
            return this;
        }

        /** TLS to the gateway, trusting the certificate authorities this JVM trusts. */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /** Connects; see {@link TaskgridClient#connect(String)}. */
        public TaskgridClient connect() {
            List<HostAndPort> addresses = new ArrayList<>();
            try {
                for (String gateway : gateways) {
                    addresses.add(HostAndPort.parse(gateway));
                }
                String presented = token != null ? token : Secrets.forClient(tokenFile);
                return GatewayClient.connect(new ClientConfig(addresses, presented, connectTimeout, reconnectFor,
                        tls ? ClientTls.context(trustStore, trustStorePassword) : null));
            } catch (IllegalArgumentException e) {
                throw new TaskgridException("Cannot connect: " + e.getMessage());
            }
        }
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

    /**
     * Follows a job that this or another client submitted, by its id (as {@code taskgrid status}
     * lists it): the handle receives every outcome the coordinator kept, then the rest as they
     * come. A client that died mid-job can so be replaced. The coordinator keeps outcomes for its
     * retention time after the job ends (one hour by default), unless the client that followed the
     * job to its end collected them.
     *
     * @param <R> the type of the job's results; not checked here, so a wrong type fails where a
     *            result is used
     * @throws TaskgridException when the coordinator knows no such job or no longer keeps its results
     */
    <R> JobHandle<R> attach(String jobId);

    /**
     * Cancels a running job by its id, whichever client submitted it: its pending subtasks never
     * start and its running ones are interrupted.
     *
     * @throws TaskgridException when no such job is running (it ended, or the id is wrong)
     */
    void cancel(String jobId);

    /**
     * Drains a worker: it finishes the subtasks it holds, takes nothing new, and leaves the cluster
     * (its process exits). Returns once the coordinator has stopped sending it work.
     *
     * @throws TaskgridException when no such worker is registered ({@link #status()} lists them)
     */
    void drain(String workerId);

    /** The workers and jobs, as the coordinator sees them now. */
    ClusterStatus status();

    /** The address of the gateway this client is connected to now. */
    String address();

    /** Closes the connection. Jobs keep running on the cluster; open handles fail. */
    @Override
    void close();
}
