package io.taskgrid.deploy.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class QuietLoggingTest {

    @Test
    void logbackFindsItAsAConfigurator() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
                .contains(QuietLogging.class);
    }

    @Test
    void taskgridLogsInfoAndTheLibrariesOnlyWarningsOnStandardError() {
        LoggerContext context = new LoggerContext();

        QuietLogging.configureDefaults(context);

        assertThat(context.getLogger("io.taskgrid.coordinator.internal.JobLog").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.apache.pekko.cluster.Cluster").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.apache.pekko.stream.Materializer").getEffectiveLevel()).isEqualTo(Level.ERROR);
        assertThat(context.getLogger("com.hazelcast.spi.impl.operationservice.impl.Invocation").getEffectiveLevel())
                .isEqualTo(Level.ERROR);
        assertThat(context.getLogger("some.library").getEffectiveLevel()).isEqualTo(Level.WARN);
        ConsoleAppender<?> appender = (ConsoleAppender<?>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .getAppender("STDERR");
        assertThat(appender.getTarget()).isEqualTo("System.err");
        assertThat(appender.isStarted()).isTrue();
    }

    @Test
    void aLogbackTestXmlOnTheClassPathWinsOverTheDefaults() {
        LoggerContext context = new LoggerContext();
        QuietLogging logging = new QuietLogging();
        logging.setContext(context);

        assertThat(QuietLogging.hasOwnConfiguration()).as("this module's logback-test.xml").isTrue();
        assertThat(logging.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
    }
}
