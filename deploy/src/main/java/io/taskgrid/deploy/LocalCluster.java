package io.taskgrid.deploy;

import io.taskgrid.ClusterStatus;
import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridException;
import io.taskgrid.coordinator.CoordinatorNode;
import io.taskgrid.coordinator.CoordinatorSettings;
import io.taskgrid.internal.HostAndPort;
import io.taskgrid.internal.Secrets;
import org.apache.pekko.Done;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A whole cluster on this machine: a coordinator in this JVM and worker JVM processes started
 * with this JVM's classpath. For trying Taskgrid, for tests, and for using every core of one
 * machine from Java code.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(2);
 *      TaskgridClient client = cluster.connect()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Worker processes never outlive this JVM: they exit when their standard input closes, which
 * happens when this process ends, however it ends; {@link #close()} also stops them.
 */
public final class LocalCluster implements AutoCloseable {

    /** A system property: set it to {@code true} to keep the workers' logs after {@link #close()}. */
    public static final String KEEP_LOGS = "taskgrid.local.keepLogs";

    /**
     * How long a local worker may go without answering heartbeats before the cluster removes it.
     * Long, because a machine with more worker JVMs than cores can starve their heartbeats for
     * seconds (while they all start and compile at once, say) and the 5 s default then removed
     * healthy workers; short detection is not needed here, since a worker process that exits is
     * removed at once (see {@link #removeWhenItExits}).
     */
    static final Duration LOCAL_LOSS_DETECTION = Duration.ofSeconds(30);

    /** How long to wait for every worker to register. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final CoordinatorNode coordinator;
    private final WorkerLauncher launcher;
    private final List<WorkerProcess> workers = new ArrayList<>();
    private volatile boolean closing;

    private LocalCluster(CoordinatorNode coordinator, WorkerLauncher launcher, List<WorkerProcess> started) {
        this.coordinator = coordinator;
        this.launcher = launcher;
        this.workers.addAll(started);
        started.forEach(this::removeWhenItExits);
        // The workers leave before the coordinator does, however it shuts down: closed, or its
        // JVM exiting on a signal (Pekko's shutdown hook). A coordinator that left first found
        // system messages to them undeliverable and said so.
        coordinator.beforeShutdown("stop-local-workers",
                () -> CompletableFuture.runAsync(this::stopWorkers).thenApply(stopped -> Done.getInstance()));
    }

    /** Starts a coordinator and {@code workers} worker processes that share this machine's cores. */
    public static LocalCluster start(int workers) {
        return start(workers, defaultThreads(workers));
    }

    /** The cores of this machine shared among {@code workers} workers, at least one each. */
    public static int defaultThreads(int workers) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, workers));
    }

    /**
     * Starts a coordinator and {@code workers} worker processes of {@code threadsPerWorker} threads
     * each, with a new random token that only this process and its workers know, and returns when
     * every worker has registered.
     */
    public static LocalCluster start(int workers, int threadsPerWorker) {
        return start(workers, threadsPerWorker, Secrets.newToken());
    }

    /** Like {@link #start(int, int)}, with the cluster's token given. */
    public static LocalCluster start(int workers, int threadsPerWorker, String token) {
        if (workers < 0) {
            throw new IllegalArgumentException("the number of workers must not be negative, but it is " + workers);
        }
        if (threadsPerWorker < 1) {
            throw new IllegalArgumentException("each worker needs at least one thread, not " + threadsPerWorker);
        }
        // Workers start first, knowing the cluster port in advance, so that their JVMs boot while
        // the coordinator does; they keep trying to join until it is up.
        HostAndPort clusterAddress = new HostAndPort("127.0.0.1", HostAndPort.freePort());
        WorkerLauncher launcher = new WorkerLauncher(clusterAddress, threadsPerWorker, token, logDirectory(),
                LOCAL_LOSS_DETECTION);
        List<WorkerProcess> started = new ArrayList<>();
        CoordinatorNode coordinator;
        try {
            for (int i = 1; i <= workers; i++) {
                started.add(launcher.launch(i));
            }
            coordinator = CoordinatorNode.start(CoordinatorSettings.ephemeral().withPorts(clusterAddress.port(), 0, 0)
                    .withToken(token).withWorkerLossAfter(LOCAL_LOSS_DETECTION));
        } catch (RuntimeException e) {
            started.forEach(WorkerProcess::kill);
            throw e;
        }
        LocalCluster cluster = new LocalCluster(coordinator, launcher, started);
        try {
            cluster.awaitWorkers(workers);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }


    private static Path logDirectory() {
        try {
            return Files.createTempDirectory("taskgrid-local-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the workers' logs", e);
        }
    }

    /** Starts one more worker process; it registers in the background (see {@link #awaitWorkers}). */
    public synchronized WorkerProcess startWorker() {
        WorkerProcess worker = launcher.launch(workers.size() + 1);
        workers.add(worker);
        removeWhenItExits(worker);
        return worker;
    }

    /** A worker process that exits (killed, crashed, halted by a subtask) leaves the cluster at once. */
    private void removeWhenItExits(WorkerProcess worker) {
        worker.process().onExit().thenRun(() -> {
            if (!closing) {
                coordinator.removeNode(worker.clusterAddress());
            }
        });
    }

    /**
     * Waits until at least {@code count} workers are registered.
     *
     * @throws TaskgridException when a worker process exits first, or time runs out; the message
     *                           points to the worker's log
     */
    public void awaitWorkers(int count) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (registeredWorkers() < count) {
            for (WorkerProcess worker : workerProcesses()) {
                if (!worker.process().isAlive()) {
                    throw new TaskgridException("worker process " + worker.number() + " exited with code "
                            + worker.process().exitValue() + " before it registered; its log: " + worker.log()
                            + "\n" + worker.logTail(20));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TaskgridException("only " + registeredWorkers() + " of " + count + " workers registered within "
                        + READY_TIMEOUT.toSeconds() + " s; the workers' logs are in " + launcher.logDirectory());
            }
            sleep(20);
        }
    }

    private int registeredWorkers() {
        return status().workers().size();
    }

    /** The cluster's token, which clients and workers present. */
    public String token() {
        return coordinator.token();
    }

    /** The cluster as the coordinator sees it now. */
    public ClusterStatus status() {
        return coordinator.status().join();
    }

    /** A new client connected to this cluster's gateway. */
    public TaskgridClient connect() {
        return TaskgridClient.builder().gateways(gatewayAddress().toString()).token(coordinator.token()).connect();
    }

    /** Where clients connect. */
    public HostAndPort gatewayAddress() {
        return coordinator.gatewayAddress();
    }

    /** Where the HTTP API listens. */
    public HostAndPort httpAddress() {
        return coordinator.httpAddress();
    }

    /** Where workers join. */
    public HostAndPort clusterAddress() {
        return coordinator.clusterAddress();
    }

    /** The worker processes started so far, in order, including ones that have exited. */
    public synchronized List<WorkerProcess> workerProcesses() {
        return List.copyOf(workers);
    }

    /** Stops the workers, then the coordinator, and removes the workers' logs (see {@link #KEEP_LOGS}). */
    @Override
    public void close() {
        stopWorkers();
        coordinator.close();
        if (!Boolean.getBoolean(KEEP_LOGS)) {
            deleteLogs();
        }
    }

    /**
     * Stops every worker: each leaves the cluster on its own, so none is removed as lost on the way.
     * Runs from {@link #close()} and again from the coordinator's shutdown, where it finds them gone.
     */
    private void stopWorkers() {
        closing = true;
        List<WorkerProcess> all = workerProcesses();
        all.forEach(WorkerProcess::stop);
        for (WorkerProcess worker : all) {
            worker.awaitExit(Duration.ofSeconds(10));
        }
    }

    private void deleteLogs() {
        try (Stream<Path> files = Files.walk(launcher.logDirectory())) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a log left in the temporary directory is harmless
        }
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskgridException("interrupted while waiting for workers", e);
        }
    }
}
