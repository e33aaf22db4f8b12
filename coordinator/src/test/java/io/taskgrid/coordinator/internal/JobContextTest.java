package io.taskgrid.coordinator.internal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.taskgrid.internal.protocol.JobSpec;
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
                new SubtaskSource.RangeSource(new byte[]{1}, 0, 100, 1), List.of()), 0, 0);

        job.recordFailures(IntStream.range(0, 20).mapToObj(i -> new SubtaskFailure(i, 3, "worker-2",
                RemoteFailure.of("java.io.IOException", "disk full"))).toList());

        assertThat(lines.list).hasSize(JobContext.FAILURES_LOGGED);
        assertThat(lines.list.get(0).getFormattedMessage()).startsWith(
                "Subtask failed for good: job=job-7 subtask=0 attempt=3 worker=worker-2: java.io.IOException: disk full");
        assertThat(lines.list.get(JobContext.FAILURES_LOGGED - 1).getFormattedMessage())
                .contains("further failures of this job are not logged; GET /api/jobs/job-7 lists them");
        assertThat(job.failuresShown()).hasSize(20);
    }
}
