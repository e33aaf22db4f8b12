package io.taskgrid.deploy.bench;

import io.taskgrid.Job;
import io.taskgrid.Range;
import io.taskgrid.TaskgridClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code taskgrid bench --soak 3m}: whether a coordinator's memory stays bounded under a stream of
 * small jobs, as a new user's first loop makes one. A coordinator process (heap at most
 * {@link #COORDINATOR_HEAP}, as in a container of 1 GB) and two worker processes of one thread
 * each; a client in this JVM submits one-subtask jobs one after another, each waiting for its
 * result, for the whole duration. Every {@code every} the coordinator's used heap right after a
 * full GC is weighed ({@code jcmd}) and reported with the jobs done and their rate since the last
 * sample. The ended jobs the coordinator keeps grow for its retention time, or until they reach
 * their bound in bytes: after that the heap should stay flat.
 */
public final class Soak {

    /** The coordinator's maximum heap. */
    public static final String COORDINATOR_HEAP = "1g";

    /**
     * One weighing.
     *
     * @param seconds       since the stream began
     * @param jobs          jobs done since the stream began
     * @param jobsPerSecond jobs done per second since the previous sample
     * @param heapBytes     the coordinator's used heap right after a full GC
     */
    public record Sample(double seconds, long jobs, double jobsPerSecond, long heapBytes) {
    }

    private final Duration duration;
    private final Duration every;
    private final List<String> coordinatorOptions;

    /** @param coordinatorOptions options for {@code taskgrid coordinator}, such as {@code --store-dir DIR} */
    public Soak(Duration duration, Duration every, List<String> coordinatorOptions) {
        if (duration.compareTo(every) < 0) {
            throw new IllegalArgumentException("--soak needs at least " + every.toSeconds() + " s, not " + duration);
        }
        this.duration = duration;
        this.every = every;
        this.coordinatorOptions = List.copyOf(coordinatorOptions);
    }

    /** Runs the stream, hands each sample to {@code onSample} as it is taken, and returns them all. */
    public List<Sample> run(Consumer<String> progress, Consumer<Sample> onSample) throws Exception {
        Path jcmd = CoordinatorProcess.jcmd();
        if (jcmd == null) {
            throw new IllegalStateException("--soak weighs the coordinator's heap with jcmd, which this Java ("
                    + System.getProperty("java.home") + ") lacks: run it with a JDK");
        }
        progress.accept("starting a coordinator (-Xmx" + COORDINATOR_HEAP + ") and 2 one-thread workers");
        List<Sample> samples = new ArrayList<>();
        try (CoordinatorProcess coordinator = new CoordinatorProcess(COORDINATOR_HEAP, coordinatorOptions)) {
            coordinator.startWorkers(Benchmark.WORKERS);
            try (TaskgridClient client = coordinator.connect()) {
                awaitWorkers(client, Benchmark.WORKERS);
                Job<Long> job = Job.range(0, 1, 1, (Range r) -> r.from());
                client.submit(job).results().join(); // its code shipped, before the clock starts
                progress.accept("one-subtask jobs in a loop for " + duration.toSeconds() + " s; the coordinator's "
                        + "heap after a full GC every " + every.toSeconds() + " s");
                AtomicLong done = new AtomicLong();
                AtomicBoolean over = new AtomicBoolean();
                Thread loop = new Thread(() -> {
                    while (!over.get()) {
                        client.submit(job).results().join();
                        done.incrementAndGet();
                    }
                }, "taskgrid-soak-client");
                loop.setDaemon(true);
                long start = System.nanoTime();
                loop.start();
                try {
                    long lastAt = start;
                    long lastJobs = 0;
                    for (long at = start + every.toNanos(); at - start <= duration.toNanos(); at += every.toNanos()) {
                        TimeUnit.NANOSECONDS.sleep(at - System.nanoTime());
                        if (!loop.isAlive()) {
                            throw new IllegalStateException("the soak's client stopped early: see its stack trace above");
                        }
                        long now = System.nanoTime();
                        long jobs = done.get();
                        Sample sample = new Sample((now - start) / 1e9, jobs, (jobs - lastJobs) / ((now - lastAt) / 1e9),
                                coordinator.heapUsedAfterGc(jcmd));
                        samples.add(sample);
                        onSample.accept(sample);
                        lastAt = now;
                        lastJobs = jobs;
                    }
                } finally {
                    over.set(true);
                    loop.join(TimeUnit.SECONDS.toMillis(30));
                }
            }
        }
        return samples;
    }

    private static void awaitWorkers(TaskgridClient client, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (client.status().workers().size() < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the soak's " + count + " workers did not join within 3 minutes");
            }
            Thread.sleep(100);
        }
    }
}
