package io.taskgrid.internal.serialization;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Output;
import io.taskgrid.ClusterStatus;
import io.taskgrid.JobState;
import io.taskgrid.internal.protocol.ArtifactRef;
import io.taskgrid.internal.protocol.ClientMessage;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.protocol.ProtocolVersion;
import io.taskgrid.internal.protocol.RemoteFailure;
import io.taskgrid.internal.protocol.RunPolicy;
import io.taskgrid.internal.protocol.SubtaskFailure;
import io.taskgrid.internal.protocol.SubtaskSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireKryoTest {

    private final KryoPool kryo = new KryoPool(WireKryo::newGatewayKryo);

    private static final RemoteFailure FAILURE = new RemoteFailure("java.io.IOException", "disk full", "java.io.IOException: disk full\n\tat x.Y.z(Y.java:1)");
    private static final EncodedItems ITEMS = new EncodedItems(new byte[]{1, 2, 3}, new int[]{0, 1, 3});

    /** One sample of every gateway message, with every nested type filled in. */
    static List<Object> samples() {
        return List.of(
                new ClientMessage.Hello(ProtocolVersion.CURRENT, "1.2.3", "test", "secret"),
                new ClientMessage.SubmitJob(7, new JobSpec("j-1", "job", new RunPolicy(2, 100, List.of("java.io.IOException"), 500, 9000, true, 4), new SubtaskSource.TaskListSource(ITEMS, true), List.of(new ArtifactRef("0f".repeat(32), "app.jar", 77)))),
                new ClientMessage.SubmitJob(8, new JobSpec("j-2", "map", RunPolicy.DEFAULT, new SubtaskSource.MapSource(new byte[]{9}, ITEMS, false), List.of())),
                new ClientMessage.SubmitJob(9, new JobSpec("j-3", "range", RunPolicy.DEFAULT, new SubtaskSource.RangeSource(new byte[]{9}, 0, 100, 7), List.of())),
                new ClientMessage.OfferArtifacts(10, List.of(new ArtifactRef("0f".repeat(32), "app.jar", 77))),
                new ClientMessage.UploadArtifact(11, new ArtifactRef("0f".repeat(32), "app.jar", 3), 0, new byte[]{1, 2, 3}, true),
                new GatewayMessage.ArtifactsWanted(10, List.of("0f".repeat(32))),
                new GatewayMessage.ArtifactStored(11, "0f".repeat(32)),
                new ClientMessage.CancelJob(10, "j-1"),
                new ClientMessage.DrainWorker(13, "worker-2"),
                new GatewayMessage.DrainAccepted(13, "worker-2"),
                new ClientMessage.GetClusterStatus(11),
                new ClientMessage.AttachJob(12, "j-1"),
                new ClientMessage.ResultsCollected("j-1"),
                new GatewayMessage.Welcome(ProtocolVersion.CURRENT, "1.2.3", "coordinator-1"),
                new GatewayMessage.Refused("no"),
                new GatewayMessage.JobAccepted(7, "j-1", 2),
                new GatewayMessage.RequestFailed(7, "bad"),
                new GatewayMessage.CancelAccepted(10, "j-1"),
                new GatewayMessage.JobAttached(12, "j-1", "job", 10, JobState.RUNNING),
                new GatewayMessage.StatusReport(11, new ClusterStatus("c", "1.2.3",
                        List.of(new ClusterStatus.Worker("w1", "h", 42, 4, 3)),
                        new ArrayList<>(List.of(new ClusterStatus.JobInfo("j-1", "job", JobState.RUNNING, 10, 5, 1, 2, 99L))))),
                new GatewayMessage.SubtaskResults("j-1", "w1", new int[]{0, 1}, ITEMS),
                new GatewayMessage.SubtaskFailures("j-1", List.of(new SubtaskFailure(1, 2, "w1", FAILURE))),
                new GatewayMessage.JobProgressed("j-1", 3, 1.5),
                new GatewayMessage.JobFinished("j-1", JobState.FAILED, 1, 1, "because"),
                new GatewayMessage.JobFinished("j-2", JobState.SUCCEEDED, 2, 0, null),
                new GatewayMessage.SubtaskResults("j-2", "w1", new int[0], EncodedItems.EMPTY));
    }

    @Test
    void everyGatewayMessageRoundTrips() {
        for (Object message : samples()) {
            Object decoded = kryo.decode(kryo.encode(message));
            assertThat(decoded).as(message.getClass().getSimpleName()).usingRecursiveComparison().isEqualTo(message);
        }
    }

    @Test
    void everyGatewayMessageTypeHasASample() {
        Set<Class<?>> sampled = samples().stream().map(Object::getClass).collect(Collectors.toSet());
        List<Class<?>> declared = new ArrayList<>();
        declared.addAll(Arrays.asList(ClientMessage.class.getPermittedSubclasses()));
        declared.addAll(Arrays.asList(GatewayMessage.class.getPermittedSubclasses()));
        assertThat(sampled).containsAll(declared);
    }

    @Test
    void aHelloOfAnotherVersionStillDecodesToItsVersion() {
        Output output = new Output(64);
        output.writeVarInt(10 + 2, true); // Kryo writes registration id + 2
        output.writeInt(ProtocolVersion.HELLO_MAGIC);
        output.writeInt(ProtocolVersion.CURRENT + 7);
        output.writeString("a layout from the future that this version cannot read");

        ClientMessage.Hello hello = (ClientMessage.Hello) kryo.decode(output.toBytes());

        assertThat(hello.protocolVersion()).isEqualTo(ProtocolVersion.CURRENT + 7);
    }

    @Test
    void aDeclaredLengthLargerThanTheMessageIsRefusedBeforeAnythingIsAllocated() {
        for (int id : new int[]{40, 41, 44, 46, 48, 56}) {
            Output output = new Output(16);
            output.writeVarInt(id + 2, true);
            if (id >= 46) {
                output.writeVarIntFlag(true, Integer.MAX_VALUE, true);
            } else {
                output.writeVarInt(Integer.MAX_VALUE, true);
            }
            assertThatThrownBy(() -> kryo.decode(output.toBytes())).as("class id " + id)
                    .isInstanceOf(KryoException.class).hasMessageContaining("bytes are left in the message");
        }
        Output string = new Output(16);
        string.writeVarInt(21 + 2, true); // RequestFailed(long requestId, String message): message sorts first
        string.writeVarIntFlag(true, Integer.MAX_VALUE, true);
        assertThatThrownBy(() -> kryo.decode(string.toBytes())).hasMessageContaining("a string declares");
    }

    @Test
    void encodedItemsWhoseLengthsRunPastTheMessageAreRefused() {
        Output output = new Output(16);
        output.writeVarInt(56 + 2, true);
        output.writeVarInt(2, true); // two items
        output.writeVarInt(1, true);
        output.writeVarInt(1000, true); // but the message holds a few bytes
        output.writeBytes(new byte[]{1, 2, 3});
        assertThatThrownBy(() -> kryo.decode(output.toBytes()))
                .isInstanceOf(KryoException.class).hasMessageContaining("encoded item 1 declares 1000 bytes");

        Output negative = new Output(16);
        negative.writeVarInt(56 + 2, true);
        negative.writeVarInt(1, true);
        negative.writeVarInt(-5, true);
        assertThatThrownBy(() -> kryo.decode(negative.toBytes()))
                .isInstanceOf(KryoException.class).hasMessageContaining("encoded item 0 declares -5 bytes");
    }

    @Test
    void anUnregisteredClassIsRefusedOnBothSides() {
        assertThatThrownBy(() -> kryo.encode(new java.util.Date()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Class is not registered");
        Output output = new Output(16);
        output.writeVarInt(999 + 2, true);
        assertThatThrownBy(() -> kryo.decode(output.toBytes()))
                .isInstanceOf(KryoException.class)
                .hasMessageContaining("999");
    }
}
