package io.taskgrid.deploy;

import io.taskgrid.ClusterStatus;
import io.taskgrid.Job;
import io.taskgrid.JobHandle;
import io.taskgrid.TaskgridClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static io.taskgrid.testing.Waits.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code taskgrid drain} on a real worker JVM while a job runs: nothing is lost, the worker exits
 * cleanly, and its local cluster does not start it again.
 */
class DrainIT {

    @Test
    void aDrainedWorkerFinishesWhatItHoldsLeavesAndExitsZeroWhileTheJobCompletes(@TempDir Path directory)
            throws Exception {
        try (LogLines log = LogLines.of(WorkerSupervisor.class);
             LocalCluster cluster = LocalCluster.start(2, 1); TaskgridClient client = cluster.connect()) {
            JobHandle<Long> job = client.submit(Job.range(0, 300, 1, range -> sleepThenReturn(range.from())));
            await().atMost(Duration.ofSeconds(30)).until(() -> job.progress().succeeded() >= 20);
            ClusterStatus.Worker drained = cluster.status().workers().get(0);
            WorkerProcess process = cluster.workerProcesses().stream()
                    .filter(p -> p.process().pid() == drained.pid()).findFirst().orElseThrow();

            CliRunner.Result result = CliRunner.run(directory, 120, Map.of("TASKGRID_TOKEN", cluster.token()),
                    "drain", "--coordinator", cluster.gatewayAddress().toString(), "--wait", "--json", drained.id());

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout().strip()).isEqualTo("{\"draining\":[\"" + drained.id() + "\"],\"unknown\":[],"
                    + "\"left\":[\"" + drained.id() + "\"]}");
            assertThat(process.process().waitFor(30, TimeUnit.SECONDS)).as("the drained worker's process exits").isTrue();
            assertThat(process.process().exitValue()).isZero();
            assertThat(join(job.results(), 120, "the results of the job that outlived the drain"))
                    .containsExactlyElementsOf(LongStream.range(0, 300).boxed().toList());
            assertThat(cluster.status().workers()).extracting(ClusterStatus.Worker::id)
                    .doesNotContain(drained.id()).hasSize(1);
            assertThat(process.logTail(200)).contains("is drained and leaves the cluster");
            await().atMost(Duration.ofSeconds(10)).until(() -> !log.lines().isEmpty());
            assertThat(log.lines()).as("a drained worker is not restarted").singleElement().asString()
                    .endsWith("exited with code 0 (drained, or told to leave): not restarted");
            assertThat(cluster.workerProcesses()).contains(process).hasSize(2);
        }
    }

    @Test
    void drainingAnUnknownWorkerSaysSoAndExitsOne(@TempDir Path directory) throws Exception {
        try (LocalCluster cluster = LocalCluster.start(1, 1)) {
            CliRunner.Result result = CliRunner.run(directory, 60, Map.of("TASKGRID_TOKEN", cluster.token()),
                    "drain", "--coordinator", cluster.gatewayAddress().toString(), "worker-99");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).contains("there is no worker worker-99", "taskgrid workers");
            assertThat(cluster.status().workers()).hasSize(1);
        }
    }

    private static long sleepThenReturn(long value) {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return value;
    }
}
