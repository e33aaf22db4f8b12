package io.taskgrid.worker.internal;

import io.taskgrid.AsyncTask;
import io.taskgrid.cluster.JobCode;
import io.taskgrid.internal.protocol.ArtifactRef;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.SubtaskSource.MapSource;
import io.taskgrid.internal.protocol.SubtaskSource.TaskListSource;
import io.taskgrid.internal.serialization.PayloadCodec;
import io.taskgrid.testing.TestJars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Async subtasks on the runner's event loop, and jobs whose code comes from shipped jars. */
class AsyncAndShippedCodeTest {

    private final LinkedBlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final SubtaskRunner runner = new SubtaskRunner("w-test", 1, outcomes::add);
    private final PayloadCodec codec = new PayloadCodec(getClass().getClassLoader());

    @TempDir
    Path directory;

    @AfterEach
    void close() {
        runner.close();
    }

    private JobRuntime asyncJob(String id, long timeoutMillis) {
        return runner.job(id, new JobCode(id, id, new TaskListSource(EncodedItems.EMPTY, true), timeoutMillis, List.of(),
                List.of()));
    }

    private static AsyncTask<String> never() {
        return ctx -> new CompletableFuture<>();
    }

    private byte[] task(AsyncTask<?> task) {
        return codec.encode(task, "task");
    }

    private Outcome next() throws InterruptedException {
        Outcome outcome = outcomes.poll(10, TimeUnit.SECONDS);
        assertThat(outcome).as("an outcome within 10 s").isNotNull();
        return outcome;
    }

    /** Opened by the test once every subtask waits on it; static, so tasks reach it without capturing it. */
    private static final CompletableFuture<Integer> GATE = new CompletableFuture<>();

