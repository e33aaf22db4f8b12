package io.taskgrid.internal.client;

import io.taskgrid.JobFailedException;
import io.taskgrid.JobState;
import io.taskgrid.RemoteTaskException;
import io.taskgrid.SubtaskResult;
import io.taskgrid.TaskgridException;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.RemoteFailure;
import io.taskgrid.internal.protocol.SubtaskFailure;
import io.taskgrid.internal.serialization.PayloadCodec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static io.taskgrid.testing.Waits.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client-side bookkeeping of a job, fed the way the delivery thread feeds it. */
class ClientJobHandleTest {

    private final ClientJobHandle<Integer> handle = new ClientJobHandle<>(null, "j", "test", 3);

    @Test
    void resultsComeInSubtaskOrderWhateverOrderTheyArriveIn() {
        handle.onResults("w1", new int[]{2, 0}, new Object[]{20, 0});
        handle.onResults("w2", new int[]{1}, new Object[]{10});
        handle.onFinished(JobState.SUCCEEDED, null);

        assertThat(join(handle.results(), 10, "the job's results")).containsExactly(0, 10, 20);
        assertThat(handle.asCompleted().map(SubtaskResult::index).collect(Collectors.toList())).containsExactly(2, 0, 1);
        assertThat(handle.progress().done()).isEqualTo(3);
        assertThat(join(handle.completion(), 10, "the job's end")).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void reduceFoldsResultsThatArrivedBeforeAndAfterItWasCalled() {
        handle.onResults("w1", new int[]{0}, new Object[]{1});
        CompletableFuture<Integer> sum = handle.reduce(Integer::sum);
        handle.onResults("w1", new int[]{1, 2}, new Object[]{2, 3});
        handle.onFinished(JobState.SUCCEEDED, null);

        assertThat(join(sum, 10, "the reduced sum")).isEqualTo(6);
    }

    @Test
    void aReduceOperatorThatThrowsFailsTheReduceButNotTheJob() {
        CompletableFuture<Integer> broken = handle.reduce((a, b) -> {
            throw new IllegalStateException("bad operator");
        });
        handle.onResults("w1", new int[]{0, 1, 2}, new Object[]{1, 2, 3});
        handle.onFinished(JobState.SUCCEEDED, null);

        assertThatThrownBy(() -> join(broken, 10, "the broken reduce")).hasMessageContaining("bad operator");
        assertThat(join(handle.results(), 10, "the job's results")).containsExactly(1, 2, 3);
    }

    @Test
    void aFailureKnownOnlyToTheClientFailsAJobTheCoordinatorSawSucceed() {
        handle.onResults("w1", new int[]{0, 2}, new Object[]{0, 2});
        handle.onFailures(List.of(new SubtaskFailure(1, 1, "w1", RemoteFailure.of("io.taskgrid.UndecodableResult", "cannot decode"))));
        handle.onFinished(JobState.SUCCEEDED, null);

        assertThat(handle.state()).isEqualTo(JobState.FAILED);
        assertThatThrownBy(() -> join(handle.results(), 10, "the job's results")).hasCauseInstanceOf(JobFailedException.class);
    }

    @Test
    void aBatchOfEncodedResultsArrivesAndOneThatCannotBeDecodedFailsOnlyItsSubtask() {
        PayloadCodec codec = new PayloadCodec(getClass().getClassLoader());
        byte[] unknownClassId = {(byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0x0F};
        EncodedItems values = new EncodedItems.Builder(3).add(codec.encode(5, "result")).add(unknownClassId)
                .add(codec.encode(7, "result")).build();

        handle.onEncodedResults(new GatewayMessage.SubtaskResults("j", "w1", new int[]{2, 1, 0}, values), codec);
        handle.onEncodedResults(new GatewayMessage.SubtaskResults("j", "w1", new int[]{2}, // replayed: the first stands
                new EncodedItems.Builder(1).add(codec.encode(99, "result")).build()), codec);
        handle.onFinished(JobState.SUCCEEDED, null);

        assertThat(handle.progress().done()).isEqualTo(3);
        assertThat(handle.state()).isEqualTo(JobState.FAILED);
        assertThatThrownBy(() -> join(handle.results(), 10, "the job's results")).cause()
                .isInstanceOfSatisfying(JobFailedException.class, failed ->
                        assertThat(failed.failures()).singleElement().satisfies(failure -> {
                            assertThat(failure.subtaskIndex()).isEqualTo(1);
                            assertThat(failure.remoteMessage()).contains("arrived but this client cannot decode it");
                        }));
        assertThat(handle.asCompleted().filter(SubtaskResult::succeeded).map(SubtaskResult::value)
                .collect(Collectors.toList())).containsExactly(5, 7);
    }

    @Test
    void aFailedSubtaskFailsTheJobWithTheRemoteDetails() {
        handle.onResults("w1", new int[]{0, 2}, new Object[]{0, 2});
        handle.onFailures(List.of(new SubtaskFailure(1, 2, "w2",
                new RemoteFailure("java.lang.ArithmeticException", "/ by zero", "java.lang.ArithmeticException: / by zero"))));
        handle.onFinished(JobState.FAILED, null);

        assertThatThrownBy(() -> join(handle.results(), 10, "the job's results")).hasCauseInstanceOf(JobFailedException.class)
                .hasMessageContaining("1 of 3 subtasks failed");
        assertThatThrownBy(() -> join(handle.result(1), 10, "subtask 1's result")).hasCauseInstanceOf(RemoteTaskException.class)
                .hasMessageContaining("subtask 1 of job j failed on worker w2 after 2 attempts: java.lang.ArithmeticException: / by zero");
        assertThat(join(handle.result(2), 10, "subtask 2's result")).isEqualTo(2);
        assertThat(handle.asCompleted().filter(r -> !r.succeeded()).map(SubtaskResult::index)
                .collect(Collectors.toList())).containsExactly(1);
    }

    @Test
    void cancellationEndsTheStreamAndFailsTheFutures() throws Exception {
        CompletableFuture<Long> counted = CompletableFuture.supplyAsync(() -> handle.asCompleted().count());
        handle.onResults("w1", new int[]{0}, new Object[]{0});
        handle.onFinished(JobState.CANCELLED, "cancelled by a test");

        assertThat(join(counted, 10, "the end of the asCompleted stream")).isEqualTo(1);
        assertThatThrownBy(() -> join(handle.results(), 10, "the job's results")).isInstanceOf(CancellationException.class);
        assertThat(handle.result(2).isCancelled()).isTrue();
        assertThat(join(handle.result(0), 10, "subtask 0's result")).isZero();
    }

    @Test
    void aLostConnectionEndsEveryView() {
        CompletableFuture<Integer> one = handle.result(1);
        handle.failLocally(new TaskgridException("connection lost"));

        assertThatThrownBy(() -> join(one, 10, "subtask 1's result")).hasMessageContaining("connection lost");
        assertThatThrownBy(() -> handle.asCompleted().count()).hasMessageContaining("connection lost");
        assertThatThrownBy(() -> join(handle.completion(), 10, "the job's end")).hasMessageContaining("connection lost");
    }
}
