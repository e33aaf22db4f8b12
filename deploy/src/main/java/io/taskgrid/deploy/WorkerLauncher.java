package io.taskgrid.deploy;

import io.taskgrid.TaskgridException;
import io.taskgrid.internal.HostAndPort;
import io.taskgrid.internal.Secrets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts worker JVMs on this machine with this JVM's java, classpath and required flags. Each
 * worker's output goes to its own log file; its standard input stays a pipe from this process,
 * and the worker exits when that pipe closes, so no worker outlives the process that started it.
 */
final class WorkerLauncher {

    /** Extra JVM options for worker processes, such as {@code -Xmx2g}. */
    static final String WORKER_JAVA_OPTS = "TASKGRID_WORKER_JAVA_OPTS";

    private final HostAndPort coordinator;
    private final int threads;
    private final String token;
    private final Path logDirectory;

    WorkerLauncher(HostAndPort coordinator, int threads, String token, Path logDirectory) {
        this.coordinator = coordinator;
        this.threads = threads;
        this.token = token;
        this.logDirectory = logDirectory;
    }

    Path logDirectory() {
        return logDirectory;
    }

    WorkerProcess launch(int number) {
        Path log = logDirectory.resolve("worker-" + number + ".log");
        ProcessBuilder builder = new ProcessBuilder(command())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put(Secrets.TOKEN_ENV, token); // not on the command line, where ps shows it
        try {
            return new WorkerProcess(number, builder.start(), log);
        } catch (IOException e) {
            throw new TaskgridException("cannot start a worker process: " + e.getMessage(), e);
        }
    }

    private List<String> command() {
        List<String> flags = new ArrayList<>(ClassDataArchive.inheritedFlags()); // same classpath: the archive fits
        flags.addAll(List.of("-Xms64m", "-Xmx512m", "-XX:+UseParallelGC"));
        String extra = System.getenv(WORKER_JAVA_OPTS);
        if (extra != null && !extra.isBlank()) {
            flags.addAll(List.of(extra.trim().split("\\s+")));
        }
        return JvmOptions.childCommand(flags, Main.class.getName(), List.of("worker", "--coordinator=" + coordinator,
                "--threads=" + threads, "--exit-on-stdin-close"));
    }
}
