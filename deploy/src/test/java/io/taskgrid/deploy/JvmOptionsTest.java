package io.taskgrid.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class JvmOptionsTest {

    @Test
    void aHostOfFewCoresCompilesLaterAndALargerOneAtTheDefault() {
        assertThat(JvmOptions.jitFlags(1)).containsExactly("-XX:CompileThresholdScaling=3");
        assertThat(JvmOptions.jitFlags(JvmOptions.FEW_CORES)).containsExactly("-XX:CompileThresholdScaling=3");
        assertThat(JvmOptions.jitFlags(JvmOptions.FEW_CORES + 1)).isEmpty();
        assertThat(JvmOptions.jitFlags(16)).isEmpty();
    }

    @Test
    void aHostOfOneOrTwoCoresGetsACommonPoolOfTwoThreads() {
        String twoThreads = "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2";
        assertThat(JvmOptions.commonPoolFlags(1)).containsExactly(twoThreads);
        assertThat(JvmOptions.commonPoolFlags(2)).containsExactly(twoThreads);
        assertThat(JvmOptions.commonPoolFlags(3)).isEmpty(); // the JVM's own default is 2 there
        assertThat(JvmOptions.commonPoolFlags(16)).isEmpty();
    }

    @Test
    void theLauncherFollowsTheSameRules() throws IOException {
        String launcher = Files.readString(DeployFiles.MODULE.resolve("src/main/dist/bin/taskgrid"));

        assertThat(launcher).contains("if [ \"$CORES\" -le " + JvmOptions.FEW_CORES + " ]; then JIT_OPTS=\"-XX:CompileThresholdScaling=3\"")
                .contains("if [ \"$CORES\" -le 2 ]; then POOL_OPTS=\"" + JvmOptions.commonPoolFlags(2).get(0) + "\"")
                .contains("$JIT_OPTS $POOL_OPTS $TASKGRID_JAVA_OPTS");
    }

    @Test
    void theLauncherCountsTheCoresOfAContainersCpuQuota(@TempDir Path cgroup) throws Exception {
        int unlimited = launcherCores(cgroup);
        assertThat(unlimited).isPositive();

        Files.writeString(cgroup.resolve("cpu.max"), "max 100000\n");
        assertThat(launcherCores(cgroup)).isEqualTo(unlimited);
        Files.writeString(cgroup.resolve("cpu.max"), "50000 100000\n"); // half a core: the JVM counts 1
        assertThat(launcherCores(cgroup)).isEqualTo(1);
        Files.writeString(cgroup.resolve("cpu.max"), "6400000 100000\n"); // a quota above the CPUs: the CPUs
        assertThat(launcherCores(cgroup)).isEqualTo(unlimited);

        Files.delete(cgroup.resolve("cpu.max")); // cgroup v1
        Files.createDirectories(cgroup.resolve("cpu"));
        Files.writeString(cgroup.resolve("cpu/cpu.cfs_quota_us"), "100000\n");
        Files.writeString(cgroup.resolve("cpu/cpu.cfs_period_us"), "100000\n");
        assertThat(launcherCores(cgroup)).isEqualTo(1);
        Files.writeString(cgroup.resolve("cpu/cpu.cfs_quota_us"), "-1\n");
        assertThat(launcherCores(cgroup)).isEqualTo(unlimited);
    }

    /** The launcher script's own {@code cores} function, run by {@code sh} with its cgroup files under {@code root}. */
    private static int launcherCores(Path root) throws Exception {
        String launcher = Files.readString(DeployFiles.MODULE.resolve("src/main/dist/bin/taskgrid"));
        Matcher function = Pattern.compile("(?ms)^cores\\(\\) \\{.*?^}$").matcher(launcher);
        assertThat(function.find()).as("the launcher defines cores()").isTrue();
        String script = function.group().replace("/sys/fs/cgroup", root.toString()) + "\ncores\n";
        Process shell = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String output = new String(shell.getInputStream().readAllBytes()).strip();
        assertThat(shell.waitFor(30, TimeUnit.SECONDS) && shell.exitValue() == 0).as(output).isTrue();
        return Integer.parseInt(output);
    }

    @Test
    void theRequiredFlagsLeaveTheJitAlone() {
        assertThat(JvmOptions.required()).contains("--add-modules", "java.se")
                .noneMatch(flag -> flag.startsWith("-XX:CompileThreshold"));
    }

    @Test
    void anArgumentFileIsSplitOnWhitespaceWithoutItsComments() {
        assertThat(JvmOptions.parse("# a comment\n--add-opens a=b  -Dx=1 # trailing\n\n  -Xss1m\n"))
                .containsExactly("--add-opens", "a=b", "-Dx=1", "-Xss1m");
    }
}
