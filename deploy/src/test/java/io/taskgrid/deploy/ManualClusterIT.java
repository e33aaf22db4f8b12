package io.taskgrid.deploy;

import io.taskgrid.TaskgridClient;
import io.taskgrid.examples.Pi;
import io.taskgrid.examples.PiHere;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import static io.taskgrid.testing.Waits.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** A coordinator and a worker started by hand, as separate processes, used from Java code. */
class ManualClusterIT {

    @TempDir
    Path directory;

    @Test
    void aJobRunsOnACoordinatorAndWorkerStartedByHandAndTheWorkerStopsWithTheCoordinator() throws Exception {
        Path coordinatorDir = Files.createDirectory(directory.resolve("coordinator"));
        Process coordinator = CliRunner.start(coordinatorDir, "coordinator", "--port", "0", "--gateway-port", "0",
                "--http-port", "0", "--store-port", "0");
        Process worker = null;
        try {
            Matcher ready = CliRunner.awaitReady(coordinator, coordinatorDir);
            Path workerDir = Files.createDirectory(directory.resolve("worker"));
            // it tries to rejoin a lost coordinator for 10 s (60 s by default), so that it exits well within the wait below
            worker = CliRunner.start(workerDir, "worker", "--coordinator", ready.group(3), "--threads", "2",
                    "--reconnect-for", "10s");

            try (TaskgridClient client = TaskgridClient.builder().gateways(ready.group(1))
                    .tokenFile(CliRunner.TOKEN_FILE).connect()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> client.status().workers().size() == 1);
                double expected = PiHere.estimate(2_000_000, 100_000);
                assertThat(expected).as("the seeded estimate, computed here").isCloseTo(Math.PI, within(0.01));
                assertThat(call(120, "π from the cluster", () -> Pi.estimate(client, 2_000_000, 100_000)))
                        .isEqualTo(expected);
            }

            coordinator.destroy();
            assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("the worker exits after its coordinator").isTrue();
            assertThat(CliRunner.read(workerDir.resolve("stderr"))).contains("is gone");
        } finally {
            coordinator.destroyForcibly();
            if (worker != null) {
                worker.destroyForcibly();
            }
        }
    }
}
