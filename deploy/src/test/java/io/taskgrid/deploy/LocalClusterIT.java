package io.taskgrid.deploy;

import io.taskgrid.ClusterStatus;
import io.taskgrid.Job;
import io.taskgrid.JobFailedException;
import io.taskgrid.JobHandle;
import io.taskgrid.JobState;
import io.taskgrid.Range;
import io.taskgrid.RemoteTaskException;
import io.taskgrid.SerializableCallable;
import io.taskgrid.SubtaskResult;
import io.taskgrid.Task;
import io.taskgrid.TaskContext;
import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridExecutorService;
import io.taskgrid.examples.Primes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.taskgrid.testing.Waits.call;
import static io.taskgrid.testing.Waits.get;
import static io.taskgrid.testing.Waits.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Real worker JVMs, a real coordinator, real sockets on 127.0.0.1: the user's view. */
class LocalClusterIT {

    /** The shared cluster's workers: no test adds or removes one, so each test may count on them in any order. */
    private static final int WORKERS = 2;

    @RegisterExtension
    static final SharedCluster shared = new SharedCluster(WORKERS, 1);

    @Test
    void tenThousandSubtasksGiveEveryResultInOrder() {
        List<Integer> inputs = IntStream.range(0, 10_000).boxed().collect(Collectors.toList());

        List<Integer> squares = join(shared.client().submit(Job.map((Integer x) -> x * x, inputs)).results(), 120,
                "the results of 10,000 squares");

        assertThat(squares).hasSize(10_000);
        for (int i = 0; i < squares.size(); i++) {
            assertThat(squares.get(i)).isEqualTo(i * i);
        }
    }

    @Test
    void workerLogsHoldNoWarningOfTheLoggingSetup() throws Exception {
        join(shared.client().submit(Job.range(0, 10, 1, (Range r) -> r.from())).results(), 60,
                "a job of 10 subtasks");

        for (WorkerProcess worker : shared.cluster().workerProcesses()) {
            // SLF4J warns on stderr (the worker's log) when a thread logs while another still sets it up
            assertThat(Files.readString(worker.log())).as("the log of worker %d", worker.number()).doesNotContain("SLF4J");
        }
    }

    @Test
    void primesBelowTenMillionAre664579() throws Exception {
        assertThat(call(180, "the count of the primes below 10,000,000",
                () -> Primes.count(shared.client(), 10_000_000, 100_000))).isEqualTo(664_579);
    }

    @Test
    void bothWorkersShareTheWork() {
        Job<Long> job = Job.range(0, 200, 1, (Range r) -> {
            Thread.sleep(5);
            return r.from();
        });
        Set<String> workers = shared.client().submit(job).asCompleted().map(SubtaskResult::workerId)
                .collect(Collectors.toSet());

        assertThat(workers).as("the workers that ran subtasks").hasSize(WORKERS);
    }

    @Test
    void aThrowingSubtaskReachesTheClientWithTheRemoteClassMessageAndStack() {
        List<Task<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            tasks.add(context -> 10 / (n - 3));
        }
        JobHandle<Integer> handle = shared.client().submit(Job.of(tasks).named("divide"));

