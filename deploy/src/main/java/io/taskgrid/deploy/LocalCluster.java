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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
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
 * <p>The cluster keeps its size: a worker process that dies (killed, crashed, halted by a subtask)
 * leaves the cluster at once and is started again, within a limit per minute; one that exits 0
 * (drained) is not. Worker JVMs start in waves no wider than this machine's cores, so that more
 * workers than cores still become ready. See {@link WorkerSupervisor} and {@link RestartPolicy}.
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
     * seconds (while they all start and compile at once, say), and the 5 s default would remove
     * healthy workers; short detection is not needed here, since a worker process that exits is
     * removed at once (see {@link #removeFromCluster}).
     */
    static final Duration LOCAL_LOSS_DETECTION = Duration.ofSeconds(30);

    /** How long to wait for each wave of workers (as many as there are cores) to register. */
    private static final Duration READY_TIMEOUT_PER_WAVE = Duration.ofSeconds(90);

    private final CoordinatorNode coordinator;
    private final WorkerSupervisor workers;
    private final Path logDirectory;

    private LocalCluster(CoordinatorNode coordinator, WorkerSupervisor workers, Path logDirectory) {
        this.coordinator = coordinator;
        this.workers = workers;
        this.logDirectory = logDirectory;
        workers.watch(this::workerIdsByPid, this::removeFromCluster);
        // The workers leave before the coordinator does, however it shuts down: closed, or its
        // JVM exiting on a signal (Pekko's shutdown hook). A coordinator that left first would find
        // system messages to them undeliverable and log warnings.
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
        CoordinatorSettings defaults = CoordinatorSettings.ephemeral();
        return start(workers, threadsPerWorker, token, defaults.retention(), defaults.retentionBytes());
    }

    /**
     * Like {@link #start(int, int, String)}, with the coordinator keeping ended jobs for {@code retention}
     * and in at most {@code retentionBytes} of heap.
     */
    public static LocalCluster start(int workers, int threadsPerWorker, String token, Duration retention,
                                     long retentionBytes) {
        if (workers < 0) {
            throw new IllegalArgumentException("the number of workers must not be negative, but it is " + workers);
        }
        if (threadsPerWorker < 1) {
            throw new IllegalArgumentException("each worker needs at least one thread, not " + threadsPerWorker);
        }
        // The first wave of workers starts first, knowing the cluster port in advance, so that their
        // JVMs boot while the coordinator does; they keep trying to join until it is up.
        HostAndPort clusterAddress = new HostAndPort("127.0.0.1", HostAndPort.freePort());
        Path logDirectory = logDirectory();
        WorkerLauncher launcher = new WorkerLauncher(clusterAddress, threadsPerWorker, token, logDirectory,
                LOCAL_LOSS_DETECTION);
        WorkerSupervisor supervisor = new WorkerSupervisor(launcher::launch, Runtime.getRuntime().availableProcessors(),
                System::nanoTime);
        supervisor.add(workers);
        CoordinatorNode coordinator;
        try {
            coordinator = CoordinatorNode.start(CoordinatorSettings.ephemeral().withPorts(clusterAddress.port(), 0, 0)
                    .withToken(token).withWorkerLossAfter(LOCAL_LOSS_DETECTION)
                    .withRetention(retention, retentionBytes));
        } catch (RuntimeException | Error e) {
            supervisor.killAll();
            throw e;
        }
        LocalCluster cluster = new LocalCluster(coordinator, supervisor, logDirectory);
        try {
            cluster.awaitWorkers(workers);
            supervisor.startupOver();
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

    /**
     * Starts one more worker process, once fewer workers than cores are starting, and returns it;
     * it registers in the background (see {@link #awaitWorkers}). The cluster keeps it too.
     */
    public WorkerProcess startWorker() {
        try {
            return workers.add(1).get(0).get(READY_TIMEOUT_PER_WAVE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskgridException("interrupted while starting a worker", e);
        } catch (ExecutionException e) {
            throw new TaskgridException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new TaskgridException("a new worker could not start within " + READY_TIMEOUT_PER_WAVE.toSeconds()
                    + " s: the workers started before it have not registered yet; their logs are in " + logDirectory);
        }
    }

    /** A worker process that exits (killed, crashed, halted by a subtask) leaves the cluster at once. */
    private void removeFromCluster(WorkerProcess worker) {
        coordinator.removeNode(worker.clusterAddress());
    }

    /**
     * Waits until at least {@code count} workers are registered, for up to 90 s per wave of workers
     * (as many as this machine has cores: they start that many at a time).
     *
     * @throws TaskgridException when a worker process exits before it registered while the cluster
     *                           starts, or time runs out; the message points to the worker's log
     */
    public void awaitWorkers(int count) {
        int waves = Math.max(1, (count + workers.width() - 1) / workers.width());
        Duration timeout = READY_TIMEOUT_PER_WAVE.multipliedBy(waves);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (registeredWorkers() < count) {
            TaskgridException failure = workers.startFailure();
            if (failure != null) {
                throw failure;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TaskgridException("only " + registeredWorkers() + " of " + count + " workers registered within "
                        + timeout.toSeconds() + " s; the workers' logs are in " + logDirectory);
            }
            sleep(20);
        }
    }

    private int registeredWorkers() {
        return status().workers().size();
    }

    /** The registered workers' ids by process id, for the supervisor; at most a few seconds' wait. */
    private Map<Long, String> workerIdsByPid() {
        try {
            return coordinator.status().get(5, TimeUnit.SECONDS).workers().stream()
                    .collect(Collectors.toMap(ClusterStatus.Worker::pid, ClusterStatus.Worker::id, (first, last) -> last));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskgridException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new TaskgridException("no status from the coordinator: " + e, e);
        }
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

    /**
     * The worker processes, one per worker in the order they were added: the newest process of
     * each, so a restarted worker's replacement takes its place (a worker that exited and was not
     * restarted, such as a drained one, stays in the list).
     */
    public List<WorkerProcess> workerProcesses() {
        return workers.processes();
    }

    /** Stops the workers, then the coordinator, and removes the workers' logs (see {@link #KEEP_LOGS}). */
    @Override
    public void close() {
        stopWorkers();
        coordinator.close();
        deleteLogs();
    }

    /**
     * Ends this JVM at once with {@code status}, and the cluster with it: kills the worker processes
     * (SIGKILL), removes their logs (see {@link #KEEP_LOGS}), flushes {@code System.out} and
     * {@code System.err}, and halts ({@link Runtime#halt}). It skips what {@link #close()} waits for,
     * each worker leaving the cluster and the coordinator leaving it and stopping its store (about
     * 2-3 s), and also every shutdown hook: exiting with {@link System#exit} would run Pekko's, which
     * leaves the cluster just as slowly. For a program that has printed its outcome and has nothing
     * left to lose, such as {@code taskgrid submit --local}; anything else calls {@link #close()}.
     * The halt itself still takes about 0.3 s: HotSpot waits up to 300 ms for threads in native code
     * (the selector threads of Netty, Pekko and Hazelcast) before the process exits.
     */
    public void haltJvm(int status) {
        workers.killAll();
        deleteLogs();
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    /**
     * Stops every worker: each leaves the cluster on its own, so none is removed as lost on the way.
     * Runs from {@link #close()} and again from the coordinator's shutdown, where it finds them gone.
     */
    private void stopWorkers() {
        workers.stopAll(Duration.ofSeconds(10));
    }

    private void deleteLogs() {
        if (Boolean.getBoolean(KEEP_LOGS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(logDirectory)) {
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
