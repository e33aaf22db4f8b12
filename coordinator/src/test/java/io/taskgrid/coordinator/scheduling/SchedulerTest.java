package io.taskgrid.coordinator.scheduling;

import io.taskgrid.JobState;
import io.taskgrid.coordinator.scheduling.Instruction.Assign;
import io.taskgrid.coordinator.scheduling.Instruction.DeliverFailures;
import io.taskgrid.coordinator.scheduling.Instruction.DeliverResults;
import io.taskgrid.coordinator.scheduling.Instruction.FinishJob;
import io.taskgrid.coordinator.scheduling.Instruction.ReleaseJob;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.CreditsGranted;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.JobCancelRequested;
import io.taskgrid.coordinator.scheduling.Instruction.RetryLater;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.JobDeadlinePassed;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.JobResumed;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.JobSubmitted;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.RetriesDue;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.SubtasksFailed;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.SubtasksStarted;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.SubtasksSucceeded;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.WorkerJoined;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.WorkerLeft;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.RemoteFailure;
import io.taskgrid.internal.protocol.RunPolicy;
import io.taskgrid.internal.protocol.SubtaskFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Feeds events to the pure scheduler and checks the exact instructions it answers with. */
class SchedulerTest {

    /** Every transition any test made; {@link #everyLegalTransitionWasExercised()} compares it with the table. */
    private static final Map<SubtaskState, Set<SubtaskState>> exercised = new EnumMap<>(SubtaskState.class);

    private final Scheduler scheduler = new Scheduler((from, to) ->
            exercised.computeIfAbsent(from, f -> EnumSet.noneOf(SubtaskState.class)).add(to));

    private static final byte[] A = {1};
    private static final byte[] B = {2};
    private static final byte[] C = {3};

    private static EncodedItems items(byte[]... values) {
        EncodedItems.Builder builder = new EncodedItems.Builder(values.length);
        for (byte[] value : values) {
            builder.add(value);
        }
        return builder.build();
    }
    private static final RemoteFailure BOOM = RemoteFailure.of("java.lang.IllegalStateException", "boom");

    /**
     * Feeds one event and returns its instructions, each with stimulus 0 and a finished job's mean
     * run time as -1, so that tests can spell them out; {@link #instructionsRepeatTheirStimulus}
     * and {@link #aFinishedJobCarriesTheMeanRunTimeOfItsAttempts} check those two.
     */
    private List<Instruction> feed(SchedulerEvent event) {
        List<Instruction> out = scheduler.handle(event);
        scheduler.checkInvariants();
        return out.stream().map(SchedulerTest::withoutStimulus).toList();
    }

    private static Instruction withoutStimulus(Instruction instruction) {
        if (instruction instanceof Assign i) {
            return new Assign(0, i.workerId(), i.jobId(), i.indices(), i.attempts());
        } else if (instruction instanceof DeliverResults i) {
            return new DeliverResults(0, i.jobId(), i.workerId(), i.indices(), i.values());
        } else if (instruction instanceof DeliverFailures i) {
            return new DeliverFailures(0, i.jobId(), i.failures());
        } else if (instruction instanceof RetryLater i) {
            return new RetryLater(0, i.jobId(), i.indices(), i.delayMillis());
        } else if (instruction instanceof ReleaseJob i) {
            return new ReleaseJob(0, i.workerId(), i.jobId(), i.reason(), i.mayBeRunning());
        } else if (instruction instanceof FinishJob i) {
            return new FinishJob(0, i.jobId(), i.state(), i.succeeded(), i.failed(), i.reason(), -1);
        } else if (instruction instanceof Instruction.WatchDeadline i) {
            return new Instruction.WatchDeadline(0, i.jobId(), i.delayMillis());
        } else if (instruction instanceof Instruction.TellProgress i) {
            return new Instruction.TellProgress(0, i.jobId(), i.onWorkers(), i.partial());
        } else if (instruction instanceof Instruction.DrainWorker i) {
            return new Instruction.DrainWorker(0, i.workerId(), i.held(), i.requestedBy());
        } else if (instruction instanceof Instruction.ForgetWorker i) {
            return new Instruction.ForgetWorker(0, i.workerId(), i.returned(), i.drained());
        }
        throw new IllegalArgumentException("unknown instruction " + instruction);
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    private static int[] ones(int count) {
        int[] ones = new int[count];
        java.util.Arrays.fill(ones, 1);
        return ones;
    }

    private static int[] ints(int... values) {
        return values;
    }

    @Test
    void creditsGrantedBeforeAJobAreSpentWhenItArrives() {
        feed(new WorkerJoined("w1", 1));
        assertThat(feed(new CreditsGranted("w1", 2))).isEmpty();

        List<Instruction> out = feed(new JobSubmitted("j", 3, 1));

        assertThat(out).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new Assign(0, "w1", "j", ints(0, 1), ints(1, 1)));
        assertThat(scheduler.creditsOf("w1")).isZero();
    }

