package io.taskgrid.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
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

import java.util.ArrayList;
import java.util.List;

/**
 * The one place where protocol classes get their Kryo ids. Kryo refuses any class not listed
 * here (registration is required), so nothing a peer sends can make us build another class.
 *
 * <p>Id ranges: 10–99 here (shared types and the client gateway protocol); 100–199 in the
 * cluster module's registry for coordinator ↔ worker messages. Ids 10, 11 and 12 ({@code Hello},
 * {@code Refused}, {@code Welcome}) and their encodings are fixed forever: they are how two
 * different versions recognise each other.
 */
public final class WireKryo {

    private WireKryo() {
    }

    /** A Kryo for the client gateway wire. */
    public static Kryo newGatewayKryo() {
        Kryo kryo = newStrictKryo();
        registerShared(kryo);
        registerGatewayProtocol(kryo);
        return kryo;
    }

    /** A Kryo that accepts only registered classes and tracks no references. */
    public static Kryo newStrictKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
        return kryo;
    }

    /**
     * Types used by every protocol: arrays, lists, failures, status. Ids 40–69. Arrays, lists and
     * strings are read with their declared lengths checked against the message (see
     * {@link BoundedSerializers}).
     */
    public static void registerShared(Kryo kryo) {
        BoundedSerializers.boundStrings(kryo);
        BoundedSerializers.registerArray(kryo, byte[].class, 40, 1);
        BoundedSerializers.registerArray(kryo, int[].class, 41, 1);
        BoundedSerializers.registerArray(kryo, long[].class, 42, 1);
        BoundedSerializers.registerArray(kryo, double[].class, 43, 8);
        BoundedSerializers.registerArray(kryo, byte[][].class, 44, 1);
        BoundedSerializers.registerArray(kryo, String[].class, 45, 1);
        BoundedSerializers.registerCollection(kryo, ArrayList.class, 46);
        BoundedSerializers.registerCollection(kryo, List.of(1).getClass(), 47);
        BoundedSerializers.registerCollection(kryo, List.of(1, 2, 3).getClass(), 48);
        kryo.register(RemoteFailure.class, 50);
        kryo.register(SubtaskFailure.class, 51);
        kryo.register(JobState.class, 52);
        kryo.register(ClusterStatus.class, 53);
        kryo.register(ClusterStatus.Worker.class, 54);
        kryo.register(ClusterStatus.JobInfo.class, 55);
        kryo.register(EncodedItems.class, new BoundedSerializers.EncodedItemsSerializer(), 56);
        BoundedSerializers.registerArray(kryo, SubtaskFailure[].class, 57, 1);
    }

    /** The client gateway protocol. Ids 10–39. */
    static void registerGatewayProtocol(Kryo kryo) {
        kryo.register(ClientMessage.Hello.class, new HelloSerializer(), 10);
        kryo.register(GatewayMessage.Refused.class, new RefusedSerializer(), 11);
        kryo.register(GatewayMessage.Welcome.class, new WelcomeSerializer(), 12);
        kryo.register(ClientMessage.SubmitJob.class, 13);
        kryo.register(ClientMessage.CancelJob.class, 14);
        kryo.register(ClientMessage.GetClusterStatus.class, 15);
        kryo.register(ClientMessage.AttachJob.class, 16);
        kryo.register(ClientMessage.ResultsCollected.class, 17);
        kryo.register(ClientMessage.OfferArtifacts.class, 18);
        kryo.register(ClientMessage.UploadArtifact.class, 19);
        kryo.register(GatewayMessage.JobAccepted.class, 20);
        kryo.register(GatewayMessage.RequestFailed.class, 21);
        kryo.register(GatewayMessage.CancelAccepted.class, 22);
        kryo.register(GatewayMessage.StatusReport.class, 23);
        kryo.register(GatewayMessage.SubtaskResults.class, 24);
        kryo.register(GatewayMessage.SubtaskFailures.class, 25);
        kryo.register(GatewayMessage.JobProgressed.class, 26);
        kryo.register(GatewayMessage.JobFinished.class, 27);
        kryo.register(GatewayMessage.JobAttached.class, 28);
        kryo.register(GatewayMessage.ArtifactsWanted.class, 29);
        kryo.register(JobSpec.class, 30);
        registerSubtaskSources(kryo);
        kryo.register(RunPolicy.class, 34);
        kryo.register(ArtifactRef.class, 35);
        kryo.register(GatewayMessage.ArtifactStored.class, 36);
        kryo.register(ClientMessage.DrainWorker.class, 37);
        kryo.register(GatewayMessage.DrainAccepted.class, 38);
    }

    /**
     * The shapes of a job's subtasks, ids 31–33: part of the gateway protocol (in a submitted job)
     * and, under the same ids, of the cluster's (in the code a worker receives).
     */
    public static void registerSubtaskSources(Kryo kryo) {
        kryo.register(SubtaskSource.TaskListSource.class, 31);
        kryo.register(SubtaskSource.MapSource.class, 32);
        kryo.register(SubtaskSource.RangeSource.class, 33);
    }

    /** Magic, then version, then the rest: the layout every Taskgrid version reads the same way. */
    static final class HelloSerializer extends Serializer<ClientMessage.Hello> {
        @Override
        public void write(Kryo kryo, Output output, ClientMessage.Hello hello) {
            output.writeInt(ProtocolVersion.HELLO_MAGIC);
            output.writeInt(hello.protocolVersion());
            output.writeString(hello.taskgridVersion());
            output.writeString(hello.clientName());
            output.writeString(hello.token());
        }

        @Override
        public ClientMessage.Hello read(Kryo kryo, Input input, Class<? extends ClientMessage.Hello> type) {
            int magic = input.readInt();
            if (magic != ProtocolVersion.HELLO_MAGIC) {
                throw new KryoException("the first frame is not a Taskgrid hello (magic "
                        + Integer.toHexString(magic) + ")");
            }
            int version = input.readInt();
            if (version != ProtocolVersion.CURRENT) {
                input.setPosition(input.limit()); // the rest is another version's layout: a Hello is alone in its frame
                return new ClientMessage.Hello(version, null, null, null);
            }
            return new ClientMessage.Hello(version, input.readString(), input.readString(), input.readString());
        }
    }

    /** Version first, so a client of another version can still read who answered. */
    static final class WelcomeSerializer extends Serializer<GatewayMessage.Welcome> {
        @Override
        public void write(Kryo kryo, Output output, GatewayMessage.Welcome welcome) {
            output.writeInt(welcome.protocolVersion());
            output.writeString(welcome.taskgridVersion());
            output.writeString(welcome.coordinatorId());
        }

        @Override
        public GatewayMessage.Welcome read(Kryo kryo, Input input, Class<? extends GatewayMessage.Welcome> type) {
            return new GatewayMessage.Welcome(input.readInt(), input.readString(), input.readString());
        }
    }

    /** Just a string, readable by every version. */
    static final class RefusedSerializer extends Serializer<GatewayMessage.Refused> {
        @Override
        public void write(Kryo kryo, Output output, GatewayMessage.Refused refused) {
            output.writeString(refused.reason());
        }

        @Override
        public GatewayMessage.Refused read(Kryo kryo, Input input, Class<? extends GatewayMessage.Refused> type) {
            return new GatewayMessage.Refused(input.readString());
        }
    }
}
