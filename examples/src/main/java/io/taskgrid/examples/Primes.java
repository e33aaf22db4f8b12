package io.taskgrid.examples;

import io.taskgrid.Job;
import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridProgram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Counts the primes below a limit: the range {@code [0, limit)} is split into chunks, each chunk
 * is sieved on a worker, and the counts are summed as they arrive.
 *
 * <pre>
 * ./taskgrid submit --local 2 primes --limit 10000000      # 664579
 * </pre>
 */
@Command(name = "primes", mixinStandardHelpOptions = true,
        description = "Count the primes below a limit, one chunk of the range per subtask (below 10,000,000: 664,579).")
public final class Primes implements TaskgridProgram {

    @Option(names = "--limit", description = "Count the primes below this number (default: ${DEFAULT-VALUE}).")
    long limit = 10_000_000;

    @Option(names = "--chunk", description = "Numbers per subtask (default: ${DEFAULT-VALUE}).")
    long chunk = 100_000;

    /** Runs the example against the coordinator whose gateway is {@code args[0]} (default 127.0.0.1:7711). */
    public static void main(String[] args) {
        String gateway = args.length > 0 ? args[0] : "127.0.0.1:7711";
        try (TaskgridClient client = TaskgridClient.connect(gateway)) {
            System.out.println(count(client, 10_000_000, 100_000));
        }
    }

    /** The number of primes below {@code limit}, counted on the cluster in chunks of {@code chunk}. */
    public static long count(TaskgridClient client, long limit, long chunk) {
        Job<Long> job = Job.range(0, limit, chunk, range -> countPrimes(range.from(), range.to())).named("primes");
        return client.submit(job).reduce(Long::sum).join();
    }

    /** The number of primes in {@code [from, to)}, by a sieve of that segment. */
    public static long countPrimes(long from, long to) {
        long low = Math.max(from, 2);
        if (to <= low) {
            return 0;
        }
        if (to - low > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a segment of " + (to - low) + " numbers is too large to sieve at once");
        }
        boolean[] composite = new boolean[(int) (to - low)];
        int root = (int) Math.sqrt((double) to) + 1;
        boolean[] smallComposite = new boolean[root + 1];
        for (int p = 2; p <= root; p++) {
            if (smallComposite[p]) {
                continue;
            }
            for (long m = (long) p * p; m <= root; m += p) {
                smallComposite[(int) m] = true;
            }
            long first = Math.max((long) p * p, (low + p - 1) / p * p);
            for (long m = first; m < to; m += p) {
                composite[(int) (m - low)] = true;
            }
        }
        long count = 0;
        for (boolean c : composite) {
            if (!c) {
                count++;
            }
        }
        return count;
    }

    @Override
    public String name() {
        return "primes";
    }

    @Override
    public String description() {
        return "Count the primes below --limit, one chunk of the range per subtask";
    }

    @Override
    public Object run(TaskgridClient client) {
        if (limit < 2) {
            throw new IllegalArgumentException("--limit must be at least 2, not " + limit);
        }
        if (chunk < 1 || chunk > 100_000_000) {
            throw new IllegalArgumentException("--chunk must be between 1 and 100,000,000, not " + chunk);
        }
        return count(client, limit, chunk);
    }
}
