package io.taskgrid.deploy;

import io.taskgrid.AsyncTask;
import io.taskgrid.Job;
import io.taskgrid.JobState;
import io.taskgrid.Range;
import io.taskgrid.TaskFunction;
import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridException;
import io.taskgrid.coordinator.CoordinatorNode;
import io.taskgrid.coordinator.CoordinatorSettings;
import io.taskgrid.internal.Secrets;
import io.taskgrid.worker.WorkerNode;
import io.taskgrid.worker.WorkerSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * What the JVM that writes the {@link ClassDataArchive} runs, so that the archive holds what a
 * coordinator, a worker and a client load: all three in this JVM, each kind of job once (CPU
 * subtasks, mapped inputs, async subtasks, a subtask that throws, a single task through the
 * {@code ExecutorService}), a status request, then a clean stop.
 */
public final class ClassDataTraining {

    /** The hidden option of {@code taskgrid prepare} that runs this instead of writing an archive. */
    public static final String OPTION = "--training-run";

    private ClassDataTraining() {
    }

    /** Runs the training; throws if any of it does not work as it should. */
    public static void run() throws Exception {
        String token = Secrets.newToken();
        Path cache = Files.createTempDirectory("taskgrid-prepare-cache-");
        try (CoordinatorNode coordinator = CoordinatorNode.start(CoordinatorSettings.ephemeral().withPorts(0, 0, 0)
                .withToken(token));
             WorkerNode worker = WorkerNode.start(new WorkerSettings(coordinator.clusterAddress(), "127.0.0.1", 0, 1,
                     token, null, Duration.ofSeconds(5), WorkerSettings.DEFAULT_ASYNC_SLOTS, cache,
                     WorkerSettings.DEFAULT_RECONNECT_FOR));
             TaskgridClient client = TaskgridClient.builder().gateways(coordinator.gatewayAddress().toString())
                     .token(token).connect()) {
            worker.awaitRegistered(Duration.ofSeconds(60));
            runEveryKindOfJob(client);
        } finally {
            try (Stream<Path> files = Files.walk(cache)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void runEveryKindOfJob(TaskgridClient client) throws Exception {
        expect(client.submit(Job.range(0, 1000, 10, (Range r) -> r.to() - r.from())).results().join().size() == 100,
                "range job");
        TaskFunction<String, Integer> length = String::length;
        expect(client.submit(Job.map(length, List.of("a", "bb", "ccc"))).results().join().equals(List.of(1, 2, 3)),
                "map job");
        AsyncTask<String> async = context -> CompletableFuture.completedFuture("async");
        expect(client.submit(Job.ofAsync(List.of(async, async))).results().join().size() == 2, "async job");
        TaskFunction<Integer, Integer> failing = input -> {
            throw new IllegalStateException("the training's deliberate failure");
        };
        expect(client.submit(Job.map(failing, List.of(1)).withMaxRetries(0)).completion().join() == JobState.FAILED, "failing job");
        expect(client.executor().submit((Callable<Integer> & java.io.Serializable) () -> 7).get() == 7,
                "executor task");
        expect(client.status().workers().size() == 1, "status");
    }

    private static void expect(boolean condition, String what) {
        if (!condition) {
            throw new TaskgridException("the class-data training's " + what + " did not give the expected result");
        }
    }
}
