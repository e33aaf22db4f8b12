package io.taskgrid.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;

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
    void theLauncherFollowsTheSameRule() throws IOException {
        String launcher = Files.readString(DeployFiles.MODULE.resolve("src/main/dist/bin/taskgrid"));

        assertThat(launcher).contains("if [ \"$CORES\" -le " + JvmOptions.FEW_CORES + " ]; then JIT_OPTS=\"-XX:CompileThresholdScaling=3\"")
                .contains("$JIT_OPTS $TASKGRID_JAVA_OPTS");
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
