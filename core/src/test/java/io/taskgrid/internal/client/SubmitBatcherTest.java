package io.taskgrid.internal.client;

import io.taskgrid.ClusterStatus;
import io.taskgrid.Job;
import io.taskgrid.JobHandle;
import io.taskgrid.JobState;
import io.taskgrid.Progress;
import io.taskgrid.SubtaskResult;
import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridException;
import io.taskgrid.TaskgridExecutorService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;

import static io.taskgrid.testing.Waits.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The batching of separate submits, against a client that records the jobs instead of sending them. */
class SubmitBatcherTest {

    private final RecordingClient client = new RecordingClient();
    private final List<JobHandle<?>> sent = new CopyOnWriteArrayList<>();
    private final SubmitBatcher batcher = new SubmitBatcher(client, sent::add);

    @Test
    void tasksQueuedWhileAJobIsBeingSentLeaveTogetherInTheNext() throws Exception {
        CompletableFuture<Object> first = holdTheSenderInAFirstJob();
        List<CompletableFuture<Object>> rest = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rest.add(batcher.submit(new CallableTask<>(() -> "rest")));
        }
        client.releaseHeldSubmit();

        eventually(() -> client.jobs.size() == 2);
        assertThat(client.jobs.get(0).subtaskCount()).isEqualTo(1);
        assertThat(client.jobs.get(1).subtaskCount()).isEqualTo(5);
        assertThat(sent).hasSize(2);

