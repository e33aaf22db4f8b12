package io.taskgrid.deploy.cli;

import io.taskgrid.deploy.bench.Benchmark;
import io.taskgrid.internal.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code taskgrid bench}: Taskgrid's overhead next to a ForkJoinPool and a Hazelcast executor, measured here. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure Taskgrid on a local cluster of 2 worker JVMs next to two baselines run in the same "
                + "process: an in-process ForkJoinPool of as many threads, and Hazelcast's IExecutorService on 2 member "
                + "JVMs. Each figure is the median of --runs runs after a warm-up; 'x better' is how many times "
                + "Taskgrid is better than the baseline (below 1: worse).",
                "Takes a few minutes; --quick runs small sizes in about a minute (a smoke test, not a measurement)."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "3", description = "Runs per figure (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--quick", description = "Small sizes, one run: checks that everything works.")
    boolean quick;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Logging.quiet();
        if (runs < 1 || runs > 100) {
            throw new IllegalArgumentException("--runs must be between 1 and 100, not " + runs);
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
