package io.taskgrid.worker;

import io.taskgrid.TaskgridException;
import io.taskgrid.cluster.ClusterConfig;
import io.taskgrid.cluster.WorkerMessage;
import io.taskgrid.internal.HostAndPort;
import io.taskgrid.worker.internal.AgentListener;
import io.taskgrid.worker.internal.WorkerAgent;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
 *
 * <p>Workers are disposable, and a worker that loses its coordinator comes back by itself: when
 * the coordinator removed it (it was cut off, or too slow to answer), when it reached no
 * coordinator for the cluster's loss detection time, or when the coordinator it served stopped
 * with no standby to take over, its cluster node (an <em>incarnation</em>) stops, and a new one
 * joins again as a new worker, through the coordinator it was started with or any coordinator it
 * has seen since. It keeps trying for {@link WorkerSettings#reconnectFor()} after it last saw a
 * coordinator, then stops for good. The subtasks it held run again elsewhere.
 */
public final class WorkerNode implements AutoCloseable {

    /** How a worker stopped for good. */
    public enum Ending {
        /** {@link #close()} was called, or the JVM is exiting. */
        CLOSED,
        /** It was drained: it finished its subtasks and left. */
        DRAINED,
        /** The coordinator refused it (a wrong token, another Taskgrid version). */
        REFUSED,
        /** It reached no coordinator for {@link WorkerSettings#reconnectFor()}. */
        COORDINATOR_LOST
    }

    private static final Logger log = LoggerFactory.getLogger(WorkerNode.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private final WorkerSettings settings;
    private final CompletableFuture<String> registered = new CompletableFuture<>();
    private final CompletableFuture<Ending> terminated = new CompletableFuture<>();
    /** Where to join: the coordinator given at start, then every coordinator seen since. */
    private final Set<HostAndPort> coordinators = new LinkedHashSet<>();
    private volatile long lastInSightNanos = System.nanoTime();
    private ActorSystem<WorkerMessage> system;
    private Ending endingOnPurpose;
    private String endingReason;
    private boolean closing;

    private WorkerNode(WorkerSettings settings) {
        this.settings = settings;
        this.coordinators.add(settings.coordinator());
    }

    /** Starts a worker; it joins the cluster and registers in the background (see {@link #awaitRegistered}). */
    public static WorkerNode start(WorkerSettings settings) {
        String host = settings.host() != null ? settings.host() : localAddressTowards(settings.coordinator());
        WorkerNode node = new WorkerNode(settings.withHost(host));
        node.startIncarnation();
        return node;
    }

    private synchronized void startIncarnation() {
        if (closing) {
            finish(Ending.CLOSED, null);
            return;
        }
        Duration left = Duration.ofNanos(lastInSightNanos + settings.reconnectFor().toNanos() - System.nanoTime());
        ActorSystem<WorkerMessage> next;
        try {
            next = ActorSystem.create(WorkerAgent.create(settings, new AgentEvents()), ClusterConfig.SYSTEM_NAME,
                    ClusterConfig.worker(new HostAndPort(settings.host(), settings.port()), List.copyOf(coordinators),
                            settings.tls(), settings.lossDetection(), left));
        } catch (RuntimeException e) { // its port still taken, say: try again while time is left
            if (system == null || left.toMillis() < RETRY_DELAY.toMillis()) {
                throw e;
            }
            log.warn("This worker could not start a new cluster node ({}); it tries again in {} s", e.getMessage(),
                    RETRY_DELAY.toSeconds());
            CompletableFuture.runAsync(this::startIncarnation,
                    CompletableFuture.delayedExecutor(RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS));
            return;
        }
        system = next;
        endingOnPurpose = null;
        next.getWhenTerminated().thenRun(() -> onIncarnationEnded(next));
    }

    private void onIncarnationEnded(ActorSystem<WorkerMessage> ended) {
        boolean jvmExiting = CoordinatedShutdown.get(ended).getShutdownReason()
                .map(CoordinatedShutdown.jvmExitReason()::equals).orElse(false);
        synchronized (this) {
            if (closing || jvmExiting) {
                finish(Ending.CLOSED, null);
            } else if (endingOnPurpose != null) {
                finish(endingOnPurpose, endingReason);
            } else if (System.nanoTime() - lastInSightNanos < settings.reconnectFor().toNanos()) {
                log.warn("This worker lost its coordinator (its node {} stopped); it joins again as a new worker, "
                        + "through {}", ended.address(), coordinators);
                startIncarnation();
            } else {
                finish(Ending.COORDINATOR_LOST, null);
            }
        }
    }

    private void finish(Ending ending, String reason) {
        switch (ending) {
            case CLOSED, DRAINED -> terminated.complete(ending);
            case REFUSED -> terminated.completeExceptionally(new TaskgridException(reason));
            case COORDINATOR_LOST -> terminated.completeExceptionally(new TaskgridException(registered.isDone()
                    ? "the worker reached no coordinator for " + settings.reconnectFor().toSeconds() + " s (tried "
                    + coordinators + "), so it stops: start it again once a coordinator is back, or give it a longer "
                    + "--reconnect-for"
                    : "the worker could not register with the coordinator at " + settings.coordinator() + " within "
                    + settings.reconnectFor().toSeconds() + " s: is a coordinator running there, and is that its "
                    + "cluster port (not its gateway port)?"));
        }
        registered.completeExceptionally(new TaskgridException("the worker stopped before it registered with the "
                + "coordinator at " + settings.coordinator()));
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

    /**
     * Completes when the worker has stopped for good: with how, when it was closed or drained;
     * exceptionally, with a message that says why, when it was refused or reached no coordinator
     * for {@link WorkerSettings#reconnectFor()}.
     */
    public CompletionStage<Ending> whenTerminated() {
        return terminated;
    }

    /** Leaves the cluster and stops; running subtasks are interrupted and rescheduled elsewhere. */
    @Override
    public void close() {
        ActorSystem<WorkerMessage> current;
        synchronized (this) {
            closing = true;
            current = system;
        }
        current.terminate();
        if (current.getWhenTerminated().toCompletableFuture().isDone()) { // between two incarnations
            finish(Ending.CLOSED, null);
        }
        terminated.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
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

    /** What the current incarnation's agent says, on its actor thread. */
    private final class AgentEvents implements AgentListener {
        @Override
        public void registered(String workerId) {
            lastInSightNanos = System.nanoTime();
            registered.complete(workerId);
        }

        @Override
        public void coordinatorsInSight(List<String> clusterAddresses) {
            lastInSightNanos = System.nanoTime();
            List<HostAndPort> seen = new ArrayList<>();
            clusterAddresses.forEach(address -> seen.add(HostAndPort.parse(address)));
            synchronized (WorkerNode.this) {
                coordinators.addAll(seen);
            }
        }

        @Override
        public void stopsForGood(Ending why, String reason) {
            synchronized (WorkerNode.this) {
                endingOnPurpose = why;
                endingReason = reason;
            }
        }
    }
}
