package io.taskgrid.deploy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** The lines a class logs while this is open, as "LEVEL message": for tests that check what a user reads. */
final class LogLines implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogLines(Class<?> source) {
        logger = (Logger) LoggerFactory.getLogger(source);
        appender.start();
        logger.addAppender(appender);
    }

    /** Starts collecting what {@code source}'s logger writes. */
    static LogLines of(Class<?> source) {
        return new LogLines(source);
    }

    /** The lines so far, oldest first. */
    List<String> lines() {
        synchronized (appender) { // AppenderBase.doAppend adds under this lock
            return appender.list.stream().map(event -> event.getLevel() + " " + event.getFormattedMessage()).toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
