package io.taskgrid.coordinator;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.taskgrid.ClusterStatus;
import io.taskgrid.TaskgridException;
import io.taskgrid.cluster.ClusterConfig;
import io.taskgrid.cluster.CoordinatorMessage;
import io.taskgrid.coordinator.internal.ClientGateway;
import io.taskgrid.coordinator.internal.HazelcastStateStore;
import io.taskgrid.coordinator.internal.HttpApi;
import io.taskgrid.coordinator.internal.JobManager;
import io.taskgrid.coordinator.internal.StateStore;
import io.taskgrid.internal.HostAndPort;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A running coordinator: the Pekko cluster's first node with the job manager, the client gateway,
 * the HTTP API and the embedded state store.
 *
 * <pre>{@code
 * try (CoordinatorNode coordinator = CoordinatorNode.start(CoordinatorSettings.defaults("10.0.0.5"))) {
 *     System.out.println("clients connect to " + coordinator.gatewayAddress());
 *     coordinator.whenTerminated().join();
 * }
 * }</pre>
 */
public final class CoordinatorNode implements AutoCloseable {

    private final String id;
    private final ActorSystem<StartJobManager> system;
    private final ActorRef<CoordinatorMessage> jobManager;
    private final StateStore store;
    private final EventLoopGroup netty;
    private final ClientGateway gateway;
    private final HttpApi http;
    private final String host;

    /** Guardian ← node: spawn the job manager, now that the store is ready. */
    private record StartJobManager(String id, StateStore store, CompletableFuture<ActorRef<CoordinatorMessage>> spawned) {
    }

    private CoordinatorNode(String id, ActorSystem<StartJobManager> system, ActorRef<CoordinatorMessage> jobManager,
                            StateStore store, EventLoopGroup netty, ClientGateway gateway, HttpApi http, String host) {
        this.id = id;
        this.system = system;
        this.jobManager = jobManager;
        this.store = store;
        this.netty = netty;
        this.gateway = gateway;
        this.http = http;
        this.host = host;
    }

    /**
     * Starts a coordinator and returns when it accepts workers and clients.
     *
     * @throws TaskgridException when a port is taken or the host cannot be bound
     */
    public static CoordinatorNode start(CoordinatorSettings settings) {
        String id = "coordinator-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        CompletableFuture<StateStore> store = CompletableFuture.supplyAsync(() -> HazelcastStateStore.start(
                settings.host(), settings.storePort() == 0 ? HostAndPort.freePort() : settings.storePort(), "taskgrid-" + id,
                settings.retention()));
        ActorSystem<StartJobManager> system = ActorSystem.create(guardian(), ClusterConfig.SYSTEM_NAME,
                ClusterConfig.node(new HostAndPort(settings.host(), settings.clusterPort()), null, false));
        EventLoopGroup netty = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("taskgrid-gateway", true),
                NioIoHandler.newFactory());
        try {
            Cluster cluster = Cluster.get(system);
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
            CompletableFuture<ActorRef<CoordinatorMessage>> spawned = new CompletableFuture<>();
            system.tell(new StartJobManager(id, store.join(), spawned));
            ActorRef<CoordinatorMessage> jobManager = spawned.join();
            ClientGateway gateway = ClientGateway.start(settings.host(), settings.gatewayPort(), netty, jobManager, id,
                    settings.maxFrameBytes());
            HttpApi http = HttpApi.start(settings.host(), settings.httpPort(), netty, () -> status(jobManager));
            awaitUp(cluster);
            return new CoordinatorNode(id, system, jobManager, store.join(), netty, gateway, http, settings.host());
        } catch (RuntimeException e) {
            system.terminate();
            netty.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            store.thenAccept(StateStore::close);
            throw new TaskgridException("The coordinator could not start on " + settings.host() + ": " + e.getMessage()
                    + " (is another coordinator using the same ports? choose others, or 0 for free ones)", e);
        }
    }

    private static Behavior<StartJobManager> guardian() {
        return Behaviors.setup(context -> Behaviors.receive(StartJobManager.class)
                .onMessage(StartJobManager.class, start -> {
                    start.spawned().complete(context.spawn(JobManager.create(start.id(), start.store(),
                            Clock.systemUTC()), ClusterConfig.JOB_MANAGER_NAME));
                    return Behaviors.same();
                })
                .build());
    }

    private static void awaitUp(Cluster cluster) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (cluster.selfMember().status() != MemberStatus.up()) {
            if (System.nanoTime() > deadline) {
                throw new TaskgridException("the coordinator's cluster node did not come up within 20 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaskgridException("interrupted while starting", e);
            }
        }
    }

    private static CompletableFuture<ClusterStatus> status(ActorRef<CoordinatorMessage> jobManager) {
        CompletableFuture<ClusterStatus> reply = new CompletableFuture<>();
        jobManager.tell(new JobManager.GetStatus(reply));
        return reply.orTimeout(10, TimeUnit.SECONDS);
    }


    /** The coordinator's id. */
    public String id() {
        return id;
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

    /** The workers and jobs as the job manager sees them now. */
    public CompletableFuture<ClusterStatus> status() {
        return status(jobManager);
    }

    /** Completes when the coordinator has stopped. */
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
    }
}