    @Test
    void aJobWaitsForCreditsAndIsHandedOutInBatches() {
        feed(new WorkerJoined("w1", 4));
        assertThat(feed(new JobSubmitted("j", 5, 1))).isEmpty();

        List<Instruction> out = feed(new CreditsGranted("w1", 10));

        assertThat(out).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new Assign(0, "w1", "j", ints(0, 1, 2, 3, 4), ints(1, 1, 1, 1, 1)));
        assertThat(scheduler.creditsOf("w1")).isEqualTo(5);
    }

    @Test
    void aDrainingWorkerGetsNothingNewButWhatItHoldsStillCounts() {
        feed(new WorkerJoined("w1", 2));
        feed(new WorkerJoined("w2", 2));
        feed(new JobSubmitted("j", 6, 1));
        feed(new CreditsGranted("w1", 4));
        feed(new CreditsGranted("w1", 0)); // w1 holds 0..3 and has no credits left

        assertThat(feed(new SchedulerEvent.WorkerDraining("w1", "ops"))).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new Instruction.DrainWorker(0, "w1", 4, "ops"));
        assertThat(feed(new SchedulerEvent.WorkerDraining("w1", "ops"))).as("a second request changes nothing").isEmpty();
        assertThat(feed(new CreditsGranted("w1", 10))).as("credits of a draining worker are void").isEmpty();
        List<Instruction> finished = feed(new SubtasksSucceeded("w1", "j", ints(0, 1), ints(1, 1), items(A, B), 0));
        List<Instruction> toOther = feed(new CreditsGranted("w2", 10));

        assertThat(finished).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new DeliverResults(0, "j", "w1", ints(0, 1), items(A, B)));
        assertThat(scheduler.heldBy("w1")).isEqualTo(2);
        assertThat(scheduler.creditsOf("w1")).isZero();
        assertThat(toOther).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new Assign(0, "w2", "j", ints(4, 5), ints(1, 1)));
    }

    @Test
    void ofAReportOnlyTheResultsOfHeldAttemptsAreDelivered() {
        feed(new WorkerJoined("w1", 1));
        feed(new JobSubmitted("j", 4, 1));
        feed(new CreditsGranted("w1", 4));
        feed(new SubtasksSucceeded("w1", "j", ints(1), ints(1), items(B), 0));

        List<Instruction> out = feed(new SubtasksSucceeded("w1", "j", ints(0, 1, 2), ints(1, 1, 1), items(A, B, C), 0));

        assertThat(out).first().usingRecursiveComparison()
                .isEqualTo(new DeliverResults(0, "j", "w1", ints(0, 2), items(A, C)));
    }

    @Test
    void resultsAreDeliveredOnceAndTheJobFinishes() {
        feed(new WorkerJoined("w1", 1));
        feed(new JobSubmitted("j", 2, 1));
        feed(new CreditsGranted("w1", 2));
        feed(new SubtasksStarted("w1", "j", ints(0), ints(1)));

        List<Instruction> first = feed(new SubtasksSucceeded("w1", "j", ints(0), ints(1), items(A), 0));
        List<Instruction> repeated = feed(new SubtasksSucceeded("w1", "j", ints(0), ints(1), items(A), 0));
        List<Instruction> last = feed(new SubtasksSucceeded("w1", "j", ints(1), ints(1), items(B), 0));

        assertThat(first).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new DeliverResults(0, "j", "w1", ints(0), items(A)));
        assertThat(repeated).isEmpty();
        assertThat(last).usingRecursiveFieldByFieldElementComparator().containsExactly(
                new DeliverResults(0, "j", "w1", ints(1), items(B)),
                new ReleaseJob(0, "w1", "j", "job succeeded", false),
                new FinishJob(0, "j", JobState.SUCCEEDED, 2, 0, null, -1));
        assertThat(scheduler.isRunning("j")).isFalse();
    }

    @Test
    void aFailedAttemptIsRetriedWithTheNextAttemptNumberUntilItsRetriesAreSpent() {
        feed(new WorkerJoined("w1", 1));
        feed(new JobSubmitted("j", 1, 2));
        feed(new CreditsGranted("w1", 1));

        List<Instruction> retry = feed(new SubtasksFailed("w1", "j", ints(0), ints(1), new RemoteFailure[]{BOOM}, 0));
        assertThat(retry).isEmpty();
        assertThat(feed(new CreditsGranted("w1", 1))).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new Assign(0, "w1", "j", ints(0), ints(2)));

        List<Instruction> end = feed(new SubtasksFailed("w1", "j", ints(0), ints(2), new RemoteFailure[]{BOOM}, 0));
        assertThat(end).usingRecursiveFieldByFieldElementComparator().containsExactly(
                new DeliverFailures(0, "j", List.of(new SubtaskFailure(0, 2, "w1", BOOM))),
                new ReleaseJob(0, "w1", "j", "job failed", false),
                new FinishJob(0, "j", JobState.FAILED, 0, 1, null, -1));
    }

    @Test
    void aRetryWaitsOutItsBackoffWithoutHoldingAWorkerAndTheWaitDoubles() {
        feed(new WorkerJoined("w1", 1));
        feed(new JobSubmitted("j", 1, RunPolicy.DEFAULT.withMaxRetries(3).withRetryBackoffMillis(100)));
        feed(new CreditsGranted("w1", 1));

        List<Instruction> first = feed(new SubtasksFailed("w1", "j", ints(0), ints(1), new RemoteFailure[]{BOOM}, 0));
        assertThat(first).usingRecursiveFieldByFieldElementComparator().containsExactly(new RetryLater(0, "j", ints(0), 100));
        assertThat(feed(new CreditsGranted("w1", 1))).as("parked: not handed out").isEmpty();
        assertThat(scheduler.countsOf("j").get(SubtaskState.PENDING)).isEqualTo(1);

        assertThat(feed(new RetriesDue("j", ints(0)))).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new Assign(0, "w1", "j", ints(0), ints(2)));
        List<Instruction> second = feed(new SubtasksFailed("w1", "j", ints(0), ints(2), new RemoteFailure[]{BOOM}, 0));
        assertThat(second).usingRecursiveFieldByFieldElementComparator().containsExactly(new RetryLater(0, "j", ints(0), 200));
    }

    @Test
    void aFailureThatIsNotRetryableIsFinalWhateverRetriesAreLeft() {
        feed(new WorkerJoined("w1", 2));
        feed(new JobSubmitted("j", 2, RunPolicy.DEFAULT.withMaxRetries(5).withRetryBackoffMillis(0).withNoRetryOn(List.of("x.Bad"))));
        feed(new CreditsGranted("w1", 2));
        RemoteFailure bad = RemoteFailure.of("x.Bad", "bad input");

        List<Instruction> out = feed(new SubtasksFailed("w1", "j", ints(0), ints(1), new RemoteFailure[]{bad},
                new boolean[]{false}, 0));

        assertThat(out).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new DeliverFailures(0, "j", List.of(new SubtaskFailure(0, 1, "w1", bad))));
        assertThat(scheduler.isRunning("j")).isTrue();
    }

    @Test
    void aFailFastJobEndsAtItsFirstFinalFailureAndCancelsTheRest() {
        feed(new WorkerJoined("w1", 2));
        feed(new JobSubmitted("j", 5, RunPolicy.DEFAULT.withRetryBackoffMillis(0).withFailFast(true)));
        feed(new CreditsGranted("w1", 2));

        List<Instruction> out = feed(new SubtasksFailed("w1", "j", ints(1), ints(1), new RemoteFailure[]{BOOM}, 0));

        assertThat(out).usingRecursiveFieldByFieldElementComparator().containsExactly(
                new DeliverFailures(0, "j", List.of(new SubtaskFailure(1, 1, "w1", BOOM))),
                new ReleaseJob(0, "w1", "j", "subtask 1 failed for good and the job is fail-fast, so the rest were cancelled",
                        true),
                new FinishJob(0, "j", JobState.FAILED, 0, 1,
                        "subtask 1 failed for good and the job is fail-fast, so the rest were cancelled", -1));
        assertThat(scheduler.heldBy("w1")).isZero();
    }

    @Test
    void aPassedDeadlineCancelsWhatIsLeftAndFailsTheJob() {
        feed(new WorkerJoined("w1", 1));
        assertThat(feed(new JobSubmitted("j", 3, RunPolicy.DEFAULT.withDeadlineMillis(5000))))
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new Instruction.WatchDeadline(0, "j", 5000));
        feed(new CreditsGranted("w1", 1));
        feed(new SubtasksSucceeded("w1", "j", ints(0), ints(1), items(A), 0));

        List<Instruction> out = feed(new JobDeadlinePassed("j"));

        String reason = "the job's deadline of 5000 ms passed with 2 of 3 subtasks unfinished; they were cancelled";
        assertThat(out).usingRecursiveFieldByFieldElementComparator().containsExactly(
                new ReleaseJob(0, "w1", "j", reason, true),
                new FinishJob(0, "j", JobState.FAILED, 1, 0, reason, -1));
    }

    @Test
    void aResumedJobRunsOnlyWhatHasNoRecordedOutcome() {
        feed(new WorkerJoined("w1", 4));
        feed(new JobResumed("j", 5, RunPolicy.DEFAULT, ints(0, 3), ints(1)));

        assertThat(feed(new CreditsGranted("w1", 8))).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new Assign(0, "w1", "j", ints(2, 4), ints(1, 1)));
        List<Instruction> end = feed(new SubtasksSucceeded("w1", "j", ints(2, 4), ints(1, 1), items(A, B), 0));
        assertThat(end).last().usingRecursiveComparison().isEqualTo(new FinishJob(0, "j", JobState.FAILED, 4, 1, null, -1));
    }

    @Test
    void aResumedJobWhoseOutcomesAreAllRecordedEndsAtOnce() {
        assertThat(feed(new JobResumed("j", 2, RunPolicy.DEFAULT, ints(0, 1), ints()))).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new FinishJob(0, "j", JobState.SUCCEEDED, 2, 0, null, -1));
    }

    @Test
    void aRetryGoesStraightToAWorkerWithCredits() {
        feed(new WorkerJoined("w1", 1));
        feed(new WorkerJoined("w2", 1));
        feed(new JobSubmitted("j", 1, 3));
        feed(new CreditsGranted("w1", 1));
        feed(new CreditsGranted("w2", 1));

        List<Instruction> out = feed(new SubtasksFailed("w1", "j", ints(0), ints(1), new RemoteFailure[]{BOOM}, 0));

        assertThat(out).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new Assign(0, "w2", "j", ints(0), ints(2)));
    }

    @Test
    void whatALostWorkerHeldRunsElsewhereAndItsLateReportsAreIgnored() {
        feed(new WorkerJoined("w1", 1));
        feed(new WorkerJoined("w2", 1));
        feed(new JobSubmitted("j", 2, 1));
        feed(new CreditsGranted("w1", 2));
        feed(new SubtasksStarted("w1", "j", ints(0), ints(1)));

        assertThat(feed(new WorkerLeft("w1", "unreachable"))).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new Instruction.ForgetWorker(0, "w1", 2, false));
        List<Instruction> reassigned = feed(new CreditsGranted("w2", 4));
        List<Instruction> late = feed(new SubtasksSucceeded("w1", "j", ints(0), ints(1), items(A), 0));

        assertThat(reassigned).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new Assign(0, "w2", "j", ints(0, 1), ints(2, 2)));
        assertThat(late).isEmpty();
        assertThat(scheduler.heldBy("w2")).isEqualTo(2);
    }

    @Test
    void aSubtaskThatKeepsLosingItsWorkersFailsAsPoisonous() {
        feed(new JobSubmitted("j", 1, 1));
        List<Instruction> out = List.of();
        for (int round = 1; round <= RunPolicy.DEFAULT.maxWorkerLosses(); round++) {
            feed(new WorkerJoined("w" + round, 1));
            feed(new CreditsGranted("w" + round, 1));
            out = feed(new WorkerLeft("w" + round, "killed"));
            assertThat(out.get(0)).usingRecursiveComparison()
                    .isEqualTo(new Instruction.ForgetWorker(0, "w" + round, 1, false));
            if (round < RunPolicy.DEFAULT.maxWorkerLosses()) {
                assertThat(out).as("round " + round).hasSize(1);
            }
        }

        assertThat(out).hasSize(3);
        DeliverFailures failures = (DeliverFailures) out.get(1);
        assertThat(failures.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.attempts()).isEqualTo(3);
            assertThat(failure.workerId()).isEqualTo("w3");
            assertThat(failure.failure().message()).contains("running on 3 workers that were lost");
        });
        assertThat(out.get(2)).usingRecursiveComparison().isEqualTo(new FinishJob(0, "j", JobState.FAILED, 0, 1, null, -1));
    }

    @Test
    void aSubtaskOnTwoLostWorkersRunsAloneSoThatOnlyTheCulpritIsBlamed() {
        feed(new JobSubmitted("j", 3, 1));
        feed(new WorkerJoined("w1", 1));
        feed(new CreditsGranted("w1", 2)); // holds 0 and 1
        feed(new WorkerLeft("w1", "killed"));
        feed(new WorkerJoined("w2", 1));
        feed(new CreditsGranted("w2", 2)); // holds 0 and 1 again
        feed(new WorkerLeft("w2", "killed"));

        feed(new WorkerJoined("w3", 4));
        List<Instruction> out = feed(new CreditsGranted("w3", 4));
        assertThat(out).as("an idle worker takes one quarantined subtask, alone").usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new Assign(0, "w3", "j", ints(0), ints(3)));
        out = feed(new SubtasksSucceeded("w3", "j", ints(0), ints(3), items(A), 0));
        assertThat(out).usingRecursiveFieldByFieldElementComparator().contains(new Assign(0, "w3", "j", ints(1), ints(3)));
        assertThat(scheduler.heldBy("w3")).isEqualTo(1);

        out = feed(new WorkerLeft("w3", "killed")); // subtask 1 brought down a third worker, alone: the culprit
        assertThat(((DeliverFailures) out.get(1)).failures()).singleElement()
                .satisfies(f -> assertThat(f.index()).isEqualTo(1));

        feed(new WorkerJoined("w4", 1));
        assertThat(feed(new CreditsGranted("w4", 1))).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new Assign(0, "w4", "j", ints(2), ints(1)));
        out = feed(new SubtasksSucceeded("w4", "j", ints(2), ints(1), items(C), 0));
        assertThat(out).last().usingRecursiveComparison().isEqualTo(new FinishJob(0, "j", JobState.FAILED, 2, 1, null, -1));
    }

    @Test
    void aReportForAnOlderAttemptIsIgnored() {
        feed(new WorkerJoined("w1", 1));
        feed(new JobSubmitted("j", 1, 2));
        feed(new CreditsGranted("w1", 1));
        feed(new SubtasksFailed("w1", "j", ints(0), ints(1), new RemoteFailure[]{BOOM}, 0));
        feed(new CreditsGranted("w1", 1));

        assertThat(feed(new SubtasksSucceeded("w1", "j", ints(0), ints(1), items(A), 0))).isEmpty();
        assertThat(feed(new SubtasksSucceeded("w1", "j", ints(0), ints(2), items(B), 0)))
                .first().usingRecursiveComparison().isEqualTo(new DeliverResults(0, "j", "w1", ints(0), items(B)));
    }

    @Test
    void cancellingReleasesTheWorkersAndEndsTheJob() {
        feed(new WorkerJoined("w1", 2));
        feed(new JobSubmitted("j", 1000, 2));
        feed(new CreditsGranted("w1", 4));
        feed(new SubtasksStarted("w1", "j", ints(0), ints(1)));
        feed(new SubtasksSucceeded("w1", "j", ints(1), ints(1), items(A), 0));
        feed(new SubtasksFailed("w1", "j", ints(2), ints(1), new RemoteFailure[]{BOOM}, 0));

        List<Instruction> out = feed(new JobCancelRequested("j", "cancelled by the client"));

        assertThat(out).usingRecursiveFieldByFieldElementComparator().containsExactly(
                new ReleaseJob(0, "w1", "j", "cancelled by the client", true),
                new FinishJob(0, "j", JobState.CANCELLED, 1, 0, "cancelled by the client", -1));
        assertThat(scheduler.heldBy("w1")).isZero();
        assertThat(feed(new SubtasksSucceeded("w1", "j", ints(0), ints(1), items(C), 0))).isEmpty();
    }

    @Test
    void aSubtaskFailsForGoodWhetherOrNotItsStartWasReported() {
        feed(new WorkerJoined("w1", 1));
        feed(new JobSubmitted("j", 2, 1));
        feed(new CreditsGranted("w1", 2));
        feed(new SubtasksStarted("w1", "j", ints(1), ints(1)));

        List<Instruction> out = feed(new SubtasksFailed("w1", "j", ints(0, 1), ints(1, 1),
                new RemoteFailure[]{BOOM, BOOM}, 0));

        assertThat(out).usingRecursiveFieldByFieldElementComparator().containsExactly(
                new DeliverFailures(0, "j", List.of(new SubtaskFailure(0, 1, "w1", BOOM),
                        new SubtaskFailure(1, 1, "w1", BOOM))),
                new ReleaseJob(0, "w1", "j", "job failed", false),
                new FinishJob(0, "j", JobState.FAILED, 0, 2, null, -1));
    }

    @Test
    void creditsAreSharedRoundRobinAmongJobsWithPendingSubtasks() {
        feed(new WorkerJoined("w1", 1));
        feed(new JobSubmitted("a", 10, 1));
        feed(new JobSubmitted("b", 10, 1));

        List<Instruction> out = feed(new CreditsGranted("w1", 4));

        assertThat(out).usingRecursiveFieldByFieldElementComparator().containsExactly(
                new Assign(0, "w1", "a", ints(0, 1), ints(1, 1)),
                new Assign(0, "w1", "b", ints(0, 1), ints(1, 1)));
    }

    @Test
    void aNewWorkerGetsPartOfARunningJob() {
        feed(new WorkerJoined("w1", 1));
        feed(new JobSubmitted("j", 6, 1));
        feed(new CreditsGranted("w1", 2));

        feed(new WorkerJoined("w2", 1));
        List<Instruction> out = feed(new CreditsGranted("w2", 2));

        assertThat(out).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new Assign(0, "w2", "j", ints(2, 3), ints(1, 1)));
    }

    @Test
    void reportsFromUnknownWorkersOrJobsChangeNothing() {
        feed(new WorkerJoined("w1", 1));
        feed(new JobSubmitted("j", 1, 1));
        feed(new CreditsGranted("w1", 1));

        assertThat(feed(new SubtasksSucceeded("stranger", "j", ints(0), ints(1), items(A), 0))).isEmpty();
        assertThat(feed(new SubtasksSucceeded("w1", "no-such-job", ints(0), ints(1), items(A), 0))).isEmpty();
        assertThat(feed(new SubtasksSucceeded("w1", "j", ints(7), ints(1), items(A), 0))).isEmpty();
        assertThat(feed(new CreditsGranted("stranger", 5))).isEmpty();
        assertThat(scheduler.heldBy("w1")).isEqualTo(1);
    }

    @Test
    void aHugeJobCostsTwoBytesPerSubtaskUntilHandedOut() {
        feed(new WorkerJoined("w1", 2));
        feed(new JobSubmitted("huge", 10_000_000, 1));

        List<Instruction> out = feed(new CreditsGranted("w1", 3));

        assertThat(out).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new Assign(0, "w1", "huge", ints(0, 1, 2), ints(1, 1, 1)));
        assertThat(scheduler.countsOf("huge").get(SubtaskState.PENDING)).isEqualTo(9_999_997);
    }

    /** Regression: credits a worker granted while running tiny subtasks let it hoard a later job of long ones. */
    @Test
    void standingCreditsDoNotLetOneWorkerHoardAJobOfLongSubtasks() {
        feed(new WorkerJoined("w1", 1));
        feed(new CreditsGranted("w1", 4096));

        assertThat(feed(new JobSubmitted("long", 3000, 1))).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new Assign(0, "w1", "long", ints(0, 1), ints(1, 1)));
        assertThat(feed(new SubtasksSucceeded("w1", "long", ints(0), ints(1), items(A), 20_000_000)))
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new DeliverResults(0, "long", "w1", ints(0), items(A)), new Assign(0, "w1", "long", ints(2), ints(1)));

        feed(new WorkerJoined("w2", 1));
        assertThat(feed(new CreditsGranted("w2", 4096))).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new Assign(0, "w2", "long", ints(3, 4), ints(1, 1)));
        assertThat(scheduler.heldBy("w1")).isEqualTo(2);
    }

    @Test
    void aWorkerHoldsManyTinySubtasksOnceTheirPaceIsKnown() {
        feed(new WorkerJoined("w1", 2));
        feed(new CreditsGranted("w1", 100));
        feed(new JobSubmitted("tiny", 1000, 1));

        List<Instruction> out = feed(new SubtasksSucceeded("w1", "tiny", ints(0, 1), ints(1, 1), items(A, B), 2_000));

        Assign refill = (Assign) out.get(1);
        assertThat(refill.indices()).hasSize(96);
        assertThat(Dispatcher.holdLimit(new WorkerEntry("w", 2, 0), new JobEntry("j", 1, RunPolicy.DEFAULT, false))).isEqualTo(4);
    }

    @Test
    void asyncJobsSpendAsyncCreditsUpToTheSlotsAndCpuJobsSpendCpuCredits() {
        feed(new WorkerJoined("w1", 2, 100));
        feed(new JobSubmitted("io", 500, RunPolicy.DEFAULT, true));
        feed(new JobSubmitted("cpu", 10, 1));

        List<Instruction> out = feed(new CreditsGranted("w1", 4, 300));

        assertThat(out).usingRecursiveFieldByFieldElementComparator().containsExactlyInAnyOrder(
                new Assign(0, "w1", "io", range(0, 100), ones(100)),
                new Assign(0, "w1", "cpu", ints(0, 1, 2, 3), ones(4)));
        assertThat(feed(new CreditsGranted("w1", 0, 50))).as("the async job is at its worker's slots").isEmpty();
    }

    @Test
    void anAsyncJobWaitsForAWorkerWithAsyncCredits() {
        feed(new WorkerJoined("w1", 2));
        feed(new JobSubmitted("io", 5, RunPolicy.DEFAULT, true));
        assertThat(feed(new CreditsGranted("w1", 8))).as("CPU credits do not run async subtasks").isEmpty();

        feed(new WorkerJoined("w2", 1, 10));
        assertThat(feed(new CreditsGranted("w2", 0, 10))).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new Assign(0, "w2", "io", range(0, 5), ones(5)));
    }

    @Test
    void anIllegalTransitionThrowsWithTheSubtaskAndRecentEvents() {
        Transitions transitions = new Transitions((from, to) -> {
        });
        transitions.recordEvent(new JobSubmitted("j", 1, 1));
        JobEntry job = new JobEntry("j", 1, RunPolicy.DEFAULT, false);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> transitions.move(job, 0, SubtaskState.SUCCEEDED))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("ILLEGAL TRANSITION of subtask 0 of job j: PENDING -> SUCCEEDED")
                .hasMessageContaining("JobSubmitted[jobId=j");
    }

    @Test
    void onlyTheTransitionsInTheTableAreLegal() {
        for (SubtaskState from : SubtaskState.values()) {
            for (SubtaskState to : SubtaskState.values()) {
                assertThat(from.canMoveTo(to)).as(from + " -> " + to)
                        .isEqualTo(SubtaskState.TRANSITIONS.get(from).contains(to));
            }
            if (from.isTerminal()) {
                assertThat(SubtaskState.TRANSITIONS.get(from)).as("terminal " + from).isEmpty();
            }
        }
    }

    @AfterAll
    static void everyLegalTransitionWasExercised() {
        for (Map.Entry<SubtaskState, Set<SubtaskState>> legal : SubtaskState.TRANSITIONS.entrySet()) {
            assertThat(exercised.getOrDefault(legal.getKey(), Set.of()))
                    .as("transitions exercised from " + legal.getKey())
                    .containsExactlyInAnyOrderElementsOf(legal.getValue());
        }
    }
}
