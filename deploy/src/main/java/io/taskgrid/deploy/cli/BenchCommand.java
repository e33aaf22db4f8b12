package io.taskgrid.deploy.cli;

import io.taskgrid.deploy.bench.Benchmark;
import io.taskgrid.deploy.bench.ScalingCurve;
import io.taskgrid.deploy.bench.Soak;
import io.taskgrid.internal.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code taskgrid bench}: Taskgrid's overhead next to a ForkJoinPool and a Hazelcast executor, measured here. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure Taskgrid on a local cluster of 2 worker JVMs next to two baselines run in the same "
                + "process: an in-process ForkJoinPool of as many threads, and Hazelcast's IExecutorService on 2 member "
                + "JVMs. Each figure is the median of --runs runs after a warm-up; 'x better' is how many times "
                + "Taskgrid is better than the baseline (below 1: worse).",
                "Takes a few minutes; --quick runs small sizes in about a minute (a smoke test, not a measurement).",
                "--scaling 1,2,4,8,16 measures only the CPU speedup, on a fresh cluster of each number of one-thread "
                        + "workers next to a ForkJoinPool of as many threads: for a machine with more cores.",
                "--soak 3m runs a stream of one-subtask jobs, one after another, against a coordinator process and 2 "
                        + "one-thread workers, and prints the coordinator's heap after a full GC every 10 s with the "
                        + "jobs/s: whether its memory stays bounded."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "3", description = "Runs per figure (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--quick", description = "Small sizes, one run: checks that everything works.")
    boolean quick;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Option(names = "--scaling", split = ",", paramLabel = "N[,N...]",
            description = "Only the CPU speedup curve, for these worker counts (for example 1,2,4,8,16); "
                    + "a job of 10 subtasks of ~50 ms per worker of the largest count.")
    List<Integer> scaling;

    @Option(names = "--soak", paramLabel = "DURATION",
            description = "Only the soak: one-subtask jobs in a loop for this long (such as 3m), the coordinator's "
                    + "heap after a full GC and the jobs/s every 10 s.")
    String soak;

    @Option(names = "--store-dir", paramLabel = "DIR",
            description = "With --soak: the coordinator keeps its state store on disk in DIR (default: in memory).")
    Path storeDirectory;

    @Option(names = "--retention-size", paramLabel = "SIZE", defaultValue = "8m",
            description = "With --soak: the coordinator's --retention-size (default: ${DEFAULT-VALUE}, which the "
                    + "stream fills within about a minute; 25%% is a coordinator's own default).")
    String retentionSize;

    /** How often the soak weighs the coordinator's heap. */
    static final Duration SOAK_SAMPLE_EVERY = Duration.ofSeconds(10);

    @Override
    public Integer call() throws Exception {
        Logging.quiet();
        if (runs < 1 || runs > 100) {
            throw new IllegalArgumentException("--runs must be between 1 and 100, not " + runs);
        }
        if (soak != null) {
            return soak();
        }
        if (scaling != null) {
            return scalingCurve();
        }
        Benchmark.Sizes sizes = quick ? Benchmark.Sizes.quick() : Benchmark.Sizes.full(runs);
        List<Benchmark.Row> rows = new Benchmark(sizes, step -> System.err.println("taskgrid bench: " + step)).run();
        if (json) {
            System.out.println(Json.write(asJson(sizes, rows)));
        } else {
            printTable(System.out, rows);
        }
        return 0;
    }

    private int scalingCurve() throws Exception {
        ScalingCurve curve = ScalingCurve.of(new TreeSet<>(scaling), runs);
        if (quick) {
            curve = new ScalingCurve(curve.workerCounts(), 2 * curve.workerCounts().last(), 20, 1);
        }
        List<ScalingCurve.Point> points = curve.measure(step -> System.err.println("taskgrid bench: " + step));
        if (json) {
            System.out.println(Json.write(scalingJson(curve, points)));
        } else {
            printScaling(System.out, points);
        }
        return 0;
    }

    private int soak() throws Exception {
        List<String> options = new ArrayList<>(List.of("--retention-size", retentionSize));
        if (storeDirectory != null) {
            options.addAll(List.of("--store-dir", storeDirectory.toString()));
        }
        Soak run = new Soak(Durations.parse(soak, "--soak"), SOAK_SAMPLE_EVERY, options);
        String format = "%8s %12s %10s %16s%n";
        if (!json) {
            System.out.println("coordinator -Xmx" + Soak.COORDINATOR_HEAP + " --retention-size " + retentionSize
                    + (storeDirectory == null ? "" : " --store-dir " + storeDirectory));
            System.out.printf(format, "seconds", "jobs", "jobs/s", "heap after GC");
        }
        List<Soak.Sample> samples = run.run(step -> System.err.println("taskgrid bench: " + step), sample -> {
            if (!json) {
                System.out.printf(format, String.format("%.0f", sample.seconds()), String.format("%,d", sample.jobs()),
                        String.format("%,.0f", sample.jobsPerSecond()), mib(sample.heapBytes()));
                System.out.flush();
            }
        });
        if (json) {
            System.out.println(Json.write(soakJson(samples)));
        }
        return 0;
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024));
    }

    private Map<String, Object> soakJson(List<Soak.Sample> samples) {
        List<Object> rows = new ArrayList<>();
        for (Soak.Sample sample : samples) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("seconds", sample.seconds());
            row.put("jobs", sample.jobs());
            row.put("jobsPerSecond", sample.jobsPerSecond());
            row.put("heapBytesAfterGc", sample.heapBytes());
            rows.add(row);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("coordinatorMaxHeap", Soak.COORDINATOR_HEAP);
        result.put("retentionSize", retentionSize);
        result.put("soak", rows);
        return result;
    }

    static void printScaling(PrintStream out, List<ScalingCurve.Point> points) {
        String format = "%-8s %12s %12s %16s %16s %14s%n";
        out.printf(format, "workers", "Taskgrid s", "speedup", "ForkJoinPool s", "FJP speedup", "of FJP's");
        for (Map<String, Object> point : scalingPoints(points)) {
            out.printf(format, point.get("workers"), String.format("%.3f", point.get("taskgridSeconds")),
                    String.format("%.2f", point.get("taskgridSpeedup")),
                    String.format("%.3f", point.get("forkJoinSeconds")),
                    String.format("%.2f", point.get("forkJoinSpeedup")),
                    String.format("%.0f%%", 100 * (double) point.get("ofForkJoinSpeedup")));
        }
    }

    /** Each point with both speedups, relative to the smallest count, and Taskgrid's as a share of the pool's. */
    static List<Map<String, Object>> scalingPoints(List<ScalingCurve.Point> points) {
        ScalingCurve.Point base = points.get(0);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ScalingCurve.Point point : points) {
            double taskgrid = ScalingCurve.speedup(base.workers(), base.taskgridSeconds(), point.taskgridSeconds());
            double forkJoin = ScalingCurve.speedup(base.workers(), base.forkJoinSeconds(), point.forkJoinSeconds());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("workers", point.workers());
            row.put("taskgridSeconds", point.taskgridSeconds());
            row.put("taskgridSpeedup", taskgrid);
            row.put("forkJoinSeconds", point.forkJoinSeconds());
            row.put("forkJoinSpeedup", forkJoin);
            row.put("ofForkJoinSpeedup", taskgrid / forkJoin);
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, Object> scalingJson(ScalingCurve curve, List<ScalingCurve.Point> points) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("sizes", Map.of("subtasks", curve.subtasks(), "subtaskMillis", curve.subtaskMillis(),
                "runs", curve.runs()));
        result.put("scaling", scalingPoints(points));
        return result;
    }

    static void printTable(PrintStream out, List<Benchmark.Row> rows) {
        String format = "%-40s %-11s %12s %14s %12s %14s %14s%n";
        out.printf(format, "figure", "unit", "Taskgrid", "ForkJoinPool", "Hazelcast", "x better (FJP)", "x better (HZ)");
        for (Benchmark.Row row : rows) {
            out.printf(format, row.figure(), row.unit(), number(row.taskgrid()), number(row.forkJoinPool()),
                    number(row.hazelcast()), ratio(row, row.forkJoinPool()), ratio(row, row.hazelcast()));
        }
    }

    private static String number(Double value) {
        if (value == null) {
            return "-";
        }
        return value >= 100 ? String.format("%,.0f", value) : String.format("%.2f", value);
    }

    private static String ratio(Benchmark.Row row, Double baseline) {
        Double better = better(row, baseline);
        return better == null ? "-" : String.format("%.3g", better);
    }

    /** How many times better Taskgrid is than {@code baseline} on this row, or {@code null}. */
    static Double better(Benchmark.Row row, Double baseline) {
        if (baseline == null || row.taskgrid() == null || baseline == 0 || row.taskgrid() == 0) {
            return null;
        }
        return row.higherIsBetter() ? row.taskgrid() / baseline : baseline / row.taskgrid();
    }

    private static Map<String, Object> asJson(Benchmark.Sizes sizes, List<Benchmark.Row> rows) {
        List<Object> figures = new ArrayList<>();
        for (Benchmark.Row row : rows) {
            Map<String, Object> figure = new LinkedHashMap<>();
            figure.put("figure", row.figure());
            figure.put("unit", row.unit());
            figure.put("taskgrid", row.taskgrid());
            figure.put("forkJoinPool", row.forkJoinPool());
            figure.put("hazelcast", row.hazelcast());
            figure.put("betterThanForkJoinPool", better(row, row.forkJoinPool()));
            figure.put("betterThanHazelcast", better(row, row.hazelcast()));
            figures.add(figure);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("sizes", Map.of("subtasks", sizes.subtasks(), "hazelcastTasks", sizes.hazelcastTasks(),
                "executorTasks", sizes.executorTasks(), "roundTrips", sizes.roundTrips(),
                "scalingSubtasks", sizes.scalingSubtasks(), "scalingMillis", sizes.scalingMillis(), "runs", sizes.runs()));
        result.put("figures", figures);
        return result;
    }
}
