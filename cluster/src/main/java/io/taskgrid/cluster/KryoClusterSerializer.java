package io.taskgrid.cluster;

import io.taskgrid.internal.serialization.KryoPool;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.JSerializer;

/**
 * Pekko's serializer for every {@link ClusterMessage}: Kryo with registered classes only. Kryo
 * writes its own class ids, so Pekko needs no manifest.
 */
public final class KryoClusterSerializer extends JSerializer {

    /** Pekko serializer id; unique among the serializers of an ActorSystem (0–40 are Pekko's). */
    public static final int IDENTIFIER = 7311;

    private static final KryoPool KRYO = new KryoPool(ClusterKryo::newClusterKryo);

    /** Pekko calls this constructor reflectively. */
    public KryoClusterSerializer(ExtendedActorSystem system) {
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public boolean includeManifest() {
        return false;
    }

    @Override
    public byte[] toBinary(Object message) {
        return KRYO.encode(message);
    }

    @Override
    public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
        return KRYO.decode(bytes);
    }
}