    @Test
    void manyAsyncSubtasksWaitAtOnceWithoutAThreadEach() throws Exception {
        JobRuntime job = asyncJob("io", 0);
        for (int i = 0; i < 500; i++) {
            int value = i;
            runner.submit(job, i, 1, task(ctx -> GATE.thenApply(base -> base + value)));
        }
        await("all 500 in flight at once, on a worker of 1 CPU thread").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10)).until(() -> runner.running().size() == 500);
        assertThat(runner.poolSize()).isEqualTo(1);

        GATE.complete(1000);
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Outcome outcome = next();
            assertThat(outcome.failure()).isNull();
            values.add((Integer) codec.decode(outcome.value()));
        }
        assertThat(values).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(1000, 1500).boxed().toList());
    }

    @Test
    void computeRunsOnTheCpuPoolAndBlockingOnItsOwnThreads() throws Exception {
        JobRuntime job = asyncJob("mixed", 0);
        runner.submit(job, 0, 1, task(ctx -> ctx.compute(() -> Thread.currentThread().getName())
                .thenCompose(cpu -> ctx.blocking(() -> cpu + " then " + Thread.currentThread().getName()))));

        assertThat((String) codec.decode(next().value())).matches("taskgrid-task-\\d+ then taskgrid-blocking-.*");
    }

    @Test
    void anAsyncFailureAThrowAtStartAndATimeoutAreFailedAttempts() throws Exception {
        JobRuntime job = asyncJob("bad", 200);
        runner.submit(job, 0, 1, task(ctx -> CompletableFuture.failedFuture(new IllegalStateException("no luck"))));
        runner.submit(job, 1, 1, task(ctx -> {
            throw new IllegalArgumentException("bad input");
        }));
        runner.submit(job, 2, 1, task(never()));

        Map<Integer, String> failures = new java.util.TreeMap<>();
        for (int i = 0; i < 3; i++) {
            Outcome outcome = next();
            failures.put(outcome.index(), outcome.failure().className() + ": " + outcome.failure().message());
        }

        assertThat(failures.get(0)).isEqualTo("java.lang.IllegalStateException: no luck");
        assertThat(failures.get(1)).isEqualTo("java.lang.IllegalArgumentException: bad input");
        assertThat(failures.get(2)).startsWith("java.util.concurrent.TimeoutException: async subtask 2 of job bad "
                + "did not complete within its timeout of 200 ms");
    }

    @Test
    void releasingAJobDropsItsAsyncSubtasksInFlight() throws Exception {
        JobRuntime job = asyncJob("gone", 0);
        runner.submit(job, 0, 1, task(never()));
        await("the subtask to run").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> !runner.running().isEmpty());

        assertThat(runner.release("gone")).isTrue();

        assertThat(next().dropped()).isTrue();
        assertThat(runner.running()).isEmpty();
    }

    @Test
    void shippedCodeLoadsInALoaderPerVersionAndFinishedJobsLeaveAtMostTheRecentIdleOnes() throws Exception {
        Path jar = TestJars.compile(directory.resolve("app.jar"), Map.of("com.acme.Twice", """
                package com.acme;
                public class Twice implements io.taskgrid.TaskFunction<Integer, Integer> {
                    public Integer apply(Integer x) { return 2 * x; }
                }
                """));
        byte[] function;
        try (URLClassLoader client = new URLClassLoader(new URL[]{jar.toUri().toURL()}, getClass().getClassLoader())) {
            Object twice = client.loadClass("com.acme.Twice").getDeclaredConstructor().newInstance();
            function = new PayloadCodec(client).encode(twice, "function");
        }
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String id = "shipped-" + i;
            String version = String.format("%064x", i); // a hundred versions of the code, as far as the worker knows
            JobRuntime job = runner.job(id, new JobCode(id, id, new MapSource(function, EncodedItems.EMPTY, false), 0, List.of(),
                    List.of(new ArtifactRef(version, "app.jar", 1))));
            assertThat(job.startFetchingCode()).isTrue();
            runner.submit(job, 0, 1, codec.encode(i, "input"));
            runner.codeArrived(job, List.of(jar), null);

            Outcome outcome = next();
            assertThat(outcome.failure()).as("job %s", id).isNull();
            assertThat(codec.decode(outcome.value())).isEqualTo(2 * i);
            assertThat(job.classLoader()).isInstanceOf(JobClassLoader.class);
            loaders.add(new WeakReference<>(job.classLoader()));
            runner.release(id);
        }

        assertThat(loaders.stream().map(WeakReference::get).distinct().count()).as("one loader per version").isEqualTo(100);
        assertThat(runner.openLoaders()).isEqualTo(CodeLoaders.IDLE_KEPT);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            System.gc();
            assertThat(loaders.stream().filter(ref -> ref.get() != null).count())
                    .as("class loaders still reachable after 100 jobs of 100 versions ended")
                    .isLessThanOrEqualTo(CodeLoaders.IDLE_KEPT);
        });
    }

    @Test
    void jobsOfTheSameCodeShareItsLoaderAndJobsOfOtherCodeDoNot() {
        JobRuntime first = shippingJob("a-1", "aa");
        JobRuntime second = shippingJob("a-2", "aa");
        JobRuntime other = shippingJob("b-1", "bb");

        assertThat(second.classLoader()).isSameAs(first.classLoader());
        assertThat(other.classLoader()).isNotSameAs(first.classLoader());
        runner.release("a-1");
        runner.release("a-2");
        JobRuntime later = shippingJob("a-3", "aa");
        assertThat(later.classLoader()).as("kept idle for the next job of that code").isSameAs(first.classLoader());
    }

    private JobRuntime shippingJob(String id, String hashDigits) {
        JobRuntime job = runner.job(id, new JobCode(id, id, new MapSource(new byte[0], EncodedItems.EMPTY, false), 0, List.of(),
                List.of(new ArtifactRef(hashDigits.repeat(32), "app.jar", 1))));
        job.startFetchingCode();
        runner.codeArrived(job, List.of(directory), null);
        return job;
    }

    @Test
    void aJobWhoseCodeCannotBeFetchedFailsItsSubtasksSayingWhy() throws Exception {
        JobRuntime job = runner.job("nocode", new JobCode("nocode", "nocode", new MapSource(new byte[0], EncodedItems.EMPTY, false), 0,
                List.of(), List.of(new ArtifactRef("cd".repeat(32), "lib.jar", 1))));
        job.startFetchingCode();
        runner.submit(job, 0, 1, codec.encode(1, "input"));
        runner.codeArrived(job, null, "this worker could not fetch the job's code: no such artifact");
        runner.submit(job, 1, 1, codec.encode(2, "input"));

        assertThat(next().failure().message()).contains("could not fetch the job's code: no such artifact");
        assertThat(next().failure().message()).contains("could not fetch the job's code");
    }

}
