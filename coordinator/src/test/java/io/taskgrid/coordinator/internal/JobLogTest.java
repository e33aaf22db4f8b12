package io.taskgrid.coordinator.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.taskgrid.JobState;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.protocol.RunPolicy;
import io.taskgrid.internal.protocol.SubtaskSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JobLogTest {

    private static final JobSpec SPEC = new JobSpec("job-1", "squares", RunPolicy.DEFAULT,
            new SubtaskSource.RangeSource(new byte[]{1}, 0, 10, 1), List.of());

    private final Logger logger = (Logger) LoggerFactory.getLogger(JobManager.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Level levelBefore;

    @BeforeEach
    void listen() {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(lines);
        logger.setLevel(levelBefore);
    }

    @Test
    void aShortSuccessfulJobIsLoggedAtDebugOnly() {
        JobLog.ended(SPEC, JobState.SUCCEEDED, 10, 0, null, 0.002);

        assertEquals(Level.DEBUG, onlyLine().getLevel());
        assertEquals("Job job-1 (squares) succeeded: 10 of 10 subtasks succeeded, 0 failed, in 0.00 s",
                onlyLine().getFormattedMessage());
    }

    @Test
    void aLongJobsEndIsInfo() {
        JobLog.ended(SPEC, JobState.SUCCEEDED, 10, 0, null, JobLog.LONG_JOB_SECONDS);

        assertEquals(Level.INFO, onlyLine().getLevel());
    }

    @Test
    void aJobThatDidNotSucceedIsInfoHoweverShortWithItsReason() {
        JobLog.ended(SPEC, JobState.FAILED, 7, 3, "3 subtasks failed", 0.01);

        assertEquals(Level.INFO, onlyLine().getLevel());
        assertEquals("Job job-1 (squares) failed: 7 of 10 subtasks succeeded, 3 failed, in 0.01 s (3 subtasks failed)",
                onlyLine().getFormattedMessage());
    }

    @Test
    void atInfoLevelAShortSuccessfulJobWritesNothing() {
        logger.setLevel(Level.INFO);

        JobLog.ended(SPEC, JobState.SUCCEEDED, 10, 0, null, 0.5);

        assertEquals(List.of(), lines.list);
    }

    private ILoggingEvent onlyLine() {
        assertEquals(1, lines.list.size(), () -> "lines: " + lines.list);
        return lines.list.get(0);
    }
}
