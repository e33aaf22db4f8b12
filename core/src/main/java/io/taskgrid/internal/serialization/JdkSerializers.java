package io.taskgrid.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.ImmutableSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import io.taskgrid.internal.serialization.JdkCollectionSerializers.CollectionShape;
import io.taskgrid.internal.serialization.JdkCollectionSerializers.EntrySerializer;
import io.taskgrid.internal.serialization.JdkCollectionSerializers.MapShape;
import io.taskgrid.internal.serialization.JdkCollectionSerializers.UnmodifiableCollectionSerializer;
import io.taskgrid.internal.serialization.JdkCollectionSerializers.UnmodifiableMapSerializer;

import java.io.Serializable;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * How the payload Kryo writes the JDK's classes, so that they travel from a JVM started without
 * flags.
 *
 * <p>Kryo writes an unknown class field by field, which for a JDK class needs an
 * {@code --add-opens} flag (see {@link ModuleAccess}), and fills a collection it created without a
 * constructor through {@code add}, which fails for the JDK's wrappers and views even with flags.
 * So: everyday classes get a serializer that uses their public methods (registered here), and any
 * other JDK class whose fields are closed goes through Java's own serialization when it is
 * serializable (that needs no flag), or is copied when it is a view or an entry. What is left
 * (a closed, non-serializable class) is refused by {@link UserClasses} unless this JVM's flags open it.
 */
final class JdkSerializers {

    /** Java's serialization; its state lives in each Kryo's graph context, so one instance serves all. */
    static final JavaSerializer JAVA = new JavaSerializer();

    private JdkSerializers() {
    }

    /** Registers the JDK classes with serializers of their own. Ids 24–49. */
    static void register(Kryo kryo) {
        kryo.register(UUID.class, new DefaultSerializers.UUIDSerializer(), 24);
        kryo.register(URI.class, new DefaultSerializers.URISerializer(), 25);
        kryo.register(Pattern.class, new DefaultSerializers.PatternSerializer(), 26);
        kryo.register(Path.of("").getClass(), new DefaultFileSystemPathSerializer(), 27);
        kryo.register(AtomicBoolean.class, new DefaultSerializers.AtomicBooleanSerializer(), 28);
        kryo.register(AtomicInteger.class, new DefaultSerializers.AtomicIntegerSerializer(), 29);
        kryo.register(AtomicLong.class, new DefaultSerializers.AtomicLongSerializer(), 30);
        kryo.register(AtomicReference.class, new DefaultSerializers.AtomicReferenceSerializer(), 31);
        kryo.register(Map.entry("", "").getClass(), new EntrySerializer(Map::entry), 32);
        kryo.register(AbstractMap.SimpleEntry.class, new EntrySerializer(AbstractMap.SimpleEntry::new), 33);
        kryo.register(AbstractMap.SimpleImmutableEntry.class,
                new EntrySerializer(AbstractMap.SimpleImmutableEntry::new), 34);
        kryo.register(List.of(1, 2, 3).getClass(), new JdkCollectionSerializers.ImmutableListSerializer(), 35);
        registerUnmodifiable(kryo, CollectionShape.COLLECTION, 36);
        registerUnmodifiable(kryo, CollectionShape.LIST, 37);
        registerUnmodifiable(kryo, CollectionShape.RANDOM_ACCESS_LIST, 38);
        registerUnmodifiable(kryo, CollectionShape.SET, 39);
        registerUnmodifiable(kryo, CollectionShape.SORTED_SET, 40);
        registerUnmodifiable(kryo, CollectionShape.NAVIGABLE_SET, 41);
        registerUnmodifiable(kryo, MapShape.MAP, 42);
        registerUnmodifiable(kryo, MapShape.SORTED_MAP, 43);
        registerUnmodifiable(kryo, MapShape.NAVIGABLE_MAP, 44);
    }

    private static void registerUnmodifiable(Kryo kryo, CollectionShape shape, int id) {
        kryo.register(shape.wrapperClass(), new UnmodifiableCollectionSerializer(shape), id);
    }

    private static void registerUnmodifiable(Kryo kryo, MapShape shape, int id) {
        kryo.register(shape.wrapperClass(), new UnmodifiableMapSerializer(shape), id);
    }

    /**
     * The serializer for {@code type}, whose hierarchy holds fields in a closed JDK package
     * ({@link ModuleAccess#closedFieldsOwner}): Java's serialization when it is serializable, a
     * copy when it is a map entry, or {@code null} when it is neither (only flags can open it).
     */
    static Serializer<?> forClosedFields(Class<?> type) {
        if (Serializable.class.isAssignableFrom(type)) {
            return JAVA;
        }
        return Map.Entry.class.isAssignableFrom(type) ? EntrySerializer.copying() : null;
    }

    /**
     * Whether Kryo's generic collection and map serializers can rebuild {@code type}: they create
     * it through its public no-argument constructor and fill it. A JDK wrapper or view has none,
     * and Kryo would create it without running a constructor, empty and broken. Classes outside
     * the JDK's modules keep Kryo's usual handling.
     */
    static boolean rebuildableByKryo(Class<?> type) {
        if (ModuleAccess.openByDeclaration(type)) {
            return true;
        }
        try {
            return Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers())
                    && Modifier.isPublic(type.getDeclaredConstructor().getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * The serializer for a JDK collection or map that Kryo cannot rebuild: Java's serialization when
     * it is serializable (a synchronized wrapper, {@code nCopies}, an {@code EnumMap}), else (a view,
     * such as a map's {@code keySet()}) an unmodifiable copy of the same kind.
     */
    static Serializer<?> forUnrebuildable(Class<?> type) {
        if (Serializable.class.isAssignableFrom(type)) {
            return JAVA;
        }
        if (Map.class.isAssignableFrom(type)) {
            return new UnmodifiableMapSerializer(MapShape.of(type));
        }
        return new UnmodifiableCollectionSerializer(CollectionShape.of(type));
    }

    /** A path of the default file system as its text: a worker reads it as a path of its own file system. */
    static final class DefaultFileSystemPathSerializer extends ImmutableSerializer<Path> {
        @Override
        public void write(Kryo kryo, Output output, Path path) {
            output.writeString(path.toString());
        }

        @Override
        public Path read(Kryo kryo, Input input, Class<? extends Path> type) {
            return Path.of(input.readString());
        }
    }
}
