package io.taskgrid.deploy;

import io.taskgrid.Job;
import io.taskgrid.JobHandle;
import io.taskgrid.Range;
import io.taskgrid.SubtaskResult;
import io.taskgrid.TaskgridClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A worker killed mid-job: what it held runs elsewhere and every result arrives once. */
class WorkerLossIT {

    @Test
    void theSubtasksOfAKilledWorkerRunElsewhereAndEachResultArrivesOnce() {
        try (LocalCluster cluster = LocalCluster.start(2, 1); TaskgridClient client = cluster.connect()) {
            Job<Long> job = Job.range(0, 2_000, 1, (Range r) -> {
                Thread.sleep(5);
                return r.from() * 2;
            });
            JobHandle<Long> handle = client.submit(job);
            await().atMost(Duration.ofSeconds(60)).until(() -> handle.progress().done() >= 200);

            cluster.workerProcesses().get(0).kill();

            List<SubtaskResult<Long>> outcomes = handle.asCompleted().collect(Collectors.toList());
            assertThat(outcomes).hasSize(2_000).allMatch(SubtaskResult::succeeded);
            assertThat(outcomes.stream().map(SubtaskResult::index).distinct().count()).isEqualTo(2_000);
            List<Long> results = handle.results().orTimeout(10, TimeUnit.SECONDS).join();
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i)).isEqualTo(2L * i);
            }
        }
    }
}
