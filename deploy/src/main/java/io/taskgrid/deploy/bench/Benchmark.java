package io.taskgrid.deploy.bench;

import io.taskgrid.Job;
import io.taskgrid.Range;
import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridExecutorService;
import io.taskgrid.deploy.LocalCluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The benchmark behind {@code taskgrid bench}: Taskgrid on a local cluster of two worker JVMs of
 * one thread each, next to two baselines measured in the same run: an in-process
 * {@link ForkJoinPool} of as many threads (the limit for a machine) and Hazelcast's
 * {@code IExecutorService} on two member JVMs with one executor thread each. Each figure is the
 * median of {@link Sizes#runs()} runs after a warm-up.
 */
public final class Benchmark {

    /** Two workers of one thread each: the 2-core machine these figures are meant for. */
    static final int WORKERS = 2;

    /** How much work each figure does. */
    public record Sizes(int subtasks, int hazelcastTasks, int executorTasks, int roundTrips, int scalingSubtasks,
                        int scalingMillis, int pendingSubtasks, int runs) {

        /** The sizes that targets are stated for. */
        public static Sizes full(int runs) {
            return new Sizes(1_000_000, 20_000, 20_000, 1_000, 40, 50, 10_000_000, runs);
        }

        /** Small sizes that finish in about a minute: a smoke run, not a measurement. */
        public static Sizes quick() {
            return new Sizes(20_000, 2_000, 2_000, 100, 8, 20, 2_000_000, 1);
        }
    }

    /**
     * One figure: Taskgrid's value and each baseline's ({@code null} where a baseline has none).
     *
     * @param higherIsBetter whether a larger value is better (throughput) or worse (time)
     */
    public record Row(String figure, String unit, Double taskgrid, Double forkJoinPool, Double hazelcast,
                      boolean higherIsBetter) {
    }

    private final Sizes sizes;
    private final Consumer<String> progress;
    /** The size of one CPU-bound subtask, measured once so that every system runs the same work. */
    private long cpuRounds;

    public Benchmark(Sizes sizes, Consumer<String> progress) {
        this.sizes = sizes;
        this.progress = progress;
    }

    /** Runs every figure; returns them in order. */
    public List<Row> run() throws Exception {
        cpuRounds = CpuWork.roundsFor(sizes.scalingMillis());
        List<Double> starts = new ArrayList<>();
        long clusterStart = System.nanoTime();
        progress.accept("starting a local cluster of " + WORKERS + " workers");
        Measured twoWorkers;
        try (LocalCluster cluster = LocalCluster.start(WORKERS, 1); TaskgridClient client = cluster.connect()) {
            client.submit(Job.range(0, 1, 1, (Range r) -> r.from())).results().join();
            starts.add((System.nanoTime() - clusterStart) / 1e6);
            twoWorkers = measureOn(client);
        }
        double oneWorkerSeconds = scalingSecondsOnAFreshCluster(1);
        double twoWorkersSeconds = scalingSecondsOnAFreshCluster(WORKERS);
        for (int run = 1; run < sizes.runs(); run++) {
            progress.accept("local cluster start, run " + (run + 1));
            long start = System.nanoTime();
            try (LocalCluster cluster = LocalCluster.start(WORKERS, 1); TaskgridClient client = cluster.connect()) {
                client.submit(Job.range(0, 1, 1, (Range r) -> r.from())).results().join();
                starts.add((System.nanoTime() - start) / 1e6);
            }
        }
        progress.accept("coordinator heap with " + sizes.pendingSubtasks() + " pending subtasks");
        Double pendingBytes = PendingMemory.coordinatorBytesPerPending(sizes.pendingSubtasks());
        double forkJoinQueuedBytes = PendingMemory.forkJoinBytesPerQueued(Math.min(sizes.pendingSubtasks(), 1_000_000));
        progress.accept("the ForkJoinPool baseline");
        ForkJoinBaseline forkJoin = new ForkJoinBaseline(WORKERS, sizes, cpuRounds);
        progress.accept("the Hazelcast baseline (2 member JVMs)");
        Measured hazelcast = measureHazelcast();

        List<Row> rows = new ArrayList<>();
        rows.add(new Row("no-op subtasks in one job", "subtasks/s", twoWorkers.throughput, forkJoin.throughput(),
                hazelcast.throughput, true));
        rows.add(new Row("single tasks via the ExecutorService", "tasks/s", twoWorkers.executorThroughput,
                forkJoin.throughput(), hazelcast.throughput, true));
        rows.add(new Row("round trip of one trivial job, p50", "us", twoWorkers.p50, forkJoin.p50(), hazelcast.p50, false));
        rows.add(new Row("round trip of one trivial job, p99", "us", twoWorkers.p99, forkJoin.p99(), hazelcast.p99, false));
        rows.add(new Row("round trip of one trivial job, max", "us", twoWorkers.max, forkJoin.max(), hazelcast.max, false));
        rows.add(new Row("CPU speedup from 1 to 2 workers", "x", oneWorkerSeconds / twoWorkersSeconds,
                forkJoin.speedup(), null, true));
        rows.add(new Row("start to first result", "ms", Stats.median(starts), forkJoin.startMillis(),
                hazelcast.startMillis, false));
        rows.add(new Row("heap per pending subtask", "bytes", pendingBytes, forkJoinQueuedBytes, null, false));
        return rows;
    }

    /** What was measured on one system. */
    private static final class Measured {
        Double throughput;
        Double executorThroughput;
        Double p50;
        Double p99;
        Double max;
        Double startMillis;
    }

    private Measured measureOn(TaskgridClient client) throws Exception {
        Measured measured = new Measured();
        progress.accept(sizes.subtasks() + " no-op subtasks in one job");
        List<Double> rates = new ArrayList<>();
        for (int run = 0; run <= sizes.runs(); run++) {
            long start = System.nanoTime();
            client.submit(Job.range(0, sizes.subtasks(), 1, (Range r) -> r.from())).results().join();
            if (run > 0) { // the first run warms up
                rates.add(sizes.subtasks() / ((System.nanoTime() - start) / 1e9));
            }
        }
        measured.throughput = Stats.median(rates);
        progress.accept(sizes.executorTasks() + " single tasks through the ExecutorService adapter");
        List<Double> executorRates = new ArrayList<>();
        TaskgridExecutorService executor = client.executor();
        for (int run = 0; run <= sizes.runs(); run++) {
            long start = System.nanoTime();
            List<Future<Integer>> futures = new ArrayList<>(sizes.executorTasks());
            for (int i = 0; i < sizes.executorTasks(); i++) {
                futures.add(executor.submit((Callable<Integer> & java.io.Serializable) () -> 1));
            }
            for (Future<Integer> future : futures) {
                future.get();
            }
            if (run > 0) {
                executorRates.add(sizes.executorTasks() / ((System.nanoTime() - start) / 1e9));
            }
        }
        measured.executorThroughput = Stats.median(executorRates);
        progress.accept(roundTripWarmUp() + " one-subtask jobs in a row to warm up, then " + sizes.roundTrips());
        long[] trips = new long[sizes.roundTrips()];
        for (int i = -roundTripWarmUp(); i < trips.length; i++) {
            long start = System.nanoTime();
            client.submit(Job.range(0, 1, 1, (Range r) -> r.from())).results().join();
            if (i >= 0) {
                trips[i] = System.nanoTime() - start;
            }
        }
        measured.p50 = Stats.percentileMicros(trips, 50);
        measured.p99 = Stats.percentileMicros(trips, 99);
        measured.max = Stats.maxMicros(trips);
        return measured;
    }

    /**
     * How many round trips run before the measured ones, on Taskgrid and Hazelcast alike: the JIT
     * compilers take about 10,000 one-subtask jobs to finish with that path (see
     * {@code benchmarks/README.md}), and no other figure of the bench warms it.
     */
    private int roundTripWarmUp() {
        return 10 * sizes.roundTrips();
    }

    /**
     * The median seconds of a job of {@code scalingSubtasks} CPU-bound subtasks on a new cluster of
     * {@code workers} one-thread workers, after two warm-up runs: the same procedure for 1 and 2
     * workers, on a cluster that does nothing else (no store writes left over from other figures).
     */
    private double scalingSecondsOnAFreshCluster(int workers) {
        long rounds = cpuRounds;
        progress.accept(sizes.scalingSubtasks() + " subtasks of ~" + sizes.scalingMillis() + " ms of computation on "
                + workers + " worker" + (workers == 1 ? "" : "s"));
        List<Double> seconds = new ArrayList<>();
        try (LocalCluster cluster = LocalCluster.start(workers, 1); TaskgridClient client = cluster.connect()) {
            for (int run = -2; run < sizes.runs(); run++) {
                long start = System.nanoTime();
                client.submit(Job.range(0, sizes.scalingSubtasks(), 1, (Range r) -> CpuWork.spin(rounds))).results()
                        .join();
                if (run >= 0) {
                    seconds.add((System.nanoTime() - start) / 1e9);
                }
            }
        }
        return Stats.median(seconds);
    }

    private Measured measureHazelcast() throws Exception {
        Measured measured = new Measured();
        try (HazelcastBaseline hazelcast = new HazelcastBaseline(1)) {
            measured.startMillis = hazelcast.startToFirstResultMillis;
            List<Double> rates = new ArrayList<>();
            for (int run = 0; run <= sizes.runs(); run++) {
                double seconds = hazelcast.throughputSeconds(sizes.hazelcastTasks());
                if (run > 0) {
                    rates.add(sizes.hazelcastTasks() / seconds);
                }
            }
            measured.throughput = Stats.median(rates);
            hazelcast.roundTrips(roundTripWarmUp());
            long[] trips = hazelcast.roundTrips(sizes.roundTrips());
            measured.p50 = Stats.percentileMicros(trips, 50);
            measured.p99 = Stats.percentileMicros(trips, 99);
            measured.max = Stats.maxMicros(trips);
        }
        return measured;
    }
}
