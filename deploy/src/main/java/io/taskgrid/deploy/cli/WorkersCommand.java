package io.taskgrid.deploy.cli;

import io.taskgrid.ClusterStatus;
import picocli.CommandLine.Command;

import java.io.PrintStream;

/** {@code taskgrid workers}: the workers of a running cluster. */
@Command(name = "workers", mixinStandardHelpOptions = true,
        description = {"List the workers of a running cluster: id, host, pid, threads, subtasks held.",
                "With --json: an array of objects with those fields."})
final class WorkersCommand extends ClusterView {

    @Override
    Object jsonOf(ClusterStatus status) {
        return status.workers();
    }

    @Override
    void print(PrintStream out, ClusterStatus status) {
        printWorkers(out, status);
    }
}
