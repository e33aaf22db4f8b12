package io.taskgrid.deploy.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line builds only the command that runs, unless it needs them all; usage errors say what to do. */
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
    void everyCommandsHelpRendersWithoutAFormatWarning() throws IOException {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(warnings, true));
            CommandLine cli = Cli.create(new String[]{"--help"}, configFile(""));
            for (String command : EVERY_COMMAND) {
                String help = cli.getSubcommands().get(command).getUsageMessage();
                assertThat(help).as(command).contains("Usage:");
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(warnings.toString()).as("picocli's warnings (a '%' in a description must be '%%')").isEmpty();
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

    /** What the command line prints on stderr for {@code args}, and its exit code, without running anything. */
    private record Usage(int exitCode, String stderr) {
    }

    private Usage usageError(String... args) throws IOException {
        CommandLine cli = Cli.create(args, configFile(""));
        StringWriter stderr = new StringWriter();
        cli.setErr(new PrintWriter(stderr, true));
        int exitCode = cli.execute(args);
        return new Usage(exitCode, stderr.toString());
    }

    /** submit --local 2 primes --limit 1000 --json answered only "Unknown option: '--json'" and primes' usage. */
    @Test
    void anOptionOfSubmitAfterTheExamplesNameSaysWhereItBelongs() throws IOException {
        Usage usage = usageError("submit", "--local", "2", "primes", "--limit", "1000", "--json");

        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.stderr()).isEqualTo("taskgrid submit: --json is an option of submit: put it before the "
                + "example's name, as in:\n  taskgrid submit --local 2 --json primes --limit 1000\n");
    }

    @Test
    void severalOptionsOfSubmitAfterTheExamplesNameMoveWithTheirValues() throws IOException {
        Usage usage = usageError("-v", "submit", "primes", "--limit", "1000", "--local", "2", "--progress=never",
                "--token-file", "/tmp/my token");

        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.stderr()).isEqualTo("taskgrid submit: --local, --progress and --token-file are options of "
                + "submit: put them before the example's name, as in:\n  taskgrid -v submit --local 2 --progress=never "
                + "--token-file '/tmp/my token' primes --limit 1000\n");
    }

    @Test
    void anOptionOfSubmitAfterAnExampleWithParametersIsFoundToo() throws IOException {
        Usage usage = usageError("submit", "--local", "1", "wordcount", "a.txt", "--coordinator", "127.0.0.1:7711");

        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.stderr()).contains("--coordinator is an option of submit: put it before the example's name",
                "taskgrid submit --local 1 --coordinator 127.0.0.1:7711 wordcount a.txt");
    }

    @Test
    void aMistypedOptionOfTheExampleStillGetsPicocliMessageAndSuggestion() throws IOException {
        Usage usage = usageError("submit", "--local", "2", "primes", "--limitt", "1000");

        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.stderr()).contains("Unknown options: '--limitt'", "Possible solutions: --limit")
                .doesNotContain("is an option of submit");
    }
}
