package io.taskgrid.deploy.cli;

import io.taskgrid.JobHandle;
import io.taskgrid.JobState;
import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridProgram;
import io.taskgrid.deploy.LocalCluster;
import io.taskgrid.internal.Json;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code taskgrid submit}: run a program on a cluster and print its result: a built-in example, or
 * an application's {@link TaskgridProgram} from its jar ({@code --jar app.jar --class com.acme.MyJob}),
 * whose code is shipped to the workers. With {@code --local N} the process ends as soon as the
 * outcome is printed, its local cluster killed rather than closed (see {@link LocalCluster#haltJvm}).
 */
@Command(name = "submit", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "EXAMPLE [ARGS]",
        description = {"Run a built-in example, or a program from your jar, on a cluster and print its result on "
                + "stdout.",
                "Progress shows on stderr while it runs. Put the options of 'submit' before the example's name:",
                "  taskgrid submit --local 2 primes --limit 10000000",
                "  taskgrid submit --coordinator 127.0.0.1:7711 --json pi --samples 100000000",
                "  taskgrid submit --coordinator 10.0.0.5:7711 --jar app.jar --class com.acme.MyJob [ARGS]",
                "A --class implements io.taskgrid.TaskgridProgram; ARGS go to its picocli options and parameters.",
                "The jars are shipped to the workers with each job the program submits."})
final class SubmitCommand implements Callable<Integer> {

    /** Where the program runs. */
    static final class Target {
        @Option(names = "--coordinator", paramLabel = "HOST:PORT[,HOST:PORT...]", required = true,
                description = "The gateway address of a running coordinator (with standbys: all of their gateways, "
                        + "comma-separated).")
        String coordinator;

        @Option(names = "--local", paramLabel = "N", required = true,
                description = "Start a local cluster of N worker processes for this run, and stop it afterwards.")
        Integer local;
    }

    /** When to draw the progress bar. */
    enum ProgressMode { auto, always, never }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Mixin
    ClientCredentials credentials;

    @Option(names = "--json", description = "Print one JSON object on one line: job, state, subtasks, result, seconds.")
    boolean json;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "WHEN",
            description = "Draw a progress bar on stderr: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: "
                    + "when attached to a terminal).")
    ProgressMode progress;

    @Option(names = "--jar", paramLabel = "JAR",
            description = "A jar (or classes directory) of your program and what it needs; repeat it for several. "
                    + "They are shipped to the workers with every job.")
    List<Path> jars = new ArrayList<>();

    @Option(names = "--class", paramLabel = "CLASS",
            description = "The program to run from the --jar files: a class implementing io.taskgrid.TaskgridProgram "
                    + "with a public no-argument constructor.")
    String programClass;

    /** The arguments after --class, for the program. */
    @CommandLine.Unmatched
    List<String> programArgs = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (programClass != null) {
            return run(ApplicationJars.load(programClass, jars, programArgs));
        }
        if (!programArgs.isEmpty()) {
            spec.commandLine().getErr().println("taskgrid submit: no example " + programArgs.get(0) + "; the examples "
                    + "are " + spec.subcommands().keySet() + " (put the options of 'submit' before the example's "
                    + "name), or give --jar and --class to run your own program");
            return CommandLine.ExitCode.USAGE;
        }
        spec.commandLine().getErr().println("taskgrid submit: name the example to run, one of "
                + spec.subcommands().keySet() + "; for example: taskgrid submit --local 2 primes --limit 10000000");
        return CommandLine.ExitCode.USAGE;
    }

    /** Runs {@code program} on the chosen cluster and prints its outcome; returns the exit code. */
    int run(TaskgridProgram program) {
        Logging.quiet();
        if (programClass == null && !programArgs.isEmpty()) {
            throw new IllegalArgumentException("unknown arguments " + programArgs + " before the example's name: "
                    + "the example's options go after its name");
        }
        if (target.local != null && target.local < 1) {
            throw new IllegalArgumentException("--local needs at least 1 worker, not " + target.local);
        }
        boolean showProgress = progress == ProgressMode.always || (progress == ProgressMode.auto && System.console() != null);
        if (target.local == null) {
            TaskgridClient client = credentials.connect(target.coordinator);
            if (client.status().workers().isEmpty()) {
                System.err.println("taskgrid: the cluster at " + target.coordinator + " has no workers yet; the job "
                        + "starts when one joins (taskgrid worker --coordinator HOST:CLUSTER-PORT)");
            }
            return runOn(client, program, showProgress);
        }
        if (showProgress) {
            System.err.println("taskgrid: starting a local cluster of " + target.local + " workers...");
        }
        LocalCluster cluster = LocalCluster.start(target.local);
        int exitCode;
        try {
            exitCode = runOn(cluster.connect(), program, showProgress);
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        // The outcome is printed and the run is over: nothing is lost by not waiting for the workers and
        // the coordinator to leave the cluster one by one, which takes seconds.
        cluster.haltJvm(exitCode);
        return exitCode; // not reached
    }

    private int runOn(TaskgridClient connected, TaskgridProgram program, boolean showProgress) {
        try (RecordingClient client = new RecordingClient(connected, jars)) {
            long start = System.nanoTime();
            Object result = null;
            Exception failure = null;
            try (ProgressBar bar = showProgress ? new ProgressBar(System.err, client::progress) : null) {
                result = program.run(client);
            } catch (Exception e) {
                failure = e;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (json) {
                System.out.println(Json.write(summary(client.submitted(), result, failure, seconds)));
            } else if (failure == null) {
                printResult(System.out, result);
            }
            if (failure != null) {
                System.err.println("taskgrid: " + Cli.describe(failure));
                if (Logging.isVerbose()) {
                    failure.printStackTrace();
                }
                return Cli.FAILED;
            }
            return 0;
        }
    }

    private static Map<String, Object> summary(List<JobHandle<?>> jobs, Object result, Exception failure, double seconds) {
        JobHandle<?> last = jobs.isEmpty() ? null : jobs.get(jobs.size() - 1);
        JobState state = last == null ? null : last.state();
        if (failure != null && (state == null || !state.isTerminal())) {
            state = JobState.FAILED;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("job", last == null ? null : last.id());
        summary.put("state", failure == null && state == null ? JobState.SUCCEEDED : state);
        summary.put("subtasks", jobs.stream().mapToLong(JobHandle::subtaskCount).sum());
        summary.put("result", failure == null ? result : null);
        summary.put("seconds", Math.round(seconds * 1000) / 1000.0);
        if (failure != null) {
            summary.put("error", Cli.describe(failure));
        }
        return summary;
    }

    /** Prints a result for people: maps as "key value" lines, collections one item per line. */
    static void printResult(PrintStream out, Object result) {
        if (result instanceof Map<?, ?> map) {
            map.forEach((key, value) -> out.println(key + "\t" + value));
        } else if (result instanceof Iterable<?> items) {
            items.forEach(out::println);
        } else {
            out.println(result);
        }
    }
}
