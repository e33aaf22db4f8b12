package io.taskgrid.deploy;

import io.taskgrid.internal.Secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/** Runs the taskgrid command line in its own JVM, the way the launcher does. */
final class CliRunner {

    /** What a finished command printed and returned. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /**
     * The token file every process started here uses (through {@code TASKGRID_TOKEN_FILE}): the
     * first coordinator creates it, the rest read it, and the user's ~/.taskgrid stays untouched.
     */
    static final Path TOKEN_FILE = tokenFile();

    private CliRunner() {
    }

    private static Path tokenFile() {
        try {
            Path directory = Files.createTempDirectory("taskgrid-cli-test-");
            Path token = directory.resolve("token");
            directory.toFile().deleteOnExit();
            token.toFile().deleteOnExit(); // registered last, so deleted first: the directory is empty by then
            return token;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> command(String... args) {
        return javaCommand(Main.class.getName(), args);
    }

    /** A JVM with this test's classpath running {@code mainClass} with {@code args}. */
    static List<String> javaCommand(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmOptions.required());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    /**
     * The command run on the built distribution's classpath ({@code target/taskgrid-dist}): Taskgrid's
     * own jars and nothing of this test's, as on a machine where only Taskgrid is installed.
     */
    static List<String> distributionCommand(String... args) {
        Path lib = Path.of("target", "taskgrid-dist", "taskgrid", "lib").toAbsolutePath();
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("no distribution at " + lib + ": run the tests with ./mvnw verify, which "
                    + "packages it first");
        }
        List<String> command = javaCommand(Main.class.getName(), args);
        command.set(command.indexOf("-cp") + 1, lib + java.io.File.separator + "*");
        return command;
    }

    /** Starts {@code command}; its output goes to files in {@code directory}. */
    static Process start(Path directory, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(directory.resolve("stdout").toFile())
                .redirectError(directory.resolve("stderr").toFile());
        builder.environment().remove(Secrets.TOKEN_ENV);
        builder.environment().put(Secrets.TOKEN_FILE_ENV, TOKEN_FILE.toString());
        builder.environment().put("TASKGRID_CACHE_DIR", directory.resolve("artifact-cache").toString());
        return builder.start();
    }

    /** Starts the command; its output goes to files in {@code directory}. */
    static Process start(Path directory, String... args) throws IOException {
        return start(directory, Map.of(), args);
    }

    /** Starts the command with extra environment variables. */
    static Process start(Path directory, Map<String, String> environment, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(args))
                .redirectOutput(directory.resolve("stdout").toFile())
                .redirectError(directory.resolve("stderr").toFile());
        builder.environment().remove(Secrets.TOKEN_ENV);
        builder.environment().put(Secrets.TOKEN_FILE_ENV, TOKEN_FILE.toString());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Runs the command to its end (at most {@code timeoutSeconds}). */
    static Result run(Path directory, long timeoutSeconds, String... args) throws Exception {
        return run(directory, timeoutSeconds, Map.of(), args);
    }

    /** Runs the command with extra environment variables to its end (at most {@code timeoutSeconds}). */
    static Result run(Path directory, long timeoutSeconds, Map<String, String> environment, String... args)
            throws Exception {
        Process process = start(directory, environment, args);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("taskgrid " + String.join(" ", args) + " did not finish within "
                    + timeoutSeconds + " s; stderr:\n" + read(directory.resolve("stderr")));
        }
        return new Result(process.exitValue(), read(directory.resolve("stdout")), read(directory.resolve("stderr")));
    }

    /** The line a coordinator prints when it serves clients. */
    static final Pattern READY = Pattern.compile("ready: gateway=(\\S+) http=(\\S+) cluster=(\\S+)");

    /** Waits for a coordinator started here to print its ready line; groups: gateway, http, cluster. */
    static Matcher awaitReady(Process coordinator, Path directory) {
        Matcher[] found = new Matcher[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!coordinator.isAlive()) {
                throw new AssertionError("the coordinator exited: " + read(directory.resolve("stderr")));
            }
            found[0] = READY.matcher(read(directory.resolve("stdout")));
            return found[0].find();
        });
        return found[0];
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
