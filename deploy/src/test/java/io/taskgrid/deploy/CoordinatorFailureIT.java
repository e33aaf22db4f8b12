package io.taskgrid.deploy;

import io.taskgrid.Job;
import io.taskgrid.JobHandle;
import io.taskgrid.JobState;
import io.taskgrid.Range;
import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridException;
import io.taskgrid.internal.HostAndPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import static io.taskgrid.deploy.EveryResultOnce.assertEveryResultOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Coordinators killed with SIGKILL mid-job, each process its own JVM on 127.0.0.1: a standby takes
 * over, or the coordinator is restarted on its store directory; either way the client, which
 * reconnects by itself, receives every result once.
 */
class CoordinatorFailureIT {

    private static final int SUBTASKS = 3_000;

    @TempDir
    Path directory;

    private final List<Process> processes = new ArrayList<>();

    @Test
    void aStandbyTakesOverAKilledCoordinatorAndTheJobFinishesWithEveryResultOnce() throws Exception {
        try {
            Matcher active = startCoordinator("active");
            Matcher standby = startCoordinator("standby", "--standby-of", active.group(3));
            startWorker("worker-1", active.group(3));
            startWorker("worker-2", active.group(3));

            try (TaskgridClient client = TaskgridClient.builder().gateways(active.group(1), standby.group(1))
                    .tokenFile(CliRunner.TOKEN_FILE).reconnectFor(Duration.ofSeconds(90)).connect()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> client.status().workers().size() == 2);
                String activeId = client.status().coordinatorId();
                JobHandle<Long> handle = client.submit(Job.range(0, SUBTASKS, 1, (Range r) -> {
                    Thread.sleep(3);
                    return r.from() * 5;
                }).named("survivor"));
                await().atMost(Duration.ofSeconds(60)).until(() -> handle.progress().done() >= SUBTASKS / 5);

                processes.get(0).destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL the active coordinator

                assertEveryResultOnce(handle, SUBTASKS, 5L);
                assertThat(handle.state()).isEqualTo(JobState.SUCCEEDED);
                assertThat(client.address()).isEqualTo(standby.group(1));
                assertThat(client.status().coordinatorId()).isNotEqualTo(activeId);
                await().atMost(Duration.ofSeconds(30)).until(() -> client.status().workers().size() == 2);
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void aCoordinatorThatGoesSilentIsNoticedByTheClientWhichReconnectsWhenItAnswersAgain() throws Exception {
        try {
            Matcher ready = startCoordinator("silent");
            startWorker("worker-1", ready.group(3));
            startWorker("worker-2", ready.group(3));
            try (TaskgridClient client = TaskgridClient.builder().gateways(ready.group(1)).tokenFile(CliRunner.TOKEN_FILE)
                    .reconnectFor(Duration.ofSeconds(120)).connect()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> client.status().workers().size() == 2);
                JobHandle<Long> handle = client.submit(Job.range(0, SUBTASKS, 1, (Range r) -> {
                    Thread.sleep(3);
                    return r.from() * 9;
                }).named("sleeper"));
                await().atMost(Duration.ofSeconds(60)).until(() -> handle.progress().done() >= SUBTASKS / 5);

                signal(processes.get(0), "STOP"); // alive, connections open, not a word: a hung host
                await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ofSeconds(25))
                        .until(() -> clientGaveUpOnTheConnection(client));
                signal(processes.get(0), "CONT");

                assertEveryResultOnce(handle, SUBTASKS, 9L);
                await().atMost(Duration.ofSeconds(60)).until(() -> client.status().workers().size() == 2);
                assertThat(processes.get(0).isAlive()).as("the coordinator runs on").isTrue();
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    /** Whether a status request fails because the client is reconnecting (it waits while the connection looks alive). */
    private static boolean clientGaveUpOnTheConnection(TaskgridClient client) {
        try {
            client.status();
            return false;
        } catch (TaskgridException reconnecting) {
            return reconnecting.getMessage().contains("reconnecting");
        }
    }

    private static void signal(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s %d", signal, process.pid())
                .isTrue();
    }

    private Matcher startCoordinator(String name, String... extra) throws Exception {
        return startCoordinatorOn(name, 0, 0, 0, extra);
    }

    private Matcher startCoordinatorOn(String name, int cluster, int gateway, int store, String... extra) throws Exception {
        Path dir = Files.createDirectories(directory.resolve(name));
        List<String> args = new ArrayList<>(List.of("coordinator", "--port", "" + cluster, "--gateway-port", "" + gateway,
                "--http-port", "0", "--store-port", "" + store));
        args.addAll(List.of(extra));
        Process process = CliRunner.start(dir, args.toArray(new String[0]));
        processes.add(process);
        return CliRunner.awaitReady(process, dir);
    }

    @Test
    void aCoordinatorRestartedOnItsStoreDirectoryResumesTheJobAndTheClientGetsEveryResultOnce() throws Exception {
        int cluster = HostAndPort.freePort();
        int gateway = HostAndPort.freePort();
        int store = HostAndPort.freePort();
        Path storeDir = directory.resolve("store");
        try {
            Matcher first = startCoordinatorOn("first", cluster, gateway, store, "--store-dir", storeDir.toString());
            startWorker("worker-1", first.group(3));
            try (TaskgridClient client = TaskgridClient.builder().gateways(first.group(1))
                    .tokenFile(CliRunner.TOKEN_FILE).reconnectFor(Duration.ofSeconds(120)).connect()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> client.status().workers().size() == 1);
                JobHandle<Long> handle = client.submit(Job.range(0, SUBTASKS, 1, (Range r) -> {
                    Thread.sleep(3);
                    return r.from() * 7;
                }).named("phoenix"));
                await().atMost(Duration.ofSeconds(60)).until(() -> handle.progress().done() >= SUBTASKS / 4);
                await("the store directory holds job " + handle.id() + " and outcomes of it (written behind the store)")
                        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> onDisk(storeDir, handle.id()));

                processes.get(0).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                Matcher second = startCoordinatorOn("second", cluster, gateway, store, "--store-dir", storeDir.toString());
                startWorker("worker-2", second.group(3));

                assertEveryResultOnce(handle, SUBTASKS, 7L);
                assertThat(CliRunner.read(directory.resolve("second").resolve("stderr")))
                        .as("the job resumed with the outcomes on record").containsPattern("Job \\S+ \\(phoenix\\) resumed: [1-9]");
                await("the first worker joins the restarted coordinator again").atMost(Duration.ofSeconds(60))
                        .until(() -> client.status().workers().size() == 2);
                assertThat(processes.get(1).isAlive()).as("the first worker's process").isTrue();
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    /**
     * Whether the store directory holds the job's spec and at least one batch of its outcomes, so
     * that a coordinator restarted on it resumes the job with some outcomes on record. The store
     * keeps each map in a directory of its own, one file per entry named by the entry's key in hex
     * (FileMapStore): the spec's key is the job's id, an outcome batch's is the job's id, '/', a number.
     */
    private static boolean onDisk(Path storeDir, String jobId) throws IOException {
        return keys(storeDir.resolve("jobs")).contains(jobId)
                && keys(storeDir.resolve("outcomes")).stream().anyMatch(key -> key.startsWith(jobId + "/"));
    }

    private static List<String> keys(Path map) throws IOException {
        if (!Files.isDirectory(map)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(map)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> !name.endsWith(".tmp"))
                    .map(name -> new String(HexFormat.of().parseHex(name), StandardCharsets.UTF_8)).toList();
        }
    }

    private void startWorker(String name, String cluster) throws Exception {
        Path dir = Files.createDirectory(directory.resolve(name));
        processes.add(CliRunner.start(dir, "worker", "--coordinator", cluster, "--threads", "1"));
    }
}
