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
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmOptions.required());
        command.addAll(ClassDataArchive.inheritedFlags()); // same classpath, so the same archive fits
        command.add("-Xms64m");
        command.add("-Xmx512m");
        command.add("-XX:+UseParallelGC");
        String extra = System.getenv(WORKER_JAVA_OPTS);
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add("worker");
        command.add("--coordinator=" + coordinator);
        command.add("--threads=" + threads);
        command.add("--exit-on-stdin-close");
        return command;
    }
}
