package io.taskgrid.deploy.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line builds only the command that runs, unless it needs them all. */
class CliTest {

    private static final String[] EVERY_COMMAND = {"local", "coordinator", "worker", "submit", "status", "jobs",
            "workers", "cancel", "drain", "bench", "prepare", "ssh", "help"};

    @TempDir
    Path directory;

    private Map<String, String> configFile(String properties) throws IOException {
        Path file = directory.resolve("taskgrid.properties");
        Files.writeString(file, properties);
        return Map.of("TASKGRID_CONFIG", file.toString());
    }

    @Test
    void onlyTheNamedCommandIsBuiltAndItKeepsTheInheritedOptions() throws IOException {
        String[] args = {"-v", "worker", "--coordinator", "10.0.0.5:7710", "--verbose"};

        CommandLine cli = Cli.create(args, configFile(""));
        cli.parseArgs(args);

        assertThat(cli.getSubcommands()).containsOnlyKeys("worker");
        WorkerCommand worker = cli.getSubcommands().get("worker").getCommand();
        assertThat(worker.coordinator).isEqualTo("10.0.0.5:7710");
        assertThat(cli.getSubcommands().get("worker").getCommandSpec().qualifiedName()).isEqualTo("taskgrid worker");
    }

    @Test
    void submitStillHasTheBuiltInExamples() throws IOException {
        CommandLine cli = Cli.create(new String[]{"submit", "--local", "2", "primes"}, configFile(""));

        assertThat(cli.getSubcommands()).containsOnlyKeys("submit");
        assertThat(cli.getSubcommands().get("submit").getSubcommands()).containsKey("primes");
    }

    @Test
    void everyCommandIsBuiltForHelpForAMistypedCommandAndForAFileToCheck() throws IOException {
        Map<String, String> noKeys = configFile("");
        assertThat(Cli.create(new String[]{"--help"}, noKeys).getSubcommands()).containsOnlyKeys(EVERY_COMMAND);
        assertThat(Cli.create(new String[0], noKeys).getSubcommands()).containsOnlyKeys(EVERY_COMMAND);
        assertThat(Cli.create(new String[]{"help", "worker"}, noKeys).getSubcommands()).containsOnlyKeys(EVERY_COMMAND);
        assertThat(Cli.create(new String[]{"workr"}, noKeys).getSubcommands()).containsOnlyKeys(EVERY_COMMAND);
        assertThat(Cli.create(new String[]{"worker"}, configFile("threads = 3\n")).getSubcommands())
                .as("a file's keys are checked against every command's options").containsOnlyKeys(EVERY_COMMAND);
    }

    @Test
    void theCommandIsTheFirstArgumentThatIsNeitherAnOptionNorTheConfigurationFile() {
        assertThat(Cli.commandNamedIn(new String[]{"--config", "status", "-v", "jobs", "--all"})).isEqualTo("jobs");
        assertThat(Cli.commandNamedIn(new String[]{"--config=x.properties", "status"})).isEqualTo("status");
        assertThat(Cli.commandNamedIn(new String[]{"-V"})).isNull();
    }

    @Test
    void anExceptionWithoutAMessageIsDescribedForAPersonNotByItsBareName() {
        String line = Cli.describe(new java.util.concurrent.CompletionException(new java.util.concurrent.TimeoutException()));

        assertThat(line).startsWith("an unexpected java.util.concurrent.TimeoutException at ")
                .contains("CliTest").endsWith("run the command again with -v for the stack trace, and report it)");
    }
}
