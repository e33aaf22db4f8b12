package io.taskgrid.internal.serialization;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The payload codec needs no JVM flag: every value of {@link PayloadSamples} round-trips in a JVM
 * started with none (a user's {@code java -cp app:lib/*}), on each JDK this machine has.
 */
class PayloadWithoutFlagsTest {

    /** The second JDK of the build machines; the test of it is skipped where it is missing. */
    static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    @Test
    void everySampleRoundTripsInAJvmWithoutFlags() throws Exception {
        runSamples(Path.of(System.getProperty("java.home")));
    }

    @Test
    void everySampleRoundTripsOnJava25WithoutFlags() throws Exception {
        assumeTrue(Files.isDirectory(TEMURIN_25), "no JDK 25 at " + TEMURIN_25 + ": only the default JDK was checked");
        runSamples(TEMURIN_25);
    }

    @Test
    void aJdkObjectThatOnlyFlagsOpenIsRefusedOnReceiptNamingTheFlag(@TempDir Path directory) throws Exception {
        // this JVM has jvm.options' flags, as a worker does: it writes an IntSummaryStatistics field by field
        Path payload = Files.write(directory.resolve("result"), new PayloadCodec(getClass().getClassLoader())
                .encode(new IntSummaryStatistics(), "result 0"));

        Process process = startWithoutFlags(Path.of(System.getProperty("java.home")), payload.toString());
        String output = outputOf(process);

        assertThat(output).as(output).contains("jvm arguments: []",
                "refused on receipt: java.util.IntSummaryStatistics cannot be received in this JVM",
                "--add-opens java.base/java.util=ALL-UNNAMED");
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static void runSamples(Path javaHome) throws IOException, InterruptedException {
        Process process = startWithoutFlags(javaHome);
        String output = outputOf(process);
        List<String> lines = output.lines().toList();

        assertThat(lines).as(output).contains("jvm arguments: []");
        assertThat(lines).as(output).containsAll(PayloadSamples.all().stream().map(sample -> "ok " + sample.name()).toList());
        assertThat(output).as(output).contains("refused: Cannot send result 0 (java.util.IntSummaryStatistics)",
                "--add-opens java.base/java.util=ALL-UNNAMED");
        assertThat(process.exitValue()).as(output).isZero();
    }

    /** {@link PayloadSamplesMain} in a JVM of {@code javaHome} with no flag, its stderr merged into its stdout. */
    private static Process startWithoutFlags(Path javaHome, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java").toString(),
                "-cp", System.getProperty("java.class.path"), PayloadSamplesMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JDK_JAVA_OPTIONS"); // either would add flags behind the command's back
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        return builder.start();
    }

    private static String outputOf(Process process) throws IOException, InterruptedException {
        byte[] printed = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the samples' JVM ended").isTrue();
        return new String(printed, StandardCharsets.UTF_8);
    }
}
