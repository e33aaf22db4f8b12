package io.taskgrid.deploy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The in-process limit: a {@link ForkJoinPool} with as many threads as the cluster's workers have
 * in all, running the same work as Taskgrid's figures, measured when constructed.
 */
final class ForkJoinBaseline {

    private final double throughput;
    private final double p50;
    private final double p99;
    private final double max;
    private final double speedup;
    private final double startMillis;

    ForkJoinBaseline(int threads, Benchmark.Sizes sizes, long cpuRounds) throws Exception {
        long start = System.nanoTime();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> 1).get();
            startMillis = (System.nanoTime() - start) / 1e6;
            List<Double> rates = new ArrayList<>();
            for (int run = 0; run <= sizes.runs(); run++) {
                double seconds = noOps(pool, sizes.subtasks());
                if (run > 0) {
                    rates.add(sizes.subtasks() / seconds);
                }
            }
            throughput = Stats.median(rates);
            long[] trips = new long[sizes.roundTrips()];
            for (int i = -sizes.roundTrips() / 10; i < trips.length; i++) {
                long tripStart = System.nanoTime();
                pool.submit(() -> 1).get();
                if (i >= 0) {
                    trips[i] = System.nanoTime() - tripStart;
                }
            }
            p50 = Stats.percentileMicros(trips, 50);
            p99 = Stats.percentileMicros(trips, 99);
            max = Stats.maxMicros(trips);
        } finally {
            pool.shutdownNow();
        }
        speedup = cpuSeconds(1, sizes, cpuRounds) / cpuSeconds(threads, sizes, cpuRounds);
    }

    private static double noOps(ForkJoinPool pool, int tasks) throws Exception {
        long start = System.nanoTime();
        List<ForkJoinTask<Integer>> futures = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            int value = i;
            futures.add(pool.submit(() -> value));
        }
        for (ForkJoinTask<Integer> future : futures) {
            future.get();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double cpuSeconds(int threads, Benchmark.Sizes sizes, long rounds) throws Exception {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            List<Double> seconds = new ArrayList<>();
            for (int run = 0; run <= sizes.runs(); run++) {
                long start = System.nanoTime();
                List<ForkJoinTask<Long>> futures = new ArrayList<>();
                for (int i = 0; i < sizes.scalingSubtasks(); i++) {
                    futures.add(pool.submit(() -> CpuWork.spin(rounds)));
                }
                for (ForkJoinTask<Long> future : futures) {
                    future.get();
                }
                if (run > 0) {
                    seconds.add((System.nanoTime() - start) / 1e9);
                }
            }
            return Stats.median(seconds);
        } finally {
            pool.shutdownNow();
        }
    }

    double throughput() {
        return throughput;
    }

    double p50() {
        return p50;
    }

    double p99() {
        return p99;
    }

    double max() {
        return max;
    }

    double speedup() {
        return speedup;
    }

    double startMillis() {
        return startMillis;
    }
}
