package io.taskgrid.deploy.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels by command: the defaults are {@link QuietLogging}'s; commands adjust them. */
final class Logging {

    private static boolean verbose;

    private Logging() {
    }

    /** {@code --verbose}: Taskgrid at DEBUG, libraries at INFO. */
    static void verbose(boolean on) {
        verbose = on;
        if (on) {
            level(Logger.ROOT_LOGGER_NAME, Level.INFO);
            level("io.taskgrid", Level.DEBUG);
        }
    }

    static boolean isVerbose() {
        return verbose;
    }

    /** For commands whose output is the point (submit, status): Taskgrid's own INFO lines off. */
    static void quiet() {
        if (!verbose) {
            level("io.taskgrid", Level.WARN);
        }
    }

    private static void level(String logger, Level level) {
        if (LoggerFactory.getLogger(logger) instanceof Logger logback) {
            logback.setLevel(level);
        }
    }
}
