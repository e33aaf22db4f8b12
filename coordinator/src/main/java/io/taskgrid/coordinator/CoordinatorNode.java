package io.taskgrid.coordinator;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.taskgrid.ClusterStatus;
import io.taskgrid.TaskgridException;
import io.taskgrid.cluster.ArtifactMessage;
import io.taskgrid.cluster.ClusterConfig;
import io.taskgrid.cluster.downing.TaskgridDowning;
import io.taskgrid.coordinator.internal.ActiveJobManager;
import io.taskgrid.coordinator.internal.ArtifactServer;
import io.taskgrid.coordinator.internal.ArtifactStore;
import io.taskgrid.coordinator.internal.ClientGateway;
import io.taskgrid.coordinator.internal.CoordinatorMetrics;
import io.taskgrid.coordinator.internal.HazelcastStateStore;
import io.taskgrid.coordinator.internal.HttpApi;
import io.taskgrid.coordinator.internal.JobManagerStart;
import io.taskgrid.coordinator.internal.StateStore;
import io.taskgrid.internal.HostAndPort;
import io.taskgrid.internal.Secrets;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Join;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A running coordinator: a Pekko cluster node with the coordinator role, the client gateway, the
 * HTTP API and a member of the state store. The job manager is a cluster singleton: it runs on
 * the oldest coordinator (the active one); a coordinator started as a standby of another holds a
 * copy of the state store and takes over when the active one fails.
 *
 * <pre>{@code
 * try (CoordinatorNode coordinator = CoordinatorNode.start(CoordinatorSettings.defaults("10.0.0.5"))) {
 *     System.out.println("clients connect to " + coordinator.gatewayAddress());
 *     coordinator.whenTerminated().join();
 * }
 * }</pre>
 */
