package io.taskgrid.coordinator.scheduling;

import io.taskgrid.JobState;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.CreditsGranted;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.JobSubmitted;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.SubtasksFailed;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.SubtasksStarted;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.SubtasksSucceeded;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.WorkerJoined;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.WorkerLeft;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.RemoteFailure;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The scheduler's account of itself: stimulus ids on instructions, each subtask's story, progress
 * and run times, which it keeps in one place per job.
 */
class SchedulerStoryTest {

    private static final RemoteFailure BOOM = RemoteFailure.of("java.lang.IllegalStateException", "boom");

    private final Scheduler scheduler = new Scheduler();
    private long events;

    private List<Instruction> feed(SchedulerEvent event) {
        events++;
        List<Instruction> out = scheduler.handle(event);
        scheduler.checkInvariants();
        return out;
    }

    private static EncodedItems one(byte value) {
        EncodedItems.Builder builder = new EncodedItems.Builder(1);
        builder.add(new byte[]{value});
        return builder.build();
    }

    @Test
    void instructionsRepeatTheNumberOfTheEventThatCausedThem() {
        feed(new WorkerJoined("w1", 1));
        feed(new JobSubmitted("j", 2, 1));

        List<Instruction> assigned = feed(new CreditsGranted("w1", 2));
        long creditsEvent = events;
        EncodedItems.Builder two = new EncodedItems.Builder(2);
        two.add(new byte[]{1});
        two.add(new byte[]{2});
        List<Instruction> finished = feed(new SubtasksSucceeded("w1", "j", new int[]{0, 1}, new int[]{1, 1},
                two.build(), 0));

        assertThat(assigned).extracting(Instruction::stimulus).containsOnly(creditsEvent);
        assertThat(finished).isNotEmpty().extracting(Instruction::stimulus).containsOnly(events);
    }

    @Test
    void aSubtasksStoryTellsEachMoveWithItsEventAttemptAndWorker() {
        feed(new WorkerJoined("w1", 1));
        feed(new WorkerJoined("w2", 1));
        feed(new JobSubmitted("j", 1, 3));
        feed(new CreditsGranted("w1", 1));
        long assignedToW1 = events;
        feed(new SubtasksStarted("w1", "j", new int[]{0}, new int[]{1}));
        feed(new SubtasksFailed("w1", "j", new int[]{0}, new int[]{1}, new RemoteFailure[]{BOOM}, 0));
        feed(new CreditsGranted("w2", 1));
        feed(new WorkerLeft("w2", "killed"));
        long lost = events;
        feed(new CreditsGranted("w1", 1));
        feed(new SubtasksSucceeded("w1", "j", new int[]{0}, new int[]{3}, one((byte) 7), 0));

        assertThat(scheduler.storyOf("j", 0))
                .extracting(StoryLine::event, StoryLine::from, StoryLine::to, StoryLine::attempt, StoryLine::workerId)
                .containsExactly(
                        tuple("CreditsGranted", SubtaskState.PENDING, SubtaskState.ASSIGNED, 1, "w1"),
                        tuple("SubtasksStarted", SubtaskState.ASSIGNED, SubtaskState.RUNNING, 1, "w1"),
                        tuple("SubtasksFailed", SubtaskState.RUNNING, SubtaskState.PENDING, 1, "w1"),
                        tuple("CreditsGranted", SubtaskState.PENDING, SubtaskState.ASSIGNED, 2, "w2"),
                        tuple("WorkerLeft", SubtaskState.ASSIGNED, SubtaskState.PENDING, 2, "w2"),
                        tuple("CreditsGranted", SubtaskState.PENDING, SubtaskState.ASSIGNED, 3, "w1"),
                        tuple("SubtasksSucceeded", SubtaskState.ASSIGNED, SubtaskState.SUCCEEDED, 3, "w1"));
        assertThat(scheduler.storyOf("j", 0).get(0).stimulus()).isEqualTo(assignedToW1);
        assertThat(scheduler.storyOf("j", 0).get(4).stimulus()).isEqualTo(lost);
        assertThat(scheduler.storyOf("j", 1)).isEmpty();
        assertThat(scheduler.storyOf("other", 0)).isEmpty();
    }

    @Test
    void progressIsToldOncePerChangeAndOnlyForSubtasksTheWorkerHolds() {
        feed(new WorkerJoined("w1", 2));
        feed(new JobSubmitted("j", 3, 1));
        feed(new CreditsGranted("w1", 2)); // holds 0 and 1
        feed(new SchedulerEvent.ProgressDue());

        feed(new SchedulerEvent.ProgressReported("w1", "j", new int[]{0, 1, 2}, new double[]{0.5, 0.25, 0.9}));
        List<Instruction> told = feed(new SchedulerEvent.ProgressDue());
        List<Instruction> again = feed(new SchedulerEvent.ProgressDue());
        feed(new SubtasksSucceeded("w1", "j", new int[]{0}, new int[]{1}, one((byte) 1), 0));
        List<Instruction> afterSuccess = feed(new SchedulerEvent.ProgressDue());

        assertThat(told).singleElement().usingRecursiveComparison().ignoringFields("stimulus")
                .isEqualTo(new Instruction.TellProgress(0, "j", 2, 0.75));
        assertThat(again).isEmpty();
        assertThat(afterSuccess).singleElement().usingRecursiveComparison().ignoringFields("stimulus")
                .as("subtask 0's half is gone with it").isEqualTo(new Instruction.TellProgress(0, "j", 1, 0.25));
    }

    @Test
    void aFinishedJobCarriesTheMeanRunTimeOfItsAttempts() {
        feed(new WorkerJoined("w1", 2));
        feed(new JobSubmitted("j", 2, 2));
        feed(new CreditsGranted("w1", 2));
        feed(new SubtasksFailed("w1", "j", new int[]{0}, new int[]{1}, new RemoteFailure[]{BOOM}, 3_000_000));
        feed(new SubtasksSucceeded("w1", "j", new int[]{1}, new int[]{1}, one((byte) 1), 1_000_000));
        assertThat(scheduler.meanRunNanos("j")).isEqualTo(2_000_000);
        feed(new CreditsGranted("w1", 1));

        List<Instruction> out = feed(new SubtasksSucceeded("w1", "j", new int[]{0}, new int[]{2}, one((byte) 2),
                5_000_000));

        assertThat(out).last().isInstanceOfSatisfying(Instruction.FinishJob.class, finish -> {
            assertThat(finish.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(finish.meanRunNanos()).isEqualTo(3_000_000);
        });
    }
}
