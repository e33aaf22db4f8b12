package io.taskgrid.deploy;

import io.taskgrid.TaskgridException;
import io.taskgrid.internal.HostAndPort;
import io.taskgrid.internal.Secrets;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Starts worker JVMs on this machine with this JVM's java, classpath and required flags. Each
 * worker's output goes to its own log file, appended to, so that a restarted worker's log follows its
 * predecessor's; its standard input stays a pipe from this process,
 * and the worker exits when that pipe closes, so no worker outlives the process that started it.
 */
final class WorkerLauncher {

    /** Extra JVM options for worker processes, such as {@code -Xmx2g}. */
    static final String WORKER_JAVA_OPTS = "TASKGRID_WORKER_JAVA_OPTS";

    private final HostAndPort coordinator;
    private final int threads;
    private final String token;
    private final Path logDirectory;
    private final Duration lossDetection;
    private final Set<Integer> portsGiven = new HashSet<>();

    /** @param lossDetection the workers' {@code --worker-loss-after}, the same as the coordinator's */
    WorkerLauncher(HostAndPort coordinator, int threads, String token, Path logDirectory, Duration lossDetection) {
        this.coordinator = coordinator;
        this.threads = threads;
        this.token = token;
        this.logDirectory = logDirectory;
        this.lossDetection = lossDetection;
        this.portsGiven.add(coordinator.port());
    }

    Path logDirectory() {
        return logDirectory;
    }

    /** Starts the worker process of slot {@code number}, logging to {@code worker-NUMBER.log}. */
    WorkerProcess launch(int number) {
        Path log = logDirectory.resolve("worker-" + number + ".log");
        HostAndPort address = new HostAndPort(coordinator.host(), unusedPort());
        ProcessBuilder builder = new ProcessBuilder(command(address))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put(Secrets.TOKEN_ENV, token); // not on the command line, where ps shows it
        try {
            return new WorkerProcess(number, builder.start(), log, address);
        } catch (IOException e) {
            throw new TaskgridException("cannot start a worker process: " + e.getMessage(), e);
        }
    }

    /** A free port not yet given to this cluster's coordinator or another of its workers. */
    private synchronized int unusedPort() {
        int port;
        do {
            port = HostAndPort.freePort();
        } while (!portsGiven.add(port));
        return port;
    }

    private List<String> command(HostAndPort address) {
        List<String> flags = new ArrayList<>(ClassDataArchive.inheritedFlags()); // same classpath: the archive fits
        flags.addAll(List.of("-Xms64m", "-Xmx512m", "-XX:+UseParallelGC"));
        String extra = System.getenv(WORKER_JAVA_OPTS);
        if (extra != null && !extra.isBlank()) {
            flags.addAll(List.of(extra.trim().split("\\s+")));
        }
        return JvmOptions.childCommand(flags, LocalWorkerMain.class.getName(),
                LocalWorkerMain.arguments(coordinator, address, threads, lossDetection));
    }
}
