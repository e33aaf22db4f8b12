package io.taskgrid.deploy;

import io.taskgrid.ClusterStatus;
import io.taskgrid.Job;
import io.taskgrid.JobHandle;
import io.taskgrid.Range;
import io.taskgrid.TaskgridClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import static io.taskgrid.deploy.EveryResultOnce.assertEveryResultOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Workers come and go, the coordinator stays: workers SIGKILLed one after another and all at
 * once, with a coordinator and workers started from the command line as a user starts them, so
 * that their loss is found by the failure detector (a {@link LocalCluster} removes a worker as
 * soon as its process exits, which would hide it). Each job ends with the exact answer, every
 * result reaches the client once, and the coordinator never leaves the cluster.
 */
class WorkerLossIT {

    @TempDir
    Path directory;

    private final List<Process> processes = new ArrayList<>();
    private Process coordinator;
    private Path coordinatorDir;
    private int workersStarted;

    @AfterEach
    void stopEverything() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void aWorkerKilledEverySecondThirtyTimesLosesNothingAndTheCoordinatorStays() throws Exception {
        Matcher ready = startCoordinator();
        List<Process> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(startWorker(ready.group(3)));
        }
        try (TaskgridClient client = connect(ready)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> client.status().workers().size() == 3);
            String coordinatorId = client.status().coordinatorId();
            JobHandle<Long> handle = client.submit(Job.range(0, 20_000, 1, (Range r) -> {
                Thread.sleep(1);
                return r.from() * 3;
            }).named("churn"));
            await().atMost(Duration.ofSeconds(60)).until(() -> handle.progress().done() >= 500);

            for (int kill = 0; kill < 30; kill++) {
                Process victim = registeredOrOldest(client.status(), workers);
                victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                workers.remove(victim);
                workers.add(startWorker(ready.group(3)));
                Thread.sleep(1_000);
            }

            assertEveryResultOnce(handle, 20_000, 3);
            assertThat(coordinator.isAlive()).as("the coordinator process runs on").isTrue();
            assertThat(client.status().coordinatorId()).as("the same coordinator").isEqualTo(coordinatorId);
            assertThat(CliRunner.read(coordinatorDir.resolve("stderr"))).doesNotContain("leaves the cluster",
                    "coordinator stopped");
        }
    }

    @Test
    void everyWorkerKilledAtOnceLeavesTheCoordinatorUpAndWorkersStartedLaterFinishTheJob() throws Exception {
        Matcher ready = startCoordinator();
        List<Process> workers = List.of(startWorker(ready.group(3)), startWorker(ready.group(3)));
        try (TaskgridClient client = connect(ready)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> client.status().workers().size() == 2);
            JobHandle<Long> handle = client.submit(Job.range(0, 3_000, 1, (Range r) -> {
                Thread.sleep(3);
                return r.from() * 7;
            }).named("orphaned"));
            await().atMost(Duration.ofSeconds(60)).until(() -> handle.progress().done() >= 600);

            for (Process worker : workers) {
                worker.destroyForcibly();
            }
            long killedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> client.status().workers().isEmpty());
            assertThat(handle.progress().done()).as("the job waits for workers").isLessThan(3_000);
            Thread.sleep(Math.max(0, Duration.ofSeconds(20).toMillis() - (System.nanoTime() - killedAt) / 1_000_000));
            assertThat(coordinator.isAlive()).as("the coordinator outlived all its workers").isTrue();

            startWorker(ready.group(3));
            startWorker(ready.group(3));
            assertEveryResultOnce(handle, 3_000, 7);
        }
    }

    /** A worker the coordinator has registered, if any is; else the one started first. */
    private static Process registeredOrOldest(ClusterStatus status, List<Process> workers) {
        for (Process worker : workers) {
            if (status.workers().stream().anyMatch(registered -> registered.pid() == worker.pid())) {
                return worker;
            }
        }
        return workers.get(0);
    }

    private Matcher startCoordinator() throws Exception {
        coordinatorDir = Files.createDirectories(directory.resolve("coordinator"));
        coordinator = CliRunner.start(coordinatorDir, "coordinator", "--port", "0", "--gateway-port", "0",
                "--http-port", "0", "--store-port", "0");
        processes.add(coordinator);
        return CliRunner.awaitReady(coordinator, coordinatorDir);
    }

    private Process startWorker(String cluster) throws Exception {
        Path dir = Files.createDirectories(directory.resolve("worker-" + ++workersStarted));
        Process worker = CliRunner.start(dir, "worker", "--coordinator", cluster, "--threads", "1");
        processes.add(worker);
        return worker;
    }

    private static TaskgridClient connect(Matcher ready) {
        return TaskgridClient.builder().gateways(ready.group(1)).tokenFile(CliRunner.TOKEN_FILE).connect();
    }
}
