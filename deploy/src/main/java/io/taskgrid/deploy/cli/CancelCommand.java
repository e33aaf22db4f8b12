package io.taskgrid.deploy.cli;

import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridException;
import picocli.CommandLine.Command;
import io.taskgrid.internal.Json;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Option(names = "--json", description = "Print one JSON object: {\"cancelled\":[...],\"notRunning\":[...]}.")
    boolean json;

    @Override
    public Integer call() {
        Logging.quiet();
        List<String> cancelled = new ArrayList<>();
        List<String> notRunning = new ArrayList<>();
        try (TaskgridClient client = cluster.connect()) {
            for (String jobId : jobIds) {
                try {
                    client.cancel(jobId);
                    cancelled.add(jobId);
                    if (!json) {
                        System.out.println("cancelled " + jobId);
                    }
                } catch (TaskgridException e) {
                    System.err.println("taskgrid: " + e.getMessage());
                    notRunning.add(jobId);
                }
            }
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("cancelled", cancelled);
            out.put("notRunning", notRunning);
            System.out.println(Json.write(out));
        }
        return notRunning.isEmpty() ? 0 : Cli.FAILED;
    }
}
