package io.taskgrid.deploy;

import io.taskgrid.Job;
import io.taskgrid.JobHandle;
import io.taskgrid.JobState;
import io.taskgrid.Range;
import io.taskgrid.SubtaskResult;
import io.taskgrid.TaskgridClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An active coordinator, a standby, two workers and a client, each its own JVM on 127.0.0.1. The
 * active coordinator is killed with SIGKILL mid-job; the standby takes over, the workers and the
 * client follow it, and the client receives every result once.
 */
class CoordinatorFailoverIT {

    private static final Pattern READY = Pattern.compile("ready: gateway=(\\S+) http=(\\S+) cluster=(\\S+)");
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

                List<SubtaskResult<Long>> outcomes = handle.asCompleted().collect(Collectors.toList());
                assertThat(outcomes).as("every subtask once").hasSize(SUBTASKS).allMatch(SubtaskResult::succeeded);
                assertThat(outcomes.stream().map(SubtaskResult::index).distinct().count()).isEqualTo(SUBTASKS);
                List<Long> results = handle.results().orTimeout(30, TimeUnit.SECONDS).join();
                for (int i = 0; i < SUBTASKS; i++) {
                    assertThat(results.get(i)).isEqualTo(5L * i);
                }
                assertThat(handle.state()).isEqualTo(JobState.SUCCEEDED);
                assertThat(client.address()).isEqualTo(standby.group(1));
                assertThat(client.status().coordinatorId()).isNotEqualTo(activeId);
                await().atMost(Duration.ofSeconds(30)).until(() -> client.status().workers().size() == 2);
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    private Matcher startCoordinator(String name, String... extra) throws Exception {
        Path dir = Files.createDirectory(directory.resolve(name));
        List<String> args = new ArrayList<>(List.of("coordinator", "--port", "0", "--gateway-port", "0",
                "--http-port", "0", "--store-port", "0"));
        args.addAll(List.of(extra));
        Process process = CliRunner.start(dir, args.toArray(new String[0]));
        processes.add(process);
        Matcher[] found = new Matcher[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited: " + CliRunner.read(dir.resolve("stderr")));
            }
            found[0] = READY.matcher(CliRunner.read(dir.resolve("stdout")));
            return found[0].find();
        });
        return found[0];
    }

    private void startWorker(String name, String cluster) throws Exception {
        Path dir = Files.createDirectory(directory.resolve(name));
        processes.add(CliRunner.start(dir, "worker", "--coordinator", cluster, "--threads", "1"));
    }
}
