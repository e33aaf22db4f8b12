package io.taskgrid.deploy.cli;

import io.taskgrid.ClusterStatus;
import io.taskgrid.TaskgridClient;
import io.taskgrid.internal.Json;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** A command that shows part of a running cluster's status, as a table or as JSON. */
abstract class ClusterView implements Callable<Integer> {

    @Mixin
    ClusterAccess cluster;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        Logging.quiet();
        ClusterStatus status;
        try (TaskgridClient client = cluster.connect()) {
            status = client.status();
        }
        if (json) {
            System.out.println(Json.write(jsonOf(status)));
        } else {
            print(System.out, status);
        }
        return 0;
    }

    /** What {@code --json} prints. */
    abstract Object jsonOf(ClusterStatus status);

    /** The table. */
    abstract void print(PrintStream out, ClusterStatus status);

    static void printWorkers(PrintStream out, ClusterStatus status) {
        out.printf("%-12s %-16s %-8s %8s %8s%n", "WORKER", "HOST", "PID", "THREADS", "HOLDS");
        for (ClusterStatus.Worker w : status.workers()) {
            out.printf("%-12s %-16s %-8d %8d %8d%n", w.id(), w.host(), w.pid(), w.threads(), w.running());
        }
        if (status.workers().isEmpty()) {
            out.println("(no workers: start some with 'taskgrid worker --coordinator HOST:CLUSTER-PORT')");
        }
    }

    static void printJobs(PrintStream out, ClusterStatus status) {
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
