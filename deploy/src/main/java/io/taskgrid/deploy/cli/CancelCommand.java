package io.taskgrid.deploy.cli;

import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code taskgrid cancel}: cancel running jobs by id. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancel running jobs: their pending subtasks never start, running ones are interrupted.",
                "Exits 1 if any of the jobs was not running ('taskgrid status' lists the jobs)."})
final class CancelCommand implements Callable<Integer> {

    @Mixin
    ClusterAccess cluster;

    @Parameters(paramLabel = "JOB", arity = "1..*", description = "The ids of the jobs to cancel.")
    List<String> jobIds;

    @Override
    public Integer call() {
        Logging.quiet();
        int failed = 0;
        try (TaskgridClient client = cluster.connect()) {
            for (String jobId : jobIds) {
                try {
                    client.cancel(jobId);
                    System.out.println("cancelled " + jobId);
                } catch (TaskgridException e) {
                    System.err.println("taskgrid: " + e.getMessage());
                    failed++;
                }
            }
        }
        return failed == 0 ? 0 : Cli.FAILED;
    }
}
