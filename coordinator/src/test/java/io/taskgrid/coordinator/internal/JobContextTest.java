package io.taskgrid.coordinator.internal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.taskgrid.cluster.WorkerMessage.RunSubtasks;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.protocol.Limits;
import io.taskgrid.internal.protocol.RemoteFailure;
import io.taskgrid.internal.protocol.RunPolicy;
import io.taskgrid.internal.protocol.SubtaskFailure;
import io.taskgrid.internal.protocol.SubtaskSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class JobContextTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(JobContext.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void eachLoggedFailureNamesJobSubtaskAttemptAndWorkerAndOnlyTheFirstFewAreLogged() {
        JobContext job = new JobContext(new JobSpec("job-7", "primes", RunPolicy.DEFAULT,
                new SubtaskSource.RangeSource(new byte[]{1}, 0, 100, 1), List.of()), 0);

        job.recordFailures(IntStream.range(0, 20).mapToObj(i -> new SubtaskFailure(i, 3, "worker-2",
                RemoteFailure.of("java.io.IOException", "disk full"))).toList(), 42);

        assertThat(lines.list).hasSize(JobContext.FAILURES_LOGGED);
        assertThat(lines.list.get(0).getFormattedMessage()).startsWith(
                "Subtask failed for good: job=job-7 subtask=0 attempt=3 worker=worker-2 [s42]: java.io.IOException: disk full");
        assertThat(lines.list.get(JobContext.FAILURES_LOGGED - 1).getFormattedMessage())
                .contains("further failures of this job are not logged; GET /api/jobs/job-7 lists them");
        assertThat(job.failuresShown()).hasSize(20);
    }

    @Test
    void batchesCarryEachSubtasksPayloadAndStayUnderTheFrameLimit() {
        int big = Limits.MAX_BATCH_BYTES / 3 + 1; // three of these do not fit one batch
        EncodedItems.Builder inputs = new EncodedItems.Builder(6);
        for (int i = 0; i < 6; i++) {
            byte[] input = new byte[i % 2 == 0 ? big : 5];
            input[0] = (byte) i;
            inputs.add(input);
        }
        JobContext job = new JobContext(new JobSpec("job-8", "map", RunPolicy.DEFAULT,
                new SubtaskSource.MapSource(new byte[]{1}, inputs.build(), false), List.of()), 0);

        List<RunSubtasks> batches = job.batches(new int[]{5, 4, 2, 0, 1}, new int[]{1, 1, 2, 1, 1}, false);

        assertThat(batches).hasSize(2);
        assertThat(batches).allSatisfy(batch -> assertThat(batch.payloads().blob()).hasSizeLessThanOrEqualTo(Limits.MAX_BATCH_BYTES));
        assertThat(batches.get(0).indices()).containsExactly(5, 4, 2);
        assertThat(batches.get(0).attempts()).containsExactly(1, 1, 2);
        assertThat(batches.get(1).indices()).containsExactly(0, 1);
        for (RunSubtasks batch : batches) {
            for (int i = 0; i < batch.indices().length; i++) {
                assertThat(batch.payloads().item(i)).as("subtask " + batch.indices()[i])
                        .hasSize(batch.indices()[i] % 2 == 0 ? big : 5).startsWith((byte) batch.indices()[i]);
            }
        }
    }
}
