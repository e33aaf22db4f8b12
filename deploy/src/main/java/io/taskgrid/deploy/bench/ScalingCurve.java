package io.taskgrid.deploy.bench;

import io.taskgrid.Job;
import io.taskgrid.Range;
import io.taskgrid.TaskgridClient;
import io.taskgrid.deploy.LocalCluster;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Consumer;

/**
 * {@code taskgrid bench --scaling 1,2,4,8,16}: how CPU-bound work speeds up with more one-thread
 * worker JVMs, next to an in-process {@link ForkJoinPool} of as many threads running the same
 * subtasks in the same procedure. Each count gets a fresh cluster; each time is the median of the
 * runs after one warm-up run. The speedup of N is the time on the smallest count (normally 1) over
 * the time on N, scaled by that count.
 *
 * @param subtasks how many subtasks each run's job has; several per worker, so that the last wave
 *                 does not leave most workers idle
 */
public record ScalingCurve(SortedSet<Integer> workerCounts, int subtasks, int subtaskMillis, int runs) {

    /** One point of the curve: the median seconds of a run on Taskgrid and on the in-process pool. */
    public record Point(int workers, double taskgridSeconds, double forkJoinSeconds) {
    }

    public ScalingCurve {
        if (workerCounts.isEmpty() || workerCounts.first() < 1) {
            throw new IllegalArgumentException("--scaling needs worker counts of 1 or more, such as 1,2,4,8");
        }
        if (subtasks < 1 || subtaskMillis < 1 || runs < 1) {
            throw new IllegalArgumentException("the scaling job needs at least one subtask, one millisecond and one run");
        }
    }

    /** The sizes for {@code counts}: ten subtasks of ~50 ms per worker of the largest count, at least 40. */
    public static ScalingCurve of(SortedSet<Integer> counts, int runs) {
        return new ScalingCurve(counts, Math.max(40, 10 * (counts.isEmpty() ? 0 : counts.last())), 50, runs);
    }

    /** Measures every count, Taskgrid first then the pool, smallest count first. */
    public List<Point> measure(Consumer<String> progress) throws Exception {
        long rounds = CpuWork.roundsFor(subtaskMillis);
        List<Point> points = new ArrayList<>();
        for (int workers : workerCounts) {
            progress.accept(subtasks + " subtasks of ~" + subtaskMillis + " ms of computation on " + workers
                    + " worker" + (workers == 1 ? "" : "s") + ", then on a ForkJoinPool of as many threads");
            double taskgrid = taskgridSeconds(workers, rounds);
            double forkJoin = forkJoinSeconds(workers, rounds);
            points.add(new Point(workers, taskgrid, forkJoin));
        }
        return points;
    }

    /** How many times faster {@code seconds} is than {@code baseSeconds} on {@code baseWorkers}, per the base's worker. */
    public static double speedup(int baseWorkers, double baseSeconds, double seconds) {
        return baseWorkers * baseSeconds / seconds;
    }

    private double taskgridSeconds(int workers, long rounds) {
        try (LocalCluster cluster = LocalCluster.start(workers, 1); TaskgridClient client = cluster.connect()) {
            return medianAfterWarmUp(() -> client.submit(Job.range(0, subtasks, 1, (Range r) -> CpuWork.spin(rounds)))
                    .results().join());
        }
    }

    private double forkJoinSeconds(int threads, long rounds) {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            return medianAfterWarmUp(() -> {
                List<ForkJoinTask<Long>> futures = new ArrayList<>(subtasks);
                for (int i = 0; i < subtasks; i++) {
                    futures.add(pool.submit(() -> CpuWork.spin(rounds)));
                }
                futures.forEach(ForkJoinTask::join);
            });
        } finally {
            pool.shutdownNow();
        }
    }

    private double medianAfterWarmUp(Runnable job) {
        List<Double> seconds = new ArrayList<>();
        for (int run = -1; run < runs; run++) {
            long start = System.nanoTime();
            job.run();
            if (run >= 0) {
                seconds.add((System.nanoTime() - start) / 1e9);
            }
        }
        return Stats.median(seconds);
    }
}
