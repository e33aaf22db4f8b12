package io.taskgrid.deploy;

import io.taskgrid.internal.HostAndPort;
import io.taskgrid.internal.Secrets;
import io.taskgrid.worker.WorkerSettings;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The entry point of the worker processes that {@link LocalCluster} (and so {@code taskgrid local})
 * starts on this machine. It reads only the arguments {@link WorkerLauncher} passes, without the
 * command line's parser: picocli's classes cannot enter the class-data archive, so building the
 * command line would be a large part of each worker's start. It exits when its standard input
 * closes, so no worker outlives the process that started it. People start a worker with
 * {@code taskgrid worker}.
 */
public final class LocalWorkerMain {

    private static final List<String> OPTIONS = List.of("--coordinator", "--host", "--port", "--threads",
            "--worker-loss-after-millis");

    private LocalWorkerMain() {
    }

    public static void main(String[] args) {
        WorkerSettings settings;
        try {
            settings = settings(args, System.getenv(Secrets.TOKEN_ENV));
        } catch (IllegalArgumentException wrong) {
            System.err.println("taskgrid local worker: " + wrong.getMessage());
            System.exit(2);
            return;
        }
        LoggerFactory.getILoggerFactory(); // before Pekko starts logging from other threads, as the command line does
        exitWhenStdinCloses();
        try {
            WorkerLifetime.run(settings);
        } catch (RuntimeException failed) {
            System.err.println("taskgrid local worker: " + failed.getMessage());
            failed.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** The arguments for a worker at {@code address} that joins {@code coordinator}. */
    static List<String> arguments(HostAndPort coordinator, HostAndPort address, int threads, Duration lossDetection) {
        return List.of("--coordinator=" + coordinator, "--host=" + address.host(), "--port=" + address.port(),
                "--threads=" + threads, "--worker-loss-after-millis=" + lossDetection.toMillis());
    }

    /** The settings that {@link #arguments} describe, with the cluster's {@code token}. */
    static WorkerSettings settings(String[] args, String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no cluster token in $" + Secrets.TOKEN_ENV
                    + ": this process is started by LocalCluster, which sets it");
        }
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (equals < 0 || !OPTIONS.contains(name) || values.put(name, arg.substring(equals + 1)) != null) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; expected each of " + OPTIONS
                        + " once, as --name=value");
            }
        }
        if (values.size() != OPTIONS.size()) {
            throw new IllegalArgumentException("missing arguments: expected each of " + OPTIONS + ", got " + values.keySet());
        }
        return WorkerSettings.forCoordinator(HostAndPort.parse(values.get("--coordinator")))
                .withToken(token.strip())
                .withHost(values.get("--host"))
                .withPort(number(values, "--port"))
                .withThreads(number(values, "--threads"))
                .withLossDetection(Duration.ofMillis(number(values, "--worker-loss-after-millis")));
    }

    private static int number(Map<String, String> values, String name) {
        try {
            return Integer.parseInt(values.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + values.get(name) + "'");
        }
    }

    private static void exitWhenStdinCloses() {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() != -1) {
                    // keep reading until the parent closes the pipe
                }
            } catch (IOException closed) {
                // the same as end of input
            }
            System.exit(0);
        }, "taskgrid-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
