package io.taskgrid.deploy.cli;

import io.taskgrid.ClusterStatus;
import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridException;
import io.taskgrid.internal.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code taskgrid drain}: workers finish what they hold, take nothing new, and leave. */
@Command(name = "drain", mixinStandardHelpOptions = true,
        description = {"Drain workers: each finishes the subtasks it holds, takes nothing new, and leaves the "
                + "cluster (its process exits with code 0). Other workers take the jobs' remaining subtasks.",
                "Exits 1 if a worker is unknown ('taskgrid workers' lists them) or, with --wait, did not leave in time."})
final class DrainCommand implements Callable<Integer> {

    @Mixin
    ClusterAccess cluster;

    @Parameters(paramLabel = "WORKER", arity = "1..*", description = "The ids of the workers to drain.")
    List<String> workerIds;

    @Option(names = "--wait", description = "Wait until the workers have left.")
    boolean await;

    @Option(names = "--timeout", defaultValue = "10m", paramLabel = "DURATION",
            description = "With --wait: how long to wait (default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--json", description = "Print one JSON object: {\"draining\":[...],\"unknown\":[...],"
            + "\"left\":[...]}.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        Logging.quiet();
        List<String> draining = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> left = new ArrayList<>();
        try (TaskgridClient client = cluster.connect()) {
            for (String workerId : workerIds) {
                try {
                    client.drain(workerId);
                    draining.add(workerId);
                    report("draining " + workerId);
                } catch (TaskgridException e) {
                    unknown.add(workerId);
                    System.err.println("taskgrid: " + e.getMessage());
                }
            }
            if (await) {
                left = awaitLeaving(client, draining, Durations.parse(timeout, "--timeout"));
            }
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("draining", draining);
            out.put("unknown", unknown);
            out.put("left", left);
            System.out.println(Json.write(out));
        }
        boolean allLeft = !await || left.size() == draining.size();
        return unknown.isEmpty() && allLeft ? 0 : Cli.FAILED;
    }

    private List<String> awaitLeaving(TaskgridClient client, List<String> draining, Duration timeout)
            throws InterruptedException {
        List<String> left = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (left.size() < draining.size()) {
            ClusterStatus status = client.status();
            for (String workerId : draining) {
                if (!left.contains(workerId) && status.workers().stream().noneMatch(w -> w.id().equals(workerId))) {
                    left.add(workerId);
                    report(workerId + " left");
                }
            }
            if (left.size() < draining.size()) {
                if (System.nanoTime() > deadline) {
                    System.err.println("taskgrid: not every worker left within " + timeout + "; still draining: "
                            + draining.stream().filter(id -> !left.contains(id)).toList());
                    break;
                }
                Thread.sleep(250);
            }
        }
        return left;
    }

    private void report(String line) {
        if (!json) {
            System.out.println(line);
        }
    }
}
