package io.taskgrid.deploy.cli;

import io.taskgrid.ClusterStatus;
import picocli.CommandLine.Command;

import java.io.PrintStream;

/** {@code taskgrid jobs}: the running and recently ended jobs of a cluster. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = {"List the running and recently ended jobs of a cluster: id, name, state, progress.",
                "With --json: an array of objects (id, name, state, total, succeeded, failed, running, submittedAtMillis)."})
final class JobsCommand extends ClusterView {

    @Override
    Object jsonOf(ClusterStatus status) {
        return status.jobs();
    }

    @Override
    void print(PrintStream out, ClusterStatus status) {
        printJobs(out, status);
    }
}
