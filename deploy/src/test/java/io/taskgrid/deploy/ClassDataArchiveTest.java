package io.taskgrid.deploy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClassDataArchiveTest {

    @Test
    void workersInheritExactlyTheFlagsThatChooseAnArchive() {
        List<String> jvm = List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xmx2g",
                "-XX:SharedArchiveFile=/opt/taskgrid/cds/taskgrid.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-Xlog:gc", "-Xshare:auto", "-XX:+UseParallelGC");

        assertThat(ClassDataArchive.archiveFlags(jvm)).containsExactly(
                "-XX:SharedArchiveFile=/opt/taskgrid/cds/taskgrid.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-Xshare:auto");
    }

    @Test
    void aJvmWithoutAnArchivePassesNothingOn() {
        assertThat(ClassDataArchive.archiveFlags(List.of("-Xmx1g", "-XX:+UseSerialGC"))).isEmpty();
    }

    @Test
    void outsideAnInstallationThereIsNoDefaultArchive() {
        // the tests run from target/classes, not from a distribution's lib/ folder
        assertThat(ClassDataArchive.defaultPath()).isNull();
    }
}
