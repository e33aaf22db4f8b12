package io.taskgrid.coordinator.internal;

import io.taskgrid.cluster.DurationBuckets;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CoordinatorMetricsTest {

    @Test
    void countersAndGaugesAppearWithPrometheusNames() {
        try (CoordinatorMetrics metrics = new CoordinatorMetrics()) {
            metrics.jobSubmitted(100);
            metrics.subtasksSucceeded(90);
            metrics.attemptsFailed(12);
            metrics.subtasksRetried(10);
            metrics.subtasksFailed(2);
            metrics.publish(new CoordinatorMetrics.Snapshot(8, 2, 1,
                    List.of(new CoordinatorMetrics.JobLoad("job-1", "primes", 8, 2)),
                    List.of(new CoordinatorMetrics.WorkerLoad("worker-1", "10.0.0.7", 2, 4))));

            String text = metrics.scrape();

            assertThat(text).contains("taskgrid_subtasks_submitted_total 100.0", "taskgrid_subtasks_succeeded_total 90.0",
                    "taskgrid_attempts_failed_total 12.0", "taskgrid_subtasks_retried_total 10.0",
                    "taskgrid_subtasks_failed_total 2.0", "taskgrid_jobs_submitted_total 1.0",
                    "taskgrid_subtasks_pending 8.0", "taskgrid_subtasks_running 2.0",
                    "taskgrid_job_subtasks_pending{job=\"job-1\",name=\"primes\"} 8.0",
                    "taskgrid_worker_busy{host=\"10.0.0.7\",worker=\"worker-1\"} 2.0",
                    "taskgrid_worker_threads{host=\"10.0.0.7\",worker=\"worker-1\"} 4.0", "jvm_memory_used_bytes");
        }
    }

    @Test
    void anEndedJobsGaugeRowGoesAway() {
        try (CoordinatorMetrics metrics = new CoordinatorMetrics()) {
            metrics.publish(new CoordinatorMetrics.Snapshot(8, 0, 1,
                    List.of(new CoordinatorMetrics.JobLoad("job-1", "primes", 8, 0)), List.of()));
            metrics.publish(CoordinatorMetrics.Snapshot.EMPTY);

            assertThat(metrics.scrape()).doesNotContain("job=\"job-1\"");
        }
    }

    @Test
    void workerDurationsBecomeACumulativeHistogramInSeconds() {
        try (CoordinatorMetrics metrics = new CoordinatorMetrics()) {
            long[] counts = new long[DurationBuckets.COUNT];
            counts[DurationBuckets.of(50_000)] = 3;          // 50 µs
            counts[DurationBuckets.of(2_000_000_000L)] = 1;  // 2 s
            metrics.attemptDurations(counts, 3 * 50_000 + 2_000_000_000L);
            metrics.attemptDurations(counts, 3 * 50_000 + 2_000_000_000L);

            String text = metrics.scrape();

            assertThat(text).contains("taskgrid_subtask_duration_seconds_bucket{le=\"1.0E-4\"} 6",
                    "taskgrid_subtask_duration_seconds_bucket{le=\"1.0\"} 6",
                    "taskgrid_subtask_duration_seconds_bucket{le=\"5.0\"} 8",
                    "taskgrid_subtask_duration_seconds_bucket{le=\"+Inf\"} 8",
                    "taskgrid_subtask_duration_seconds_count 8", "taskgrid_subtask_duration_seconds_sum 4.0003");
        }
    }
}
