package io.taskgrid.deploy.cli;

import io.taskgrid.ClusterStatus;
import io.taskgrid.TaskgridClient;
import io.taskgrid.internal.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code taskgrid status}: the workers and jobs of a running cluster. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the workers and jobs of a running cluster.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ClusterAccess cluster;

    @Option(names = "--json", description = "Print one JSON object with the arrays 'workers' and 'jobs'.")
    boolean json;

    @Override
    public Integer call() {
        Logging.quiet();
        ClusterStatus status;
        try (TaskgridClient client = cluster.connect()) {
            status = client.status();
        }
        if (json) {
            System.out.println(Json.write(status));
        } else {
            print(System.out, status);
        }
        return 0;
    }

    static void print(PrintStream out, ClusterStatus status) {
        out.println(status.coordinatorId() + " (Taskgrid " + status.version() + ")");
        out.println();
        out.printf("%-12s %-16s %-8s %8s %8s%n", "WORKER", "HOST", "PID", "THREADS", "HOLDS");
        for (ClusterStatus.Worker w : status.workers()) {
            out.printf("%-12s %-16s %-8d %8d %8d%n", w.id(), w.host(), w.pid(), w.threads(), w.running());
        }
        if (status.workers().isEmpty()) {
            out.println("(no workers: start some with 'taskgrid worker --coordinator HOST:CLUSTER-PORT')");
        }
        out.println();
        out.printf("%-24s %-12s %-10s %10s %8s %8s%n", "JOB", "NAME", "STATE", "DONE", "TOTAL", "FAILED");
        for (ClusterStatus.JobInfo j : status.jobs()) {
            out.printf("%-24s %-12s %-10s %10d %8d %8d%n", j.id(), j.name(), j.state(), j.succeeded() + j.failed(),
                    j.total(), j.failed());
        }
        if (status.jobs().isEmpty()) {
            out.println("(no jobs yet)");
        }
    }
}
