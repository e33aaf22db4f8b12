package io.taskgrid.examples;

import io.taskgrid.Job;
import io.taskgrid.Range;
import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridProgram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.SplittableRandom;

/**
 * Estimates π by Monte Carlo: random points in the unit square, the share inside the quarter
 * circle is π/4. Pure computation, so it shows how CPU-bound work spreads over workers. Each
 * chunk seeds its own generator from its position, so the estimate is the same on every run.
 *
 * <pre>
 * ./taskgrid submit --local 2 pi --samples 100000000
 * </pre>
 */
@Command(name = "pi", mixinStandardHelpOptions = true,
        description = "Estimate pi by Monte Carlo sampling, one chunk of samples per subtask.")
public final class Pi implements TaskgridProgram {

    @Option(names = "--samples", description = "How many random points (default: ${DEFAULT-VALUE}).")
    long samples = 100_000_000;

    @Option(names = "--chunk", description = "Points per subtask (default: ${DEFAULT-VALUE}).")
    long chunk = 1_000_000;

    /** Runs the example against the coordinator whose gateway is {@code args[0]} (default 127.0.0.1:7711). */
    public static void main(String[] args) {
        String gateway = args.length > 0 ? args[0] : "127.0.0.1:7711";
        try (TaskgridClient client = TaskgridClient.connect(gateway)) {
            System.out.println(estimate(client, 100_000_000, 1_000_000));
        }
    }

    /** π estimated from {@code samples} points, in chunks of {@code chunk} points per subtask. */
    public static double estimate(TaskgridClient client, long samples, long chunk) {
        Job<Long> job = Job.range(0, samples, chunk, Pi::pointsInside).named("pi");
        long inside = client.submit(job).reduce(Long::sum).join();
        return 4.0 * inside / samples;
    }

    /** How many of the chunk's points fall inside the quarter circle. */
    static long pointsInside(Range chunk) {
        SplittableRandom random = new SplittableRandom(chunk.from());
        long inside = 0;
        for (long i = chunk.from(); i < chunk.to(); i++) {
            double x = random.nextDouble();
            double y = random.nextDouble();
            if (x * x + y * y <= 1.0) {
                inside++;
            }
        }
        return inside;
    }

    @Override
    public String name() {
        return "pi";
    }

    @Override
    public String description() {
        return "Estimate pi by Monte Carlo, one chunk of samples per subtask";
    }

    @Override
    public Object run(TaskgridClient client) {
        if (samples < 1 || chunk < 1) {
            throw new IllegalArgumentException("--samples and --chunk must be positive");
        }
        return estimate(client, samples, chunk);
    }
}
