package io.taskgrid.cluster;

import io.taskgrid.internal.protocol.ArtifactRef;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.RemoteFailure;
import io.taskgrid.internal.protocol.SubtaskSource;
import io.taskgrid.internal.serialization.KryoPool;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterKryoTest {

    private final KryoPool kryo = new KryoPool(ClusterKryo::newClusterKryo);

    /** One sample of every message between coordinator and workers, nested types filled in. */
    static List<ClusterMessage> samples() {
        JobCode code = new JobCode("j", "name", new SubtaskSource.RangeSource(new byte[]{1, 2}, 0, 100, 10), 500,
                List.of("java.io.IOException"), List.of(new ArtifactRef("ab".repeat(32), "app.jar", 1234)));
        JobCode map = new JobCode("m", "map", new SubtaskSource.MapSource(new byte[]{3}, EncodedItems.EMPTY, true), 0,
                List.of(), List.of());
        JobCode tasks = new JobCode("t", "tasks", new SubtaskSource.TaskListSource(EncodedItems.EMPTY, false), 0,
                List.of(), List.of());
        return List.of(
                new CoordinatorMessage.RegisterWorker("pekko://taskgrid@h:1/user#1", "h", 42, 4, 1000, "1.0", "secret"),
                new CoordinatorMessage.RequestSubtasks("worker-1", 16, 250),
                new CoordinatorMessage.SubtasksReported("worker-1", List.of(new CoordinatorMessage.JobReport("j",
                        new int[]{5}, new int[]{1}, new int[]{1, 2}, new int[]{1, 1},
                        new EncodedItems.Builder(2).add(new byte[]{9}).add(new byte[]{8}).build(),
                        List.of(new CoordinatorMessage.FailedAttempt(3, 2, RemoteFailure.of("x.Y", "boom"), false)),
                        1_000, 2_000, new int[]{5}, new double[]{0.5})), 3, 0),
                new WorkerMessage.WorkerRegistered("worker-1", "coordinator-1", "pekko://taskgrid@h:2/system/singleton#3",
                        "pekko://taskgrid@h:2/user/artifacts#4"),
                new ArtifactMessage.FetchArtifactChunk("ab".repeat(32), 3, "pekko://taskgrid@h:1/user#1"),
                new WorkerMessage.ArtifactChunk("ab".repeat(32), 3, 5, 786432, new byte[]{1, 2, 3}, null),
                new WorkerMessage.ArtifactChunk("ab".repeat(32), 0, 0, 0, null, "no such artifact"),
                new WorkerMessage.RunSubtasks("j", code, new int[]{0, 1}, new int[]{1, 1}, null),
                new WorkerMessage.RunSubtasks("m", map, new int[]{0}, new int[]{1}, new EncodedItems.Builder(1).add(new byte[]{5}).build()),
                new WorkerMessage.RunSubtasks("t", tasks, new int[]{0}, new int[]{1}, new EncodedItems.Builder(1).add(new byte[]{6}).build()),
                new WorkerMessage.RunSubtasks("j", null, new int[]{2}, new int[]{2}, new EncodedItems.Builder(1).add(new byte[]{7}).build()),
                new WorkerMessage.ReleaseJobs(List.of("j", "k"), "jobs ended"),
                new WorkerMessage.RegistrationRefused("no token"),
                new WorkerMessage.Drain("client 127.0.0.1:5555"),
                new CoordinatorMessage.WorkerActivity("worker-1", 1_700_000_000_000L, new java.util.ArrayList<>(List.of(
                        new CoordinatorMessage.ActivitySegment(0, "j", 1_699_999_999_000L, 1_699_999_999_500L, 300),
                        new CoordinatorMessage.ActivitySegment(CoordinatorMessage.ActivitySegment.ASYNC_LANE, "k",
                                1_699_999_999_100L, 1_699_999_999_900L, 40))),
                        new long[DurationBuckets.COUNT], 123_456_789L));
    }

    @Test
    void everyClusterMessageRoundTrips() {
        for (ClusterMessage message : samples()) {
            assertThat(kryo.decode(kryo.encode(message))).as(message.getClass().getSimpleName())
                    .usingRecursiveComparison().isEqualTo(message);
        }
    }

    @Test
    void aWorkersCodeLeavesTheSubtasksItemsBehind() {
        EncodedItems inputs = new EncodedItems.Builder(2).add(new byte[]{1}).add(new byte[]{2}).build();

        JobCode code = new JobCode("m", "map", new SubtaskSource.MapSource(new byte[]{9}, inputs, false), 0,
                List.of(), List.of());

        SubtaskSource.MapSource kept = (SubtaskSource.MapSource) code.source();
        assertThat(kept.count()).isZero();
        assertThat(kept.function()).containsExactly(9);
        assertThat(code.function()).containsExactly(9);
    }

    @Test
    void thePekkoSerializerUsesTheSameRegistry() {
        KryoClusterSerializer serializer = new KryoClusterSerializer(null);
        for (ClusterMessage message : samples()) {
            assertThat(serializer.fromBinary(serializer.toBinary(message))).usingRecursiveComparison().isEqualTo(message);
        }
        assertThat(serializer.identifier()).isGreaterThan(40);
    }
}
