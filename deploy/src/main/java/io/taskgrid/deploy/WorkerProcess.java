package io.taskgrid.deploy;

import io.taskgrid.internal.HostAndPort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A worker JVM started by {@link LocalCluster}.
 *
 * @param number  its position among the cluster's workers, from 1
 * @param process the process
 * @param log     where its standard output and error go
 * @param clusterAddress where it listens as a cluster node
 */
public record WorkerProcess(int number, Process process, Path log, HostAndPort clusterAddress) {

    /** Asks the worker to leave the cluster and exit (SIGTERM). */
    public void stop() {
        if (process.isAlive()) {
            process.destroy();
        }
    }

    /** Kills the worker at once (SIGKILL), as a crash would. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Waits for the worker to exit; kills it if it has not within {@code timeout}. */
    void awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last {@code lines} lines of the worker's log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
