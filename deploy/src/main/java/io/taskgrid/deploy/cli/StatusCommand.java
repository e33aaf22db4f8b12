package io.taskgrid.deploy.cli;

import io.taskgrid.ClusterStatus;
import picocli.CommandLine.Command;

import java.io.PrintStream;

/** {@code taskgrid status}: the workers and jobs of a running cluster. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the workers and jobs of a running cluster.",
                "With --json: one object with the coordinator's id and version and the arrays 'workers' and 'jobs'."})
final class StatusCommand extends ClusterView {

    @Override
    Object jsonOf(ClusterStatus status) {
        return status;
    }

    @Override
    void print(PrintStream out, ClusterStatus status) {
        out.println(status.coordinatorId() + " (Taskgrid " + status.version() + ")");
        out.println();
        printWorkers(out, status);
        out.println();
        printJobs(out, status);
    }
}
