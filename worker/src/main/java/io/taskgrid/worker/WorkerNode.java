package io.taskgrid.worker;

import io.taskgrid.TaskgridException;
import io.taskgrid.cluster.ClusterConfig;
import io.taskgrid.cluster.WorkerMessage;
import io.taskgrid.internal.HostAndPort;
import io.taskgrid.worker.internal.WorkerAgent;
import org.apache.pekko.actor.typed.ActorSystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A running worker: a Pekko cluster node whose agent registers with the coordinator and runs the
 * subtasks it is given on a pool of {@link WorkerSettings#threads()} threads.
 *
 * <pre>{@code
 * try (WorkerNode worker = WorkerNode.start(WorkerSettings.forCoordinator(HostAndPort.parse("10.0.0.5:7710")))) {
 *     worker.whenTerminated().toCompletableFuture().join();
 * }
 * }</pre>
 */
public final class WorkerNode implements AutoCloseable {

    private final ActorSystem<WorkerMessage> system;
    private final CompletableFuture<String> registered;
    private final WorkerSettings settings;

    private WorkerNode(ActorSystem<WorkerMessage> system, CompletableFuture<String> registered, WorkerSettings settings) {
        this.system = system;
        this.registered = registered;
        this.settings = settings;
    }

    /** Starts a worker; it joins the cluster and registers in the background (see {@link #awaitRegistered}). */
    public static WorkerNode start(WorkerSettings settings) {
        String host = settings.host() != null ? settings.host() : localAddressTowards(settings.coordinator());
        WorkerSettings resolved = settings.withHost(host);
        CompletableFuture<String> registered = new CompletableFuture<>();
        ActorSystem<WorkerMessage> system = ActorSystem.create(WorkerAgent.create(resolved, registered),
                ClusterConfig.SYSTEM_NAME,
                ClusterConfig.worker(new HostAndPort(host, settings.port()), settings.coordinator(), settings.exitJvmWhenDown(),
                        settings.tls(), settings.lossDetection()));
        system.getWhenTerminated().thenRun(() -> registered.completeExceptionally(new TaskgridException(
                "the worker stopped before it registered with the coordinator at " + settings.coordinator())));
        return new WorkerNode(system, registered, resolved);
    }

    /** Waits until the coordinator has registered this worker, and returns its id. */
    public String awaitRegistered(Duration timeout) {
        try {
            return registered.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TaskgridException("the worker could not register with the coordinator at "
                    + settings.coordinator() + " within " + timeout.toSeconds() + " s: is a coordinator "
                    + "running there, and is that its cluster port (not its gateway port)?");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new TaskgridException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskgridException("interrupted while registering", e);
        }
    }

    /** Completes when the worker has stopped, whether closed or removed from the cluster. */
    public CompletionStage<?> whenTerminated() {
        return system.getWhenTerminated();
    }

    /** Leaves the cluster and stops; running subtasks are interrupted and rescheduled elsewhere. */
    @Override
    public void close() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    /** The local address on the route to {@code target}: what the coordinator can reach us at. */
    static String localAddressTowards(HostAndPort target) {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(target.host(), target.port()));
            String local = probe.getLocalAddress().getHostAddress();
            return local.equals("0.0.0.0") ? "127.0.0.1" : local;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a local address that routes to " + target, e);
        }
    }
}
