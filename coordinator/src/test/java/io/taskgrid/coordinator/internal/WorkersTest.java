package io.taskgrid.coordinator.internal;

import io.taskgrid.cluster.CoordinatorMessage.RegisterWorker;
import io.taskgrid.internal.TaskgridVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkersTest {

    private static RegisterWorker worker(String version, String token) {
        return new RegisterWorker("pekko://taskgrid@h:1/user/worker", "h", 1, 2, 100, version, token);
    }

    @Test
    void aWorkerOfThisVersionWithTheTokenJoins() {
        assertThat(Workers.whyRefuse(worker(TaskgridVersion.get(), "secret"), "secret")).isNull();
    }

    @Test
    void aWorkerWithoutTheTokenIsRefusedSayingWhereToSetIt() {
        assertThat(Workers.whyRefuse(worker(TaskgridVersion.get(), "guess"), "secret"))
                .contains("did not present the cluster's token", "--token-file");
    }

    @Test
    void aWorkerOfAnotherVersionIsRefusedNamingBothVersions() {
        assertThat(Workers.whyRefuse(worker("0.0.1-old", "secret"), "secret"))
                .contains("Taskgrid 0.0.1-old", "the coordinator " + TaskgridVersion.get(), "same version");
    }
}