public final class CoordinatorNode implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 30;

    private final String id;
    private final ActorSystem<Void> system;
    private final ActiveJobManager active;
    private final StateStore store;
    private final EventLoopGroup netty;
    private final ClientGateway gateway;
    private final HttpApi http;
    private final String host;
    private final String token;

    private final CoordinatorMetrics metrics;

    private CoordinatorNode(String id, ActorSystem<Void> system, ActiveJobManager active, StateStore store,
                            EventLoopGroup netty, ClientGateway gateway, HttpApi http, String host, String token,
                            CoordinatorMetrics metrics) {
        this.id = id;
        this.metrics = metrics;
        this.system = system;
        this.active = active;
        this.store = store;
        this.netty = netty;
        this.gateway = gateway;
        this.http = http;
        this.host = host;
        this.token = token;
    }

    /**
     * Starts a coordinator and returns when it accepts workers and clients, or, for a standby,
     * when it has joined the active coordinator's cluster and state store.
     *
     * @throws TaskgridException when a port is taken, the host cannot be bound, or a standby cannot
     *                           reach its active coordinator
     */
    public static CoordinatorNode start(CoordinatorSettings settings) {
        // Logging starts here, on this thread, before Pekko's and the store's threads log: started from
        // several threads at once, SLF4J replays early calls and prints a warning.
        LoggerFactory.getILoggerFactory();
        String id = "coordinator-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        String token = settings.token() != null ? settings.token() : Secrets.forCoordinator(null);
        int storePort = settings.storePort() == 0 ? HostAndPort.freePort() : settings.storePort();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), ClusterConfig.SYSTEM_NAME,
                ClusterConfig.coordinator(new HostAndPort(settings.host(), settings.clusterPort()), settings.standbyOf(),
                        settings.workerLossAfter(), storePort, settings.tls()));
        EventLoopGroup netty = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("taskgrid-gateway", true),
                NioIoHandler.newFactory());
        HazelcastStateStore store = null;
        CompletableFuture<HazelcastStateStore> starting = null;
        try {
            Cluster cluster = Cluster.get(system);
            if (settings.standbyOf() == null) {
                cluster.manager().tell(Join.create(cluster.selfMember().address()));
                starting = CompletableFuture.supplyAsync(() -> startStore(settings, storePort, token, null));
            }
            awaitCondition(() -> cluster.selfMember().status() == MemberStatus.up(), "join the cluster"
                    + (settings.standbyOf() == null ? "" : " of the coordinator at " + settings.standbyOf()));
            store = starting != null ? starting.join() : startStore(settings, storePort, token, activeStoreOf(cluster));
            ActiveJobManager active = new ActiveJobManager();
            CoordinatorMetrics metrics = new CoordinatorMetrics();
            store.recordDurableLagTo(metrics::durableLag);
            ArtifactStore artifacts = store.artifacts();
            ActorRef<ArtifactMessage> artifactServer = system.systemActorOf(ArtifactServer.create(artifacts),
                    "artifacts", Props.empty());
            String artifactServerRef = ActorRefResolver.get(system).toSerializationFormat(artifactServer);
            ClusterSingleton.get(system).init(ClusterConfig.jobManagerSingleton(
                    JobManagerStart.create(id, store, token, Clock.systemUTC(), active, artifactServerRef, metrics), system));
            ClientGateway gateway = ClientGateway.start(settings.host(), settings.gatewayPort(), netty, active, id,
                    settings.maxFrameBytes(), token, settings.tls() == null ? null : settings.tls().gatewayContext(),
                    artifacts, metrics);
            HttpApi http = HttpApi.start(settings.host(), settings.httpPort(), netty, active, token, metrics,
                    store::describeRetention);
            if (settings.standbyOf() == null) {
                awaitCondition(active::isActive, "start the job manager");
            }
            return new CoordinatorNode(id, system, active, store, netty, gateway, http, settings.host(), token,
                    metrics);
        } catch (RuntimeException | Error e) { // an Error too (a missing class): else Pekko's threads keep the JVM up
            system.terminate();
            netty.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (store != null) {
                store.close();
            } else if (starting != null) {
                starting.thenAccept(HazelcastStateStore::close); // once it is up, if it comes up
            }
            if (e instanceof Error error) {
                throw error;
            }
            throw new TaskgridException("The coordinator could not start on " + settings.host() + ": " + e.getMessage()
                    + " (is another coordinator using the same ports? choose others, or 0 for free ones)", e);
        }
    }

    /**
     * The state store member of a coordinator: it joins {@code peer}'s store (the active
     * coordinator's, for a standby) or founds its own. The store's cluster is named after the
     * token, so only coordinators of the same cluster merge.
     */
    private static HazelcastStateStore startStore(CoordinatorSettings settings, int port, String token, HostAndPort peer) {
        String name = "taskgrid-" + Secrets.fingerprint(token);
        HazelcastStateStore store = HazelcastStateStore.start(settings.host(), port, name, peer,
                settings.storeDirectory(), settings.retention(), settings.retentionBytes());
        if (peer != null && store.members() < 2) {
            store.close();
            throw new TaskgridException("the standby could not join the active coordinator's state store at " + peer
                    + ": is that port reachable from here?");
        }
        return store;
    }

    /** Where the oldest other coordinator's state store listens: what a standby joins. */
    private static HostAndPort activeStoreOf(Cluster cluster) {
        Member oldest = null;
        for (Member member : cluster.state().getMembers()) {
            if (member.hasRole(ClusterConfig.COORDINATOR_ROLE) && !member.equals(cluster.selfMember())
                    && (oldest == null || member.isOlderThan(oldest))) {
                oldest = member;
            }
        }
        if (oldest == null) {
            throw new TaskgridException("the cluster this standby joined has no active coordinator");
        }
        return new HostAndPort(oldest.address().getHost().orElseThrow(), ClusterConfig.storePortOf(oldest));
    }

    private static void awaitCondition(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TaskgridException("the coordinator could not " + what + " within " + START_TIMEOUT_SECONDS + " s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaskgridException("interrupted while starting", e);
            }
        }
    }

    /** The coordinator's id. */
    public String id() {
        return id;
    }

    /** The cluster's secret, which clients and workers present. */
    public String token() {
        return token;
    }

    /** Whether the job manager runs here (this is the active coordinator, not a standby). */
    public boolean isActive() {
        return active.isActive();
    }

    /** Where workers join: the Pekko cluster address. */
    public HostAndPort clusterAddress() {
        return new HostAndPort(host, Cluster.get(system).selfMember().address().getPort().orElseThrow());
    }

    /** Where clients connect. */
    public HostAndPort gatewayAddress() {
        return new HostAndPort(host, gateway.port());
    }

    /** Where the HTTP API listens. */
    public HostAndPort httpAddress() {
        return new HostAndPort(host, http.port());
    }

    /** The workers and jobs as the job manager sees them now; fails on a standby. */
    public CompletableFuture<ClusterStatus> status() {
        return active.status();
    }

    /**
     * Removes the cluster node that listens at {@code nodeAddress} now, as its loss would once the
     * failure detector gave up on it: for a launcher that knows its process has exited. Its
     * subtasks go back to pending. Does nothing when no such node is a member.
     */
    public void removeNode(HostAndPort nodeAddress) {
        Cluster cluster = Cluster.get(system);
        for (Member member : cluster.state().getMembers()) {
            Address address = member.address();
            if (address.getPort().orElse(-1) == nodeAddress.port()
                    && address.getHost().map(nodeAddress.host()::equals).orElse(false)) {
                cluster.manager().tell(new Down(address));
            }
        }
    }

    /**
     * Runs {@code task} first whenever this coordinator shuts down (closed, removed from its
     * cluster, or its JVM exiting), before it leaves the cluster; the shutdown waits for the stage
     * it returns, for up to 15 s.
     */
    public void beforeShutdown(String name, Supplier<CompletionStage<Done>> task) {
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), name, task);
    }

    /**
     * Why this coordinator's cluster node stopped, in one sentence for a person, or {@code null}
     * while it runs.
     */
    public String stopReason() {
        if (!system.getWhenTerminated().toCompletableFuture().isDone()) {
            return null;
        }
        String steppedDown = TaskgridDowning.of(system.classicSystem()).stepDownReason();
        if (steppedDown != null) {
            return steppedDown;
        }
        CoordinatedShutdown.Reason reason = CoordinatedShutdown.get(system).getShutdownReason().orElse(null);
        if (CoordinatedShutdown.clusterDowningReason().equals(reason)) {
            return "another coordinator removed it from the cluster: a standby took over, or this one was cut off "
                    + "from the rest; start it again as a standby of the active one";
        }
        return "it was asked to stop";
    }

    /** Completes when the coordinator has stopped (closed, or removed from its cluster). */
    public CompletableFuture<?> whenTerminated() {
        return system.getWhenTerminated().toCompletableFuture();
    }

    /** Stops the gateway, the HTTP API, the cluster node and the store. */
    @Override
    public void close() {
        http.close();
        gateway.close();
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
        netty.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        store.close();
        metrics.close();
    }
}