        client.handles.get(0).results.get(0).complete("one");
        for (int i = 0; i < 5; i++) {
            client.handles.get(1).results.get(i).complete("value " + i);
        }
        assertThat(join(first, 10, "the first task's result")).isEqualTo("one");
        for (int i = 0; i < 5; i++) {
            assertThat(join(rest.get(i), 10, "the result of queued task " + i)).isEqualTo("value " + i); // each its own subtask
        }
        assertThat(batcher.unsent()).isZero();
    }

    @Test
    void aJobIsCancelledOnTheClusterOnlyOnceEveryTaskInItIsCancelledOrDone() throws Exception {
        holdTheSenderInAFirstJob();
        CompletableFuture<Object> a = batcher.submit(new CallableTask<>(() -> "a"));
        CompletableFuture<Object> b = batcher.submit(new CallableTask<>(() -> "b"));
        CompletableFuture<Object> c = batcher.submit(new CallableTask<>(() -> "c"));
        client.releaseHeldSubmit();
        eventually(() -> client.jobs.size() == 2);
        FakeHandle<?> shared = client.handles.get(1);

        assertThat(a.cancel(true)).isTrue();
        client.handles.get(1).results.get(1).complete("b's value");
        assertThat(shared.cancelled).isFalse(); // c still waits for its result

        assertThat(c.cancel(true)).isTrue();
        assertThat(shared.cancelled).isTrue();
        assertThat(join(b, 10, "b's result")).isEqualTo("b's value");
    }

    @Test
    void aTaskCancelledBeforeItsJobLeavesIsNotSent() throws Exception {
        holdTheSenderInAFirstJob();
        CompletableFuture<Object> cancelled = batcher.submit(new CallableTask<>(() -> "never"));
        CompletableFuture<Object> kept = batcher.submit(new CallableTask<>(() -> "kept"));
        cancelled.cancel(true);
        client.releaseHeldSubmit();

        eventually(() -> client.jobs.size() == 2);
        assertThat(client.jobs.get(1).subtaskCount()).isEqualTo(1);
        client.handles.get(1).results.get(0).complete("kept");
        assertThat(join(kept, 10, "the kept task's result")).isEqualTo("kept");
    }

    @Test
    void aJobTheClientRefusesIsRetriedInHalvesSoThatOnlyTheTaskAtFaultFails() throws Exception {
        holdTheSenderInAFirstJob();
        List<CompletableFuture<Object>> futures = new ArrayList<>();
        for (String value : List.of("good 0", "good 1", "bad", "good 3", "good 4")) {
            futures.add(batcher.submit(new CallableTask<>(() -> value)));
        }
        client.refuseJobsWithMoreThanOneTaskOr("bad");
        client.releaseHeldSubmit();

        assertThatThrownBy(() -> join(futures.get(2), 10, "the bad task's failure")).hasCauseInstanceOf(TaskgridException.class)
                .hasMessageContaining("cannot ship");
        eventually(() -> client.handles.size() == 5); // the first job, and each good task alone
        // the first; all five; [0 1] and [bad 3 4]; [0], [1], [bad] and [3 4]; [3] and [4]
        assertThat(client.jobs).hasSize(1 + 1 + 2 + 4 + 2);
        for (int i = 1; i < 5; i++) {
            client.handles.get(i).results.get(0).complete("done");
        }
        for (int i : new int[]{0, 1, 3, 4}) {
            assertThat(join(futures.get(i), 10, "good task " + i + "'s result")).isEqualTo("done");
        }
    }

    @Test
    void tasksNotSentYetFailWhenTheExecutorStopsNow() throws Exception {
        holdTheSenderInAFirstJob();
        CompletableFuture<Object> queued = batcher.submit(new CallableTask<>(() -> "queued"));
        assertThat(batcher.unsent()).isEqualTo(2);

        batcher.failUnsent(new java.util.concurrent.CancellationException("stopped"));

        assertThat(queued).isCancelled();
        assertThat(batcher.unsent()).isEqualTo(1); // the one held in sending
        client.releaseHeldSubmit();
        eventually(() -> batcher.unsent() == 0);
    }

    /** Submits a task whose job the client holds in sending until {@code releaseHeldSubmit}: later tasks queue. */
    private CompletableFuture<Object> holdTheSenderInAFirstJob() {
        client.holdNextSubmit();
        CompletableFuture<Object> first = batcher.submit(new CallableTask<>(() -> "first"));
        client.awaitHeldSubmit();
        return first;
    }

    /** Waits up to 10 s for {@code condition}: the batcher sends from its own thread. */
    private static void eventually(java.util.function.BooleanSupplier condition) {
        await("the batcher").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(condition::getAsBoolean);
    }

    /** Records each submitted job and hands back a handle whose results the test completes. */
    private static final class RecordingClient implements TaskgridClient {
        final List<Job<?>> jobs = new CopyOnWriteArrayList<>();
        final List<FakeHandle<Object>> handles = new CopyOnWriteArrayList<>();
        private volatile CountDownLatch held = new CountDownLatch(0);
        private volatile CountDownLatch entered = new CountDownLatch(0);
        private volatile String refused;

        void holdNextSubmit() {
            entered = new CountDownLatch(1);
            held = new CountDownLatch(1);
        }

        void awaitHeldSubmit() {
            try {
                assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        void releaseHeldSubmit() {
            held.countDown();
        }

        void refuseJobsWithMoreThanOneTaskOr(String value) {
            refused = value;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> JobHandle<R> submit(Job<R> job) {
            jobs.add(job);
            entered.countDown();
            try {
                held.await(10, TimeUnit.SECONDS);
                held = new CountDownLatch(0);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (refused != null && (job.subtaskCount() > 1 || holds(job, refused))) {
                throw new TaskgridException("cannot ship the code of task " + refused);
            }
            FakeHandle<Object> handle = new FakeHandle<>(job.subtaskCount());
            handles.add(handle);
            return (JobHandle<R>) (JobHandle<?>) handle;
        }

        private static boolean holds(Job<?> job, String value) {
            try {
                Job.TaskList<?> tasks = (Job.TaskList<?>) job.subtasks();
                return value.equals(((CallableTask<?>) tasks.tasks().get(0)).callable().call());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public TaskgridExecutorService executor() {
            throw new UnsupportedOperationException();
        }

        @Override
        public <R> JobHandle<R> attach(String jobId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cancel(String jobId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void drain(String workerId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ClusterStatus status() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String address() {
            return "recording";
        }

        @Override
        public void close() {
        }
    }

    /** A job's handle whose per-subtask results the test completes. */
    private static final class FakeHandle<R> implements JobHandle<R> {
        final List<CompletableFuture<R>> results = new ArrayList<>();
        volatile boolean cancelled;

        FakeHandle(int subtasks) {
            for (int i = 0; i < subtasks; i++) {
                results.add(new CompletableFuture<>());
            }
        }

        @Override
        public String id() {
            return "job";
        }

        @Override
        public String name() {
            return "executor";
        }

        @Override
        public int subtaskCount() {
            return results.size();
        }

        @Override
        public CompletableFuture<List<R>> results() {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<R> result(int index) {
            return results.get(index);
        }

        @Override
        public Stream<SubtaskResult<R>> asCompleted() {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<R> reduce(BinaryOperator<R> operator) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Progress progress() {
            throw new UnsupportedOperationException();
        }

        @Override
        public JobState state() {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<JobState> completion() {
            return new CompletableFuture<>();
        }

        @Override
        public boolean cancel() {
            cancelled = true;
            return true;
        }
    }
}
