package io.taskgrid.deploy.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.Map;

/**
 * Taskgrid's default logging, set up in code instead of from a {@code logback.xml}: Logback's XML
 * configurator runs before the JIT has compiled anything, so parsing one is a noticeable part of
 * every Taskgrid JVM's start. Quiet by default: Taskgrid's own INFO lines (workers joining and leaving,
 * jobs that failed or ran for a second or more ending), warnings and errors from the libraries,
 * on standard error. {@code taskgrid -v} shows more (see {@link Logging}).
 *
 * <p>A configuration of one's own still wins: with {@code -Dlogback.configurationFile}, or a
 * {@code logback-test.xml} or {@code logback.xml} on the class path, Logback reads that instead.
 * Logback finds this class through {@code META-INF/services}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class QuietLogging extends ContextAwareBase implements Configurator {

    private static final Map<String, Level> LEVELS = Map.of(
            "io.taskgrid", Level.INFO,
            "org.apache.pekko", Level.WARN,
            // Artery's streams warn about every connection a peer closes, also in a normal shutdown
            "org.apache.pekko.stream.Materializer", Level.ERROR,
            // and warn, with a paragraph, of each removed node's quarantine: Taskgrid's downing line says it once
            "org.apache.pekko.remote.artery.Association", Level.ERROR,
            "com.hazelcast", Level.WARN,
            // At shutdown Hazelcast fails every invocation still in its registry, and warns with a stack
            // trace for each one that had completed already (a "double completion"): thousands of lines
            "com.hazelcast.spi.impl.operationservice.impl.Invocation", Level.ERROR,
            "io.netty", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (hasOwnConfiguration()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configureDefaults(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Sets Taskgrid's default appender and levels on {@code context}. */
    static void configureDefaults(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%logger{0}] %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    static boolean hasOwnConfiguration() {
        ClassLoader loader = QuietLogging.class.getClassLoader();
        return System.getProperty("logback.configurationFile") != null
                || loader.getResource("logback-test.xml") != null || loader.getResource("logback.xml") != null;
    }
}
