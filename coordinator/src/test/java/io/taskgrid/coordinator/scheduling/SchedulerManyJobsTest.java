package io.taskgrid.coordinator.scheduling;

import io.taskgrid.JobState;
import io.taskgrid.coordinator.scheduling.Instruction.Assign;
import io.taskgrid.coordinator.scheduling.Instruction.FinishJob;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.CreditsGranted;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.JobCancelRequested;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.JobSubmitted;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.SubtasksSucceeded;
import io.taskgrid.coordinator.scheduling.SchedulerEvent.WorkerJoined;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.RunPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many small jobs at once, as an {@code ExecutorService} makes them: each is handed out once, in
 * the order submitted, CPU and async credits each to their own kind, and jobs cancelled while they
 * wait are skipped.
 */
class SchedulerManyJobsTest {

    private static final int JOBS = 20_000;

    private final Scheduler scheduler = new Scheduler();
    private final List<String> assigned = new ArrayList<>();
    private final ArrayDeque<Assign> onWorker = new ArrayDeque<>();
    private final Map<String, JobState> finished = new LinkedHashMap<>();

    private void feed(SchedulerEvent event) {
        for (Instruction instruction : scheduler.handle(event)) {
            if (instruction instanceof Assign assign) {
                assertThat(assign.indices()).containsExactly(0);
                assigned.add(assign.jobId());
                onWorker.add(assign);
            } else if (instruction instanceof FinishJob finish) {
                assertThat(finished.put(finish.jobId(), finish.state())).as("finished twice: " + finish.jobId()).isNull();
            }
        }
    }

    /** Runs what the worker holds, granting a credit back for each, until nothing is left. */
    private void runToTheEnd(String workerId) {
        while (!onWorker.isEmpty()) {
            Assign assign = onWorker.poll();
            feed(new SubtasksSucceeded(workerId, assign.jobId(), assign.indices(), assign.attempts(),
                    items(1), 1_000));
            boolean async = assign.jobId().startsWith("io");
            feed(new CreditsGranted(workerId, async ? 0 : 1, async ? 1 : 0));
        }
    }

    @Test
    void everyOneSubtaskJobRunsOnceInTheOrderSubmittedAndCancelledOnesAreSkipped() {
        feed(new WorkerJoined("w1", 2, 2));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            boolean async = i % 5 == 0;
            String jobId = (async ? "io-" : "cpu-") + i;
            feed(new JobSubmitted(jobId, 1, RunPolicy.DEFAULT, async));
            if (i % 3 == 1) {
                feed(new JobCancelRequested(jobId, "test"));
            } else {
                expected.add(jobId);
            }
        }
        feed(new CreditsGranted("w1", 4, 4));
        runToTheEnd("w1");

        scheduler.checkInvariants();
        assertThat(assigned).hasSize(expected.size()).doesNotHaveDuplicates();
        assertThat(assigned.stream().filter(id -> id.startsWith("cpu")).toList())
                .isEqualTo(expected.stream().filter(id -> id.startsWith("cpu")).toList());
        assertThat(assigned.stream().filter(id -> id.startsWith("io")).toList())
                .isEqualTo(expected.stream().filter(id -> id.startsWith("io")).toList());
        assertThat(finished).hasSize(JOBS);
        assertThat(finished.values().stream().filter(state -> state == JobState.CANCELLED)).hasSize(JOBS - expected.size());
        assertThat(expected).allSatisfy(id -> assertThat(finished.get(id)).isEqualTo(JobState.SUCCEEDED));
    }

    /** One item of one byte per value. */
    private static EncodedItems items(int... oneByteEach) {
        EncodedItems.Builder builder = new EncodedItems.Builder(oneByteEach.length);
        for (int value : oneByteEach) {
            builder.add(new byte[]{(byte) value});
        }
        return builder.build();
    }
}
