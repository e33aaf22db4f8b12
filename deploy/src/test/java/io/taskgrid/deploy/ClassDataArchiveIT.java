package io.taskgrid.deploy;

import io.taskgrid.internal.Secrets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The class-data archive that the build writes into the distribution: the launcher starts its JVM
 * with it, the workers of a local cluster inherit it, and a JVM it does not fit starts without a word.
 */
class ClassDataArchiveIT {

    private static final Path HOME = Path.of("target", "taskgrid-dist", "taskgrid").toAbsolutePath();
    private static final Path ARCHIVE = HOME.resolve(ClassDataArchive.RELATIVE_PATH);
    private static final String FROM_ARCHIVE = "source: shared objects file (top)";

    @TempDir
    Path directory;

    @BeforeAll
    static void theBuildWroteTheArchive() {
        assumeTrue(Files.isRegularFile(ARCHIVE), "the build skipped the class-data archive (-Dtaskgrid.cds.skip)");
    }

    @Test
    void theLauncherMapsTaskgridsClassesFromTheArchive() throws Exception {
        Path classes = directory.resolve("classes.txt");
        Result version = launch(Map.of("TASKGRID_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:file=" + classes),
                "--version");

        assertThat(version.exitCode).as(version.stderr).isZero();
        assertThat(version.stdout).startsWith("taskgrid ");
        List<String> loaded = Files.readAllLines(classes);
        assertThat(loaded).anyMatch(line -> line.contains("io.taskgrid.deploy.cli.Cli " + FROM_ARCHIVE));
        // about 220 of the ~1,400 classes that --version loads (it sets up no logging); the rest come from
        // the JDK's own archive, or are picocli's, whose Java 5 class files no archive can hold
        assertThat(loaded.stream().filter(line -> line.contains(FROM_ARCHIVE)).count()).isGreaterThan(150);
    }

    @Test
    void taskgridCdsOffStartsWithoutIt() throws Exception {
        Path classes = directory.resolve("classes.txt");
        Result version = launch(Map.of("TASKGRID_CDS", "off",
                "TASKGRID_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes), "--version");

        assertThat(version.exitCode).as(version.stderr).isZero();
        assertThat(Files.readString(classes)).doesNotContain(FROM_ARCHIVE);
    }

    @Test
    void aJvmTheArchiveDoesNotFitStartsWithoutItAndWithoutAWord() throws Exception {
        Path otherJar = Files.copy(HOME.resolve("lib").resolve(firstJar()), directory.resolve("other.jar"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:SharedArchiveFile=" + ARCHIVE, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        command.addAll(JvmOptions.required());
        command.addAll(List.of("-cp", otherJar + java.io.File.pathSeparator + HOME.resolve("lib") + "/*",
                Main.class.getName(), "--version"));

        Result version = run(new ProcessBuilder(command));

        assertThat(version.exitCode).as(version.stderr).isZero();
        assertThat(version.stdout).startsWith("taskgrid ");
        assertThat(version.stdout + version.stderr).doesNotContainIgnoringCase("shared archive").doesNotContain("[cds");
    }

    @Test
    void theWorkersOfALocalClusterStartWithTheSameArchive() throws Exception {
        Path loaded = directory.resolve("worker-classes.txt");
        ProcessBuilder builder = launcher(Map.of("TASKGRID_WORKER_JAVA_OPTS", "-Xlog:class+load:file=" + loaded),
                "local", "--workers", "1")
                .redirectOutput(directory.resolve("stdout").toFile()).redirectError(directory.resolve("stderr").toFile());
        Process local = builder.start();
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertThat(local.isAlive()).as(CliRunner.read(directory.resolve("stderr"))).isTrue();
                return CliRunner.read(directory.resolve("stdout")).startsWith("ready: ");
            });
            Optional<List<String>> worker = local.toHandle().descendants().map(ClassDataArchiveIT::commandLine)
                    .filter(arguments -> arguments.contains(LocalWorkerMain.class.getName())).findFirst();
            assertThat(worker).as("the worker process").isPresent();
            assertThat(worker.get()).contains("-XX:SharedArchiveFile=" + ARCHIVE);
            assertThat(Files.readString(loaded)).as("the worker maps its own classes from the archive, not just names it")
                    .contains("io.taskgrid.worker.WorkerNode source: shared objects file (top)");
        } finally {
            local.destroy();
            local.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Result launch(Map<String, String> environment, String... args) throws Exception {
        return run(launcher(environment, args));
    }

    private ProcessBuilder launcher(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("bin").resolve("taskgrid").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove(Secrets.TOKEN_ENV);
        builder.environment().remove("TASKGRID_CDS");
        builder.environment().remove("TASKGRID_JAVA_OPTS");
        builder.environment().put(Secrets.TOKEN_FILE_ENV, directory.resolve("token").toString());
        builder.environment().putAll(environment);
        return builder;
    }

    private Result run(ProcessBuilder builder) throws Exception {
        Path out = directory.resolve("out-" + System.nanoTime());
        Path err = directory.resolve("err-" + System.nanoTime());
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished within 120 s").isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** A process's whole command line (ProcessHandle.Info cuts long ones, and a worker's classpath is long). */
    private static List<String> commandLine(ProcessHandle process) {
        try {
            return List.of(Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).split("\0"));
        } catch (IOException gone) {
            return List.of();
        }
    }

    private static String firstJar() throws IOException {
        try (var jars = Files.list(HOME.resolve("lib"))) {
            return jars.map(jar -> jar.getFileName().toString()).filter(name -> name.endsWith(".jar")).sorted()
                    .findFirst().orElseThrow();
        }
    }
}
