package io.taskgrid.coordinator.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.taskgrid.cluster.DurationBuckets;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.ToDoubleFunction;

/**
 * The coordinator's metrics, served in Prometheus text format at {@code /metrics}. Counters are
 * counted where things happen (the job manager's thread; adders, no locks); the gauges of queue
 * depth and busy slots read a snapshot the job manager publishes on its tick, so a scrape never
 * touches the scheduler. Subtask durations come from the workers, already bucketed.
 */
public final class CoordinatorMetrics implements AutoCloseable {

    /**
     * What the job manager publishes on each tick for the gauges: totals over every running job,
     * and per-job series only for the few jobs with the most subtasks left ({@code largestJobs}),
     * so that thousands of small jobs do not become thousands of series.
     */
    record Snapshot(long pending, long running, int jobsRunning, List<JobLoad> largestJobs,
                    List<WorkerLoad> workerLoads) {
        static final Snapshot EMPTY = new Snapshot(0, 0, 0, List.of(), List.of());
    }

    /** One running job's subtasks waiting for a worker and on workers. */
    record JobLoad(String jobId, String name, long pending, long running) {
    }

    /** One worker's subtasks held and its threads. */
    record WorkerLoad(String workerId, String host, int busy, int threads) {
    }

    private final PrometheusRegistry prometheus = new PrometheusRegistry();
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final Counter submitted;
    private final Counter succeeded;
    private final Counter failed;
    private final Counter attemptsFailed;
    private final Counter retried;
    private final Counter jobsSubmitted;
    private final MultiGauge jobPending;
    private final MultiGauge jobRunning;
    private final MultiGauge workerBusy;
    private final MultiGauge workerThreads;
    private final AtomicInteger gatewayConnections = new AtomicInteger();
    private final io.micrometer.core.instrument.Timer durableLag;
    private final AtomicLongArray durationCounts = new AtomicLongArray(DurationBuckets.COUNT);
    private final DoubleAdder durationSeconds = new DoubleAdder();
    private volatile Snapshot snapshot = Snapshot.EMPTY;

    public CoordinatorMetrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, prometheus,
                io.micrometer.core.instrument.Clock.SYSTEM);
        submitted = counter("taskgrid.subtasks.submitted", "Subtasks of accepted jobs");
        succeeded = counter("taskgrid.subtasks.succeeded", "Subtasks that returned a result");
        failed = counter("taskgrid.subtasks.failed", "Subtasks that failed for good, after their retries");
        attemptsFailed = counter("taskgrid.attempts.failed", "Attempts that threw or timed out, retried or not");
        retried = counter("taskgrid.subtasks.retried", "Retries scheduled");
        jobsSubmitted = counter("taskgrid.jobs.submitted", "Jobs accepted");
        gauge("taskgrid.subtasks.pending", "Subtasks waiting for a worker (queue depth), all jobs", s -> s.pending());
        gauge("taskgrid.subtasks.running", "Subtasks on workers (queued there or running)", s -> s.running());
        gauge("taskgrid.jobs.running", "Jobs running", s -> s.jobsRunning());
        gauge("taskgrid.workers", "Registered workers", s -> s.workerLoads().size());
        Gauge.builder("taskgrid.gateway.connections", gatewayConnections, AtomicInteger::get)
                .description("Open client connections to the gateway").register(registry);
        jobPending = MultiGauge.builder("taskgrid.job.subtasks.pending")
                .description("Subtasks waiting for a worker, per running job (the largest ones)").register(registry);
        jobRunning = MultiGauge.builder("taskgrid.job.subtasks.running")
                .description("Subtasks on workers, per running job (the largest ones)").register(registry);
        workerBusy = MultiGauge.builder("taskgrid.worker.busy")
                .description("Subtasks a worker holds (running or queued on it)").register(registry);
        workerThreads = MultiGauge.builder("taskgrid.worker.threads")
                .description("A worker's CPU threads").register(registry);
        durableLag = io.micrometer.core.instrument.Timer.builder("taskgrid.store.durable.lag")
                .description("From a batch's first outcome reaching the state store to the batch being in it (durable)")
                .register(registry);
        prometheus.register(this::durationHistogram);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Records how long one batch of outcomes took to be durable in the state store. */
    public void durableLag(long nanos) {
        durableLag.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Every metric in Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    void jobSubmitted(int subtasks) {
        jobsSubmitted.increment();
        submitted.increment(subtasks);
    }

    void subtasksSucceeded(int count) {
        succeeded.increment(count);
    }

    void attemptsFailed(int count) {
        attemptsFailed.increment(count);
    }

    void subtasksFailed(int count) {
        failed.increment(count);
    }

    void subtasksRetried(int count) {
        retried.increment(count);
    }

    /** A worker's durations since its last report, per {@link DurationBuckets} bucket. */
    void attemptDurations(long[] counts, long sumNanos) {
        for (int i = 0; i < counts.length && i < DurationBuckets.COUNT; i++) {
            if (counts[i] != 0) {
                durationCounts.addAndGet(i, counts[i]);
            }
        }
        durationSeconds.add(sumNanos / 1e9);
    }

    void gatewayConnectionOpened() {
        gatewayConnections.incrementAndGet();
    }

    void gatewayConnectionClosed() {
        gatewayConnections.decrementAndGet();
    }

    /** The job manager's view for the gauges, replacing the previous one. */
    void publish(Snapshot next) {
        snapshot = next;
        List<MultiGauge.Row<?>> pending = new ArrayList<>();
        List<MultiGauge.Row<?>> running = new ArrayList<>();
        for (JobLoad job : next.largestJobs()) {
            Tags tags = Tags.of("job", job.jobId(), "name", job.name());
            pending.add(MultiGauge.Row.of(tags, job.pending()));
            running.add(MultiGauge.Row.of(tags, job.running()));
        }
        jobPending.register(pending, true);
        jobRunning.register(running, true);
        List<MultiGauge.Row<?>> busy = new ArrayList<>();
        List<MultiGauge.Row<?>> threads = new ArrayList<>();
        for (WorkerLoad worker : next.workerLoads()) {
            Tags tags = Tags.of("worker", worker.workerId(), "host", worker.host());
            busy.add(MultiGauge.Row.of(tags, worker.busy()));
            threads.add(MultiGauge.Row.of(tags, worker.threads()));
        }
        workerBusy.register(busy, true);
        workerThreads.register(threads, true);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    private void gauge(String name, String description, ToDoubleFunction<Snapshot> value) {
        Gauge.builder(name, this, metrics -> value.applyAsDouble(metrics.snapshot)).description(description)
                .register(registry);
    }

    private MetricSnapshot durationHistogram() {
        double[] bounds = DurationBuckets.boundsSeconds();
        double[] upperBounds = new double[bounds.length + 1];
        System.arraycopy(bounds, 0, upperBounds, 0, bounds.length);
        upperBounds[bounds.length] = Double.POSITIVE_INFINITY;
        long[] counts = new long[upperBounds.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = durationCounts.get(i);
        }
        return HistogramSnapshot.builder()
                .name("taskgrid_subtask_duration_seconds")
                .help("How long attempts ran on the workers")
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(upperBounds, counts))
                        .sum(durationSeconds.sum())
                        .build())
                .build();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
