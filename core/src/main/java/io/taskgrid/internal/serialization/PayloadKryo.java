package io.taskgrid.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * The Kryo of user payloads (tasks, functions, inputs, results), which must work in a JVM started
 * without flags: a user's client runs with a plain {@code java -cp app:lib/*}.
 *
 * <p>User classes are not registered: they travel by name and load through the given class loader
 * (the job's on a worker). The ids below are fixed: 20–23 here, 24–49 in {@link JdkSerializers};
 * Kryo's own take 0–9. Both ends of a payload run the same Taskgrid version, so an id may change
 * between versions.
 *
 * <p>Over Kryo's choices it changes one thing: a JDK collection or map that Kryo's generic
 * serializers would create without a constructor (a wrapper, a view) gets
 * {@link JdkSerializers#forUnrebuildable}'s serializer instead.
 */
final class PayloadKryo extends Kryo {

    private PayloadKryo() {
        super(new UserClasses.RecordingResolver(), null);
    }

    /** A payload Kryo that loads classes through {@code classLoader}. */
    static Kryo create(ClassLoader classLoader) {
        Kryo kryo = new PayloadKryo();
        kryo.setDefaultSerializer(new UserClasses.GuardedFactory());
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        kryo.setClassLoader(classLoader);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
        kryo.register(Object[].class, 20);
        kryo.register(Class.class, 21);
        // 22 was SerializedLambda, written field by field: it needed --add-opens java.base/java.lang.invoke
        kryo.register(ClosureSerializer.Closure.class, new LambdaSerializer(), 23); // every lambda class maps to it
        JdkSerializers.register(kryo);
        return kryo;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Serializer getDefaultSerializer(Class type) {
        Serializer usual = super.getDefaultSerializer(type);
        boolean generic = usual.getClass() == CollectionSerializer.class || usual.getClass() == MapSerializer.class;
        return generic && !JdkSerializers.rebuildableByKryo(type) ? JdkSerializers.forUnrebuildable(type) : usual;
    }
}
