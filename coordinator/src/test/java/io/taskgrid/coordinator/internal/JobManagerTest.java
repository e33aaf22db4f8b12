package io.taskgrid.coordinator.internal;

import io.taskgrid.JobState;
import io.taskgrid.cluster.CoordinatorMessage;
import io.taskgrid.cluster.CoordinatorMessage.JobReport;
import io.taskgrid.cluster.WorkerMessage;
import io.taskgrid.coordinator.scheduling.StoryLine;
import io.taskgrid.coordinator.scheduling.SubtaskState;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.protocol.RunPolicy;
import io.taskgrid.internal.protocol.SubtaskSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job manager as a shell: messages in, messages out. Clients and workers are queues; the
 * scheduler's decisions show as what each of them is told.
 */
class JobManagerTest {

    private final ShellHarness shell = new ShellHarness();
    private final ShellHarness.Client client = new ShellHarness.Client("client-1");

    @AfterEach
    void stop() {
        shell.close();
    }

    private static EncodedItems items(int count) {
        EncodedItems.Builder builder = new EncodedItems.Builder(count);
        for (int i = 0; i < count; i++) {
            builder.add(new byte[]{(byte) i});
        }
        return builder.build();
    }

    private static JobSpec job(String id, int subtasks, RunPolicy policy) {
        return new JobSpec(id, "test", policy, new SubtaskSource.MapSource(new byte[]{1}, items(subtasks), false),
                List.of());
    }

    private void submit(JobSpec spec) {
        shell.tell(new JobManagerRequests.Submit(spec, client, 1));
        assertThat(client.next(GatewayMessage.JobAccepted.class).jobId()).isEqualTo(spec.jobId());
    }

    private static CoordinatorMessage.SubtasksReported succeeded(String workerId, String jobId, int[] indices,
                                                                int[] attempts, int credits) {
        JobReport report = new JobReport(jobId, new int[0], new int[0], indices, attempts, items(indices.length),
                List.of(), 1_000_000L * indices.length, 0, new int[0], new double[0]);
        return new CoordinatorMessage.SubtasksReported(workerId, List.of(report), credits, 0);
    }

    /** A new worker with {@code threads} threads that asked for as many subtasks and got a batch of them. */
    private ShellHarness.Worker busyWorker(String name, int threads) {
        ShellHarness.Worker worker = shell.registeredWorker(name, threads);
        shell.tell(new CoordinatorMessage.RequestSubtasks(worker.id, threads, 0));
        worker.next(WorkerMessage.RunSubtasks.class);
        return worker;
    }

