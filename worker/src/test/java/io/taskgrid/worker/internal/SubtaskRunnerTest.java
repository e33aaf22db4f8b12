package io.taskgrid.worker.internal;

import io.taskgrid.Task;
import io.taskgrid.cluster.JobCode;
import io.taskgrid.internal.serialization.PayloadCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker's thread pool with real threads: outcomes, timeouts and release. */
class SubtaskRunnerTest {

    private final LinkedBlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final SubtaskRunner runner = new SubtaskRunner("w-test", 1, outcomes::add);
    private final PayloadCodec codec = new PayloadCodec(getClass().getClassLoader());

    @AfterEach
    void close() {
        runner.close();
    }

    private JobRuntime tasksJob(String id, long timeoutMillis) {
        return runner.job(id, new JobCode(id, id, JobCode.Kind.TASKS, new byte[0], 0, 0, 0, timeoutMillis));
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
    void releasingAJobInterruptsItsRunningSubtaskAndDropsItsQueuedOnes() throws Exception {
        JobRuntime job = tasksJob("j", 0);
        runner.submit(job, 0, 1, task(ctx -> {
            Thread.sleep(60_000);
            return "never";
        }));
        runner.submit(job, 1, 1, task(ctx -> "queued"));
        while (runner.running().isEmpty()) {
            Thread.sleep(5);
        }

        assertThat(runner.release("j")).isTrue();

        List<Outcome> two = List.of(next(), next());
        assertThat(two.get(0).failure().className()).isEqualTo(InterruptedException.class.getName());
        assertThat(two.get(1).dropped()).isTrue();
        assertThat(runner.release("j")).isFalse();
    }
}
