package io.taskgrid.coordinator.internal;

import io.taskgrid.ClusterStatus;
import io.taskgrid.JobState;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.protocol.SubtaskSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The default state store against a real embedded Hazelcast member on 127.0.0.1. */
class HazelcastStateStoreIT {

    @Test
    void keepsJobsTheirEndsAndUncollectedResults() {
        try (HazelcastStateStore store = HazelcastStateStore.start("127.0.0.1", 5901, "taskgrid-store-test", Duration.ofMinutes(5))) {
            JobSpec spec = new JobSpec("j-1", "sum", 1, 0, new SubtaskSource.RangeSource(new byte[]{7}, 0, 100, 10));
            store.saveJob(spec);
            store.saveUncollectedResults("j-1", "worker-1", new int[]{0, 1}, new byte[][]{{1}, {2}});
            store.saveUncollectedResults("j-1", "worker-2", new int[]{2}, new byte[][]{{3}});
            store.saveJobEnd(new ClusterStatus.JobInfo("j-1", "sum", JobState.SUCCEEDED, 10, 10, 0, 0, 1_000));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(store.job("j-1")).usingRecursiveComparison().isEqualTo(spec);
                assertThat(store.uncollectedBatches("j-1")).isEqualTo(2);
                assertThat(store.endedJobs(10)).extracting(ClusterStatus.JobInfo::state).containsExactly(JobState.SUCCEEDED);
            });
        }
    }
}