    private static <T> T answer(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aJobRunsOnAWorkerThatAsksAndItsClientGetsEachResultAndTheEnd() {
        submit(job("j1", 2, RunPolicy.DEFAULT));
        ShellHarness.Worker worker = shell.registeredWorker("w", 2);

        shell.tell(new CoordinatorMessage.RequestSubtasks(worker.id, 2, 0));
        WorkerMessage.RunSubtasks batch = worker.next(WorkerMessage.RunSubtasks.class);
        shell.tell(succeeded(worker.id, "j1", batch.indices(), batch.attempts(), 0));

        assertThat(batch.indices()).containsExactly(0, 1);
        assertThat(batch.code()).as("the first batch of a job carries its code").isNotNull();
        assertThat(client.next(GatewayMessage.SubtaskResults.class).indices()).containsExactly(0, 1);
        GatewayMessage.JobFinished finished = client.next(GatewayMessage.JobFinished.class);
        assertThat(finished.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(finished.succeeded()).isEqualTo(2);
    }

    @Test
    void whatALostWorkerHeldGoesToAnotherAndTheStoryTellsIt() throws Exception {
        submit(job("j2", 1, RunPolicy.DEFAULT));
        ShellHarness.Worker first = busyWorker("w1", 1);
        ShellHarness.Worker second = shell.registeredWorker("w2", 1);
        shell.tell(new CoordinatorMessage.RequestSubtasks(second.id, 1, 0));

        shell.tell(new JobManagerSignals.WorkerTerminated(first.id));
        WorkerMessage.RunSubtasks again = second.next(WorkerMessage.RunSubtasks.class);

        assertThat(again.indices()).containsExactly(0);
        assertThat(again.attempts()).containsExactly(2);
        SubtaskStory story = answer(shell.ask(reply -> new JobManagerRequests.DescribeSubtask("j2", 0, reply)));
        assertThat(story.state()).isEqualTo(SubtaskState.ASSIGNED);
        assertThat(story.story()).extracting(StoryLine::event, StoryLine::to, StoryLine::workerId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("CreditsGranted", SubtaskState.ASSIGNED, first.id),
                org.assertj.core.groups.Tuple.tuple("WorkerLeft", SubtaskState.PENDING, first.id),
                org.assertj.core.groups.Tuple.tuple("WorkerLeft", SubtaskState.ASSIGNED, second.id));
    }

    @Test
    void aPassedDeadlineFailsTheJobAndSaysHowMuchWasLeft() {
        submit(job("j3", 3, RunPolicy.DEFAULT.withDeadlineMillis(60_000)));

        shell.tell(new JobManagerSignals.DeadlinePassed("j3"));

        GatewayMessage.JobFinished finished = client.next(GatewayMessage.JobFinished.class);
        assertThat(finished.state()).isEqualTo(JobState.FAILED);
        assertThat(finished.reason()).isEqualTo("the job's deadline of 60000 ms passed with 3 of 3 subtasks "
                + "unfinished; they were cancelled");
    }

    @Test
    void aDrainedWorkerIsToldOnceAndGetsNothingNew() throws Exception {
        ShellHarness.Worker worker = shell.registeredWorker("w", 1);

        boolean known = answer(shell.ask(reply -> new JobManagerRequests.DrainWorker(worker.id, "ops", reply)));
        boolean unknown = answer(shell.ask(reply -> new JobManagerRequests.DrainWorker("worker-99", "ops", reply)));
        shell.tell(new CoordinatorMessage.RequestSubtasks(worker.id, 5, 0));
        submit(job("j4", 1, RunPolicy.DEFAULT));

        assertThat(known).isTrue();
        assertThat(unknown).isFalse();
        assertThat(worker.next(WorkerMessage.Drain.class).requestedBy()).isEqualTo("ops");
        JobDetails details = answer(shell.ask(reply -> new JobManagerRequests.DescribeJob("j4", reply)));
        assertThat(details.pending()).as("nothing for a draining worker").isEqualTo(1);
        assertThat(worker.received).isEmpty();
    }

    @Test
    void progressReachesTheClientAtTheTickAndARunningJobShowsTheManualClock() throws Exception {
        submit(job("j5", 2, RunPolicy.DEFAULT));
        ShellHarness.Worker worker = busyWorker("w", 2);
        JobReport progress = new JobReport("j5", new int[0], new int[0], new int[0], new int[0], items(0), List.of(),
                0, 0, new int[]{0, 1}, new double[]{0.5, 0.25});

        shell.tell(new CoordinatorMessage.SubtasksReported(worker.id, List.of(progress), 0, 0));
        shell.tell(JobManagerSignals.Tick.PROGRESS);
        shell.clock.advance(Duration.ofSeconds(7));

        GatewayMessage.JobProgressed told = client.next(GatewayMessage.JobProgressed.class);
        assertThat(told.running()).isEqualTo(2);
        assertThat(told.partial()).isEqualTo(0.75);
        JobDetails details = answer(shell.ask(reply -> new JobManagerRequests.DescribeJob("j5", reply)));
        assertThat(details.elapsedMillis()).isEqualTo(7_000);
    }

    @Test
    void aClientThatAttachesGetsTheRecordedResultsThenTheLiveOnesEachOnce() {
        submit(job("j6", 4, RunPolicy.DEFAULT));
        ShellHarness.Worker worker = busyWorker("w", 4);
        shell.tell(succeeded(worker.id, "j6", new int[]{0, 1}, new int[]{1, 1}, 0));
        client.next(GatewayMessage.SubtaskResults.class);

        ShellHarness.Client late = new ShellHarness.Client("client-2");
        shell.tell(new JobManagerRequests.Attach("j6", late, 7));
        shell.tell(succeeded(worker.id, "j6", new int[]{2, 3}, new int[]{1, 1}, 0));

        assertThat(late.next(GatewayMessage.JobAttached.class).state()).isEqualTo(JobState.RUNNING);
        assertThat(late.next(GatewayMessage.SubtaskResults.class).indices()).containsExactly(0, 1);
        assertThat(late.next(GatewayMessage.SubtaskResults.class).indices()).containsExactly(2, 3);
        assertThat(late.next(GatewayMessage.JobFinished.class).succeeded()).isEqualTo(4);
        assertThat(late.received).as("nothing twice").isEmpty();
    }
}
