package io.taskgrid.deploy.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flags over environment variables over the configuration file over built-in defaults. */
class ConfigDefaultsTest {

    @TempDir
    Path directory;

    @Test
    void theFileSuppliesWhatNothingElseDoesAndACommandsOwnKeyWinsOverTheSharedOne() throws IOException {
        Path file = write("coordinator = 10.0.0.5:7711\nworker.coordinator = 10.0.0.5:7710\nthreads = 3\n"
                + "async-slots = 50\n");

        WorkerCommand worker = parseWorker(Map.of(), "--config", file.toString(), "worker");

        assertThat(worker.coordinator).isEqualTo("10.0.0.5:7710");
        assertThat(worker.threads).isEqualTo(3);
        assertThat(worker.asyncSlots).isEqualTo(50);
        assertThat(worker.port).as("built-in default").isZero();
    }

    @Test
    void environmentVariablesWinOverTheFileAndFlagsWinOverBoth() throws IOException {
        Path file = write("worker.threads = 3\nworker.coordinator = file:1\nasync-slots = 50\n");
        Map<String, String> env = Map.of("TASKGRID_CONFIG", file.toString(), "TASKGRID_THREADS", "5",
                "TASKGRID_WORKER_COORDINATOR", "env:2", "TASKGRID_ASYNC_SLOTS", "60");

        WorkerCommand fromEnv = parseWorker(env, "worker");
        WorkerCommand fromFlags = parseWorker(env, "worker", "--threads", "7", "--coordinator", "flag:3");

        assertThat(fromEnv.threads).isEqualTo(5);
        assertThat(fromEnv.coordinator).isEqualTo("env:2");
        assertThat(fromEnv.asyncSlots).isEqualTo(60);
        assertThat(fromFlags.threads).isEqualTo(7);
        assertThat(fromFlags.coordinator).isEqualTo("flag:3");
    }

    @Test
    void aMistypedKeyIsAnErrorThatSaysWhatAKeyIs() throws IOException {
        Path file = write("worker.thraeds = 3\n");

        assertThatThrownBy(() -> Cli.create(new String[]{"--config", file.toString(), "worker"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown setting [worker.thraeds] in " + file)
                .hasMessageContaining("worker.threads");
    }

    @Test
    void aNamedFileThatDoesNotExistIsAnError() {
        Path missing = directory.resolve("nope.properties");

        assertThatThrownBy(() -> Cli.create(new String[]{"--config=" + missing}, Map.of()))
                .hasMessage("there is no configuration file " + missing + " (named by --config)");
        assertThatThrownBy(() -> Cli.create(new String[0], Map.of("TASKGRID_CONFIG", missing.toString())))
                .hasMessage("there is no configuration file " + missing + " (named by $TASKGRID_CONFIG)");
    }

    @Test
    void environmentNamesFollowTheOptionNames() {
        assertThat(ConfigDefaults.envName("worker-async-slots")).isEqualTo("TASKGRID_WORKER_ASYNC_SLOTS");
        assertThat(ConfigDefaults.envName("token-file")).isEqualTo("TASKGRID_TOKEN_FILE");
    }

    private WorkerCommand parseWorker(Map<String, String> env, String... args) {
        CommandLine cli = Cli.create(args, env);
        cli.parseArgs(args);
        return cli.getSubcommands().get("worker").getCommand();
    }

    private Path write(String properties) throws IOException {
        Path file = directory.resolve("taskgrid.properties");
        Files.writeString(file, properties);
        return file;
    }
}
