package io.taskgrid.deploy;

import io.taskgrid.internal.Secrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A user's program needs no JVM flag (issue 24: a client without the distribution's jvm.options
 * failed at its first {@code Job.map} of a lambda). A client JVM started with none at all, just
 * {@code java -cp CLASSPATH MAIN}, on each JDK this machine has, runs jobs of lambdas over the
 * JDK's collections on a local cluster and gets every result back.
 */
class PlainJvmClientIT {

    @RegisterExtension
    static final SharedCluster shared = new SharedCluster(2, 1);

    /** The second JDK of the build machines. */
    static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    /** What {@link PlainJvmClientMain} prints, line by line. */
    static final List<String> EXPECTED = List.of(
            "jvm arguments: []",
            "captured local: [3, 6, 9]",
            "method reference: [101, 110]",
            "capturing this: [101, 102]",
            "nested lambda: [5, 10]",
            "collections as inputs: [java.util.ImmutableCollections$List12=3, java.util.Arrays$ArrayList=7, "
                    + "java.util.Collections$UnmodifiableRandomAccessList=11, java.util.ImmutableCollections$ListN=7, "
                    + "java.util.LinkedList=8, java.util.Collections$SingletonList=9, java.util.Collections$EmptyList=0, "
                    + "java.util.TreeSet=3, java.util.ImmutableCollections$Set12=10]",
            "collections as results: [[4, {grid=4}, {first=g, last=d}, [grid, GRID], [grid, null], "
                    + "00000000-0000-0004-0000-00000000002a, 2024-01-04, Optional[4.50]], [3, {jvm=3}, {first=j, last=m}, "
                    + "[jvm, JVM], [jvm, null], 00000000-0000-0003-0000-00000000002a, 2024-01-03, Optional[3.50]]]",
            "classes of the results: [java.lang.Integer, java.util.ImmutableCollections$Map1, java.util.TreeMap, "
                    + "java.util.Collections$UnmodifiableRandomAccessList, java.util.ImmutableCollections$ListN, "
                    + "java.util.UUID, java.time.LocalDate, java.util.Optional]");

    @Test
    void aClientWithoutFlagsRunsLambdasOnTheDefaultJdk(@TempDir Path directory) throws Exception {
        runClient(Path.of(System.getProperty("java.home")), directory);
    }

    @Test
    void aClientWithoutFlagsRunsLambdasOnJava25(@TempDir Path directory) throws Exception {
        assumeTrue(Files.isDirectory(TEMURIN_25), "no JDK 25 at " + TEMURIN_25 + ": only the default JDK was checked");
        runClient(TEMURIN_25, directory);
    }

    private static void runClient(Path javaHome, Path directory) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(javaHome.resolve("bin").resolve("java").toString(),
                "-cp", System.getProperty("java.class.path"), PlainJvmClientMain.class.getName(),
                shared.cluster().gatewayAddress().toString())
                .redirectOutput(directory.resolve("stdout").toFile())
                .redirectError(directory.resolve("stderr").toFile());
        builder.environment().remove("JDK_JAVA_OPTIONS"); // either would add flags behind the command's back
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove(Secrets.TOKEN_FILE_ENV);
        builder.environment().put(Secrets.TOKEN_ENV, shared.cluster().token());
        Process client = builder.start();
        boolean ended = client.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            client.destroyForcibly();
        }
        String stderr = CliRunner.read(directory.resolve("stderr"));

        assertThat(ended).as("the client ended within 120 s; its stderr:\n%s", stderr).isTrue();
        assertThat(CliRunner.read(directory.resolve("stdout")).lines().toList())
                .as("what the client printed; its stderr:\n%s", stderr).containsExactlyElementsOf(EXPECTED);
        assertThat(client.exitValue()).as("the client's exit code; its stderr:\n%s", stderr).isZero();
    }
}
