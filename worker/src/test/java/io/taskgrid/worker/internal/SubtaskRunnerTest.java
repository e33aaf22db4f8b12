package io.taskgrid.worker.internal;

import io.taskgrid.Task;
import io.taskgrid.cluster.JobCode;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.SubtaskSource.TaskListSource;
import io.taskgrid.internal.serialization.PayloadCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The worker's thread pool with real threads: outcomes, timeouts and release. */
class SubtaskRunnerTest {

    /** Static, so the task reaches it on the worker side without capturing it. */
    private static final java.util.concurrent.atomic.AtomicBoolean LET_GO = new java.util.concurrent.atomic.AtomicBoolean();

    private final LinkedBlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final SubtaskRunner runner = new SubtaskRunner("w-test", 1, outcomes::add);
    private final PayloadCodec codec = new PayloadCodec(getClass().getClassLoader());

    @AfterEach
    void close() {
        LET_GO.set(true);
        runner.close();
    }

    private JobRuntime tasksJob(String id, long timeoutMillis) {
        return runner.job(id, new JobCode(id, id, new TaskListSource(EncodedItems.EMPTY, false), timeoutMillis,
                java.util.List.of(), java.util.List.of()));
    }

    private byte[] task(Task<?> task) {
        return codec.encode(task, "task");
    }

    private Outcome next() throws InterruptedException {
        Outcome outcome = outcomes.poll(10, TimeUnit.SECONDS);
        assertThat(outcome).as("an outcome within 10 s").isNotNull();
        return outcome;
    }

    @Test
    void aTaskSeesItsContextAndItsResultIsEncoded() throws Exception {
        JobRuntime job = tasksJob("j", 0);
        runner.submit(job, 7, 2, task(ctx -> ctx.jobId() + "/" + ctx.subtaskIndex() + "/" + ctx.attempt() + "/" + ctx.workerId()));

        Outcome outcome = next();

        assertThat(outcome.failure()).isNull();
        assertThat(codec.decode(outcome.value())).isEqualTo("j/7/2/w-test");
    }

    @Test
    void aThrowingTaskBecomesAFailureWithItsStack() throws Exception {
        JobRuntime job = tasksJob("j", 0);
        runner.submit(job, 0, 1, task(ctx -> {
            throw new IllegalStateException("boom");
        }));

        Outcome outcome = next();

        assertThat(outcome.failure().className()).isEqualTo("java.lang.IllegalStateException");
        assertThat(outcome.failure().message()).isEqualTo("boom");
        assertThat(outcome.failure().stackTrace()).contains("SubtaskRunnerTest");
    }

    @Test
    void anAttemptOverItsTimeoutIsInterruptedAndTheThreadServesTheNextSubtask() throws Exception {
        JobRuntime job = tasksJob("j", 200);
        runner.submit(job, 0, 1, task(ctx -> {
            Thread.sleep(60_000);
            return "never";
        }));
        runner.submit(job, 1, 1, task(ctx -> Thread.currentThread().isInterrupted() ? "interrupted" : "clean"));

        assertThat(next().failure().message()).contains("ran longer than its timeout of 200 ms");
        assertThat(codec.decode(next().value())).isEqualTo("clean");
    }

    @Test
    void anAttemptThatIgnoresItsInterruptIsAbandonedAndAFreshThreadRunsTheNextSubtask() throws Exception {
        JobRuntime job = tasksJob("j", 100);
        LET_GO.set(false);
        runner.submit(job, 0, 1, task(ctx -> {
            while (!LET_GO.get()) {
                Thread.onSpinWait(); // deaf to interrupts
            }
            return "late";
        }));
        runner.submit(job, 1, 1, task(ctx -> "next"));

        Outcome stuck = next();
        assertThat(stuck.index()).isZero();
        assertThat(stuck.failure().message()).contains("ignored the interrupt").contains("abandoned");
        assertThat(stuck.retryable()).isTrue();
        Outcome afterIt = next();
        assertThat(codec.decode(afterIt.value())).isEqualTo("next");
        assertThat(runner.poolSize()).isEqualTo(2);
        assertThat(runner.running()).as("an abandoned attempt is reported failed, no longer running").isEmpty();

        LET_GO.set(true);
        assertThat(outcomes.poll(500, TimeUnit.MILLISECONDS)).as("the abandoned attempt's late outcome is dropped").isNull();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                assertThat(runner.poolSize()).as("the pool shrinks back once the thread returns").isEqualTo(1));
    }

    @Test
    void anExceptionTheJobNamesIsNotRetryableNorAreItsSubtypes() throws Exception {
        JobRuntime job = runner.job("nr", new JobCode("nr", "nr", new TaskListSource(EncodedItems.EMPTY, false), 0,
                List.of(IllegalArgumentException.class.getName()), List.of()));
        runner.submit(job, 0, 1, task(ctx -> {
            throw new NumberFormatException("not a number"); // a subtype of IllegalArgumentException
        }));
        runner.submit(job, 1, 1, task(ctx -> {
            throw new IllegalStateException("transient");
        }));

        assertThat(next().retryable()).isFalse();
        assertThat(next().retryable()).isTrue();
    }

    @Test
    void releasingAJobInterruptsItsRunningSubtaskAndDropsItsQueuedOnes() throws Exception {
        JobRuntime job = tasksJob("j", 0);
        runner.submit(job, 0, 1, task(ctx -> {
            Thread.sleep(60_000);
            return "never";
        }));
        runner.submit(job, 1, 1, task(ctx -> "queued"));
        await("subtask 0 to run").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> !runner.running().isEmpty());
        assertThat(runner.running()).extracting(Attempt::index).containsExactly(0);

        assertThat(runner.release("j")).isTrue();

        List<Outcome> two = List.of(next(), next());
        assertThat(two.get(0).failure().className()).isEqualTo(InterruptedException.class.getName());
        assertThat(two.get(1).dropped()).isTrue();
        assertThat(runner.release("j")).isFalse();
    }

    @Test
    void anAttemptThatStartsAfterItsReleaseWasDecidedBacksOutAndIsDropped() throws Exception {
        JobRuntime job = tasksJob("late", 0);
        CpuAttempt late = new CpuAttempt(job, 0, 1, null, "w-test", null, outcomes::add);
        runner.release("late"); // between the attempt's first look at its job and its start

        assertThat(job.started(late)).as("the release may have looked for it before it started").isFalse();
        assertThat(job.running()).isEmpty();
        late.run();
        assertThat(next().dropped()).isTrue();
    }
}