        assertThatThrownBy(() -> join(handle.results(), 60, "the divide job's end"))
                .hasCauseInstanceOf(JobFailedException.class);
        JobFailedException failed = (JobFailedException) join(handle.results().handle((r, e) -> e), 1,
                "the divide job's failure");
        RemoteTaskException error = failed.failures().get(0);
        assertThat(error.subtaskIndex()).isEqualTo(3);
        assertThat(error.remoteClassName()).isEqualTo("java.lang.ArithmeticException");
        assertThat(error.remoteMessage()).isEqualTo("/ by zero");
        assertThat(error.remoteStackTrace()).contains("LocalClusterIT");
        assertThat(error.getStackTrace()[0].getClassName()).startsWith(LocalClusterIT.class.getName());
        assertThat(handle.state()).isEqualTo(JobState.FAILED);
        assertThat(join(handle.result(4), 1, "subtask 4's result")).isEqualTo(10);
    }

    @Test
    void failedSubtasksAreRetriedUpToTheJobsLimit() {
        Job<Integer> job = Job.range(0, 4, 1, (Range r) -> {
            throw new IllegalStateException("always fails: chunk " + r.from());
        });
        JobHandle<Integer> handle = shared.client().submit(job.withMaxRetries(2));

        join(handle.completion(), 60, "the end of a job of failing subtasks");
        List<SubtaskResult<Integer>> outcomes = handle.asCompleted().collect(Collectors.toList());
        assertThat(outcomes).hasSize(4).allSatisfy(outcome -> assertThat(outcome.failure().attempts()).isEqualTo(3));
    }

    @Test
    void aSubtaskOverItsTimeoutIsInterrupted() {
        Job<String> job = Job.range(0, 2, 1, (Range r) -> {
            if (r.from() == 1) {
                Thread.sleep(60_000);
            }
            return "done";
        }).withSubtaskTimeout(Duration.ofMillis(300));
        JobHandle<String> handle = shared.client().submit(job);

        join(handle.completion(), 30, "the end of the job with a subtask over its timeout");
        assertThat(join(handle.result(0), 1, "subtask 0's result")).isEqualTo("done");
        assertThatThrownBy(() -> join(handle.result(1), 1, "subtask 1's failure"))
                .hasMessageContaining("ran longer than its timeout of 300 ms");
    }

    @Test
    void aCancelledJobOfAHundredThousandSubtasksEndsAtOnceAndTheWorkersAreFreeForTheNext() {
        Job<Long> big = Job.range(0, 100_000, 1, (Range r) -> {
            Thread.sleep(1);
            return r.from();
        });
        JobHandle<Long> handle = shared.client().submit(big);
        await().atMost(Duration.ofSeconds(30)).until(() -> handle.progress().done() > 100);

        assertThat(handle.cancel()).isTrue();

        assertThat(join(handle.completion(), 10, "the cancelled job's end")).isEqualTo(JobState.CANCELLED);
        assertThatThrownBy(() -> join(handle.results(), 1, "the cancelled job's results"))
                .isInstanceOf(CancellationException.class);
        assertThat(join(shared.client().submit(Job.range(0, 10, 1, Range::size)).results(), 10,
                "the results of the next job")).hasSize(10);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(shared.client().status().workers()).allSatisfy(w -> assertThat(w.running()).isZero()));
    }

    @Test
    void aJobIsCancelledByIdFromAnotherClient() {
        JobHandle<Long> handle = shared.client().submit(Job.range(0, 10_000, 1, (Range r) -> {
            Thread.sleep(5);
            return r.from();
        }));
        try (TaskgridClient other = shared.cluster().connect()) {
            other.cancel(handle.id());
            assertThatThrownBy(() -> other.cancel("no-such-job")).hasMessageContaining("no running job no-such-job");
        }
        assertThat(join(handle.completion(), 10, "the end of the job cancelled by id"))
                .isEqualTo(JobState.CANCELLED);
    }

    @Test
    void anExceptionTheJobNamesIsNotRetriedAndOthersAreRetriedAfterABackoff() {
        Job<Long> job = Job.<Long>range(0, 2, 1, (Range r) -> {
            if (r.from() == 0) {
                throw new IllegalArgumentException("bad input " + r.from());
            }
            throw new IllegalStateException("flaky " + r.from());
        }).withMaxRetries(2).withRetryBackoff(Duration.ofMillis(100)).withNoRetryOn(IllegalArgumentException.class);
        JobHandle<Long> handle = shared.client().submit(job);

        join(handle.completion(), 30, "the end of the job that fails twice over");
        assertThatThrownBy(() -> join(handle.result(0), 1, "subtask 0's failure")).hasMessageContaining("bad input")
                .cause().satisfies(e -> assertThat(((RemoteTaskException) e).attempts()).isEqualTo(1));
        assertThatThrownBy(() -> join(handle.result(1), 1, "subtask 1's failure"))
                .cause().satisfies(e -> assertThat(((RemoteTaskException) e).attempts()).isEqualTo(3));
    }

    @Test
    void aFailFastJobEndsAtItsFirstFailureWithTheRestCancelled() {
        Job<Long> job = Job.range(0, 1_000, 1, (Range r) -> {
            if (r.from() == 3) {
                throw new IllegalStateException("broken chunk");
            }
            Thread.sleep(20);
            return r.from();
        }).failFast();
        JobHandle<Long> handle = shared.client().submit(job);

        assertThat(join(handle.completion(), 30, "the fail-fast job's end")).isEqualTo(JobState.FAILED);
        assertThat(handle.progress().done()).as("most subtasks never ran").isLessThan(500);
        assertThatThrownBy(() -> join(handle.results(), 1, "the fail-fast job's results")).cause()
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("broken chunk");
    }

    @Test
    void aJobPastItsDeadlineFailsAndSaysSo() {
        Job<Long> job = Job.range(0, 1_000, 1, (Range r) -> {
            Thread.sleep(50);
            return r.from();
        }).withDeadline(Duration.ofSeconds(1));
        JobHandle<Long> handle = shared.client().submit(job);

        assertThat(join(handle.completion(), 30, "the end of the job past its deadline")).isEqualTo(JobState.FAILED);
        assertThat(handle.progress().done()).isLessThan(1_000);
        assertThatThrownBy(() -> join(handle.results(), 1, "the results of the job past its deadline"))
                .hasMessageContaining("deadline of 1000 ms passed");
    }

    @Test
    void runningSubtasksReportProgressAndSeeCancellation() {
        Job<Boolean> job = Job.range(0, 1, 1, (Range r) -> {
            TaskContext context = TaskContext.current();
            context.reportProgress(0.5);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!context.isCancelled() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return context.isCancelled();
                }
            }
            return context.isCancelled();
        });
        JobHandle<Boolean> handle = shared.client().submit(job);

        await().atMost(Duration.ofSeconds(20)).until(() -> handle.progress().partial() >= 0.5);
        assertThat(handle.progress().running()).isEqualTo(1);
        assertThat(handle.progress().fraction()).isEqualTo(0.5);
        handle.cancel();
        assertThat(join(handle.completion(), 10, "the cancelled job's end")).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void theExecutorServiceRunsInvokeAllOfAThousandCallables() throws Exception {
        TaskgridExecutorService executor = shared.client().executor();
        List<SerializableCallable<Integer>> callables = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            int n = i;
            callables.add(() -> n + 1);
        }

        List<Future<Integer>> futures = call(120, "invokeAll of a thousand callables", () -> executor.invokeAll(callables));

        assertThat(futures).hasSize(1_000);
        for (int i = 0; i < futures.size(); i++) {
            assertThat(get(futures.get(i), 60, "callable " + i + "'s result")).isEqualTo(i + 1);
        }
        assertThat(get(executor.submit(() -> "one"), 10, "the result of a single submit")).isEqualTo("one");
        assertThat(call(60, "invokeAny of two callables", () -> executor.invokeAny(List.<SerializableCallable<Integer>>of(
                () -> { throw new IllegalStateException("no"); }, () -> 7)))).isEqualTo(7);
        Future<Object> failing = executor.submit((SerializableCallable<Object>) () -> { throw new IllegalStateException("bad"); });
        assertThatThrownBy(() -> get(failing, 10, "the failing task's outcome")).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("bad");
        executor.shutdown();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void manySeparateSubmitsEachGetTheirOwnOutcome() throws Exception {
        TaskgridExecutorService executor = shared.client().executor();
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) { // faster than jobs can be sent: they share jobs
            int n = i;
            futures.add(executor.submit(() -> {
                if (n % 1_000 == 7) {
                    throw new IllegalStateException("task " + n + " fails");
                }
                return 2 * n;
            }));
        }

        for (int i = 0; i < futures.size(); i++) {
            if (i % 1_000 == 7) {
                int n = i;
                assertThatThrownBy(() -> get(futures.get(n), 60, "task " + n + "'s failure"))
                        .isInstanceOf(ExecutionException.class)
                        .hasMessageContaining("task " + i + " fails");
            } else {
                assertThat(get(futures.get(i), 60, "task " + i + "'s result")).isEqualTo(2 * i);
            }
        }
        Future<Object> sleeping = executor.submit(() -> {
            Thread.sleep(120_000);
            return null;
        });
        assertThat(sleeping.cancel(true)).isTrue();
        executor.shutdown();
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).as("the cancelled task's job ended").isTrue();
    }

    @Test
    void statusListsTheWorkersAndTheJobs() {
        join(shared.client().submit(Job.range(0, 3, 1, Range::size).named("status-probe")).results(), 60,
                "the status-probe job's results");

        ClusterStatus status = shared.client().status();

        assertThat(status.workers()).hasSize(WORKERS)
                .allSatisfy(worker -> assertThat(worker.pid()).isPositive());
        assertThat(status.jobs()).anySatisfy(job -> {
            assertThat(job.name()).isEqualTo("status-probe");
            assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        });
    }

    /** On a cluster of its own, which it grows: the shared one keeps its {@link #WORKERS}. */
    @Test
    void aWorkerStartedMidJobReceivesSubtasks() {
        try (LocalCluster cluster = LocalCluster.start(1, 1); TaskgridClient client = cluster.connect()) {
            Job<String> job = Job.range(0, 6_000, 1, (Range r) -> {
                Thread.sleep(20);
                return "slept";
            });
            JobHandle<String> handle = client.submit(job);
            await().atMost(Duration.ofSeconds(30)).until(() -> handle.progress().done() > 0);
            String newest = "worker-" + (cluster.status().workers().size() + 1);

            cluster.startWorker();

            boolean newestTookPart = handle.asCompleted().anyMatch(result -> newest.equals(result.workerId()));
            handle.cancel();
            assertThat(newestTookPart).as("a result from " + newest + " in " + cluster.status()).isTrue();
        }
    }

    /** A program that starts a local cluster of its own, as a user's would, says nothing on stderr beyond INFO lines. */
    @Test
    void aProgramThatStartsALocalClusterPrintsNoWarning(@TempDir Path directory) throws Exception {
        Path printed = directory.resolve("output");
        Process program = new ProcessBuilder(CliRunner.javaCommand(StartRunAndClose.class.getName()))
                .redirectErrorStream(true).redirectOutput(printed.toFile()).start();
        boolean ended = program.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            program.destroyForcibly();
        }
        String output = Files.readString(printed);

        assertThat(ended).as("the program ended within 120 s; it printed:%n%s", output).isTrue();
        assertThat(program.exitValue()).as(output).isZero();
        assertThat(output).contains("[0, 1, 2, 3]").doesNotContain("SLF4J", " WARN ", " ERROR ");
    }

    /** Starts a one-worker local cluster, runs a job, prints its results and closes the cluster. */
    public static final class StartRunAndClose {
        public static void main(String[] args) {
            try (LocalCluster cluster = LocalCluster.start(1, 1); TaskgridClient client = cluster.connect()) {
                System.out.println(client.submit(Job.range(0, 4, 1, (Range r) -> r.from())).results().join());
            }
        }
    }
}
