package io.taskgrid.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.RandomAccess;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The JDK's collections that Kryo cannot rebuild without {@code --add-opens java.base/java.util}
 * (or at all): the {@code Collections.unmodifiable*} wrappers, views such as a map's
 * {@code keySet()}, {@code stream().toList()} with nulls, and map entries. Each is written through
 * its public methods (comparator, size, elements, every element through the same Kryo) and read
 * into a fresh backing collection, wrapped as the original was, so the same class comes back.
 * A view cannot come back as a view: it comes back as an unmodifiable copy of the same kind.
 */
final class JdkCollectionSerializers {

    private JdkCollectionSerializers() {
    }

    /** How a kind of unmodifiable collection is rebuilt: its backing collection, then the wrapper around it. */
    enum CollectionShape {
        COLLECTION(false, comparator -> new ArrayList<>(), Collections::unmodifiableCollection),
        LIST(false, comparator -> new LinkedList<>(), backing -> Collections.unmodifiableList((List<Object>) backing)),
        RANDOM_ACCESS_LIST(false, comparator -> new ArrayList<>(),
                backing -> Collections.unmodifiableList((List<Object>) backing)),
        SET(false, comparator -> new LinkedHashSet<>(), backing -> Collections.unmodifiableSet((Set<Object>) backing)),
        SORTED_SET(true, TreeSet::new, backing -> Collections.unmodifiableSortedSet((SortedSet<Object>) backing)),
        NAVIGABLE_SET(true, TreeSet::new, backing -> Collections.unmodifiableNavigableSet((NavigableSet<Object>) backing));

        private final boolean sorted;
        private final Function<Comparator<Object>, Collection<Object>> backing;
        private final UnaryOperator<Collection<Object>> wrap;

        CollectionShape(boolean sorted, Function<Comparator<Object>, Collection<Object>> backing,
                        UnaryOperator<Collection<Object>> wrap) {
            this.sorted = sorted;
            this.backing = backing;
            this.wrap = wrap;
        }

        /** The class of this shape's wrapper, such as {@code Collections$UnmodifiableRandomAccessList}. */
        Class<?> wrapperClass() {
            return wrap.apply(backing.apply(null)).getClass();
        }

        /** The shape whose wrapper offers every interface of {@code type} that a caller is likely to use. */
        static CollectionShape of(Class<?> type) {
            if (NavigableSet.class.isAssignableFrom(type)) {
                return NAVIGABLE_SET;
            } else if (SortedSet.class.isAssignableFrom(type)) {
                return SORTED_SET;
            } else if (Set.class.isAssignableFrom(type)) {
                return SET;
            } else if (List.class.isAssignableFrom(type)) {
                return RandomAccess.class.isAssignableFrom(type) ? RANDOM_ACCESS_LIST : LIST;
            }
            return COLLECTION;
        }
    }

    /** How a kind of unmodifiable map is rebuilt. */
    enum MapShape {
        MAP(false, comparator -> new LinkedHashMap<>(), Collections::unmodifiableMap),
        SORTED_MAP(true, TreeMap::new, backing -> Collections.unmodifiableSortedMap((SortedMap<Object, Object>) backing)),
        NAVIGABLE_MAP(true, TreeMap::new,
                backing -> Collections.unmodifiableNavigableMap((NavigableMap<Object, Object>) backing));

        private final boolean sorted;
        private final Function<Comparator<Object>, Map<Object, Object>> backing;
        private final UnaryOperator<Map<Object, Object>> wrap;

        MapShape(boolean sorted, Function<Comparator<Object>, Map<Object, Object>> backing,
                 UnaryOperator<Map<Object, Object>> wrap) {
            this.sorted = sorted;
            this.backing = backing;
            this.wrap = wrap;
        }

        Class<?> wrapperClass() {
            return wrap.apply(backing.apply(null)).getClass();
        }

        static MapShape of(Class<?> type) {
            if (NavigableMap.class.isAssignableFrom(type)) {
                return NAVIGABLE_MAP;
            }
            return SortedMap.class.isAssignableFrom(type) ? SORTED_MAP : MAP;
        }
    }

    /** Writes a collection's elements; reads them back into an unmodifiable collection of its shape. */
    static final class UnmodifiableCollectionSerializer extends Serializer<Collection<Object>> {
        private final CollectionShape shape;

        UnmodifiableCollectionSerializer(CollectionShape shape) {
            this.shape = shape;
        }

        @Override
        public void write(Kryo kryo, Output output, Collection<Object> collection) {
            if (shape.sorted) {
                kryo.writeClassAndObject(output, ((SortedSet<Object>) collection).comparator());
            }
            output.writeVarInt(collection.size(), true);
            for (Object element : collection) {
                kryo.writeClassAndObject(output, element);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public Collection<Object> read(Kryo kryo, Input input, Class<? extends Collection<Object>> type) {
            Comparator<Object> comparator = shape.sorted ? (Comparator<Object>) kryo.readClassAndObject(input) : null;
            Collection<Object> backing = shape.backing.apply(comparator);
            Collection<Object> collection = shape.wrap.apply(backing);
            kryo.reference(collection); // before the elements, which may point back to it
            int size = input.readVarInt(true);
            for (int i = 0; i < size; i++) {
                backing.add(kryo.readClassAndObject(input));
            }
            return collection;
        }
    }

    /** Writes a map's entries; reads them back into an unmodifiable map of its shape. */
    static final class UnmodifiableMapSerializer extends Serializer<Map<Object, Object>> {
        private final MapShape shape;

        UnmodifiableMapSerializer(MapShape shape) {
            this.shape = shape;
        }

        @Override
        public void write(Kryo kryo, Output output, Map<Object, Object> map) {
            if (shape.sorted) {
                kryo.writeClassAndObject(output, ((SortedMap<Object, Object>) map).comparator());
            }
            output.writeVarInt(map.size(), true);
            for (Map.Entry<Object, Object> entry : map.entrySet()) {
                kryo.writeClassAndObject(output, entry.getKey());
                kryo.writeClassAndObject(output, entry.getValue());
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<Object, Object> read(Kryo kryo, Input input, Class<? extends Map<Object, Object>> type) {
            Comparator<Object> comparator = shape.sorted ? (Comparator<Object>) kryo.readClassAndObject(input) : null;
            Map<Object, Object> backing = shape.backing.apply(comparator);
            Map<Object, Object> map = shape.wrap.apply(backing);
            kryo.reference(map);
            int size = input.readVarInt(true);
            for (int i = 0; i < size; i++) {
                backing.put(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
            }
            return map;
        }
    }

    /**
     * The list {@code stream().toList()} returns: the class of {@code List.of}'s longer lists, but
     * holding nulls. Whether it holds one is written too, so that it comes back as such a list;
     * one without a null comes back as {@code List.of}'s (the only difference: its
     * {@code contains(null)} throws). Asking the list whether it accepts nulls would throw and
     * catch an exception per list, which more than doubled the cost of sending a {@code List.of}.
     */
    static final class ImmutableListSerializer extends Serializer<List<Object>> {
        ImmutableListSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, List<Object> list) {
            output.writeBoolean(holdsNull(list));
            output.writeVarInt(list.size(), true);
            for (Object element : list) {
                kryo.writeClassAndObject(output, element);
            }
        }

        @Override
        public List<Object> read(Kryo kryo, Input input, Class<? extends List<Object>> type) {
            boolean nulls = input.readBoolean();
            Object[] elements = new Object[input.readVarInt(true)];
            for (int i = 0; i < elements.length; i++) {
                elements[i] = kryo.readClassAndObject(input);
            }
            return nulls ? Arrays.stream(elements).toList() : List.of(elements);
        }

        private static boolean holdsNull(List<?> list) {
            for (Object element : list) {
                if (element == null) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A map entry as its key and value; read back through {@code create}, such as {@code Map::entry}. */
    static final class EntrySerializer extends Serializer<Map.Entry<Object, Object>> {
        private final BiFunction<Object, Object, Map.Entry<Object, Object>> create;

        EntrySerializer(BiFunction<Object, Object, Map.Entry<Object, Object>> create) {
            this.create = create;
        }

        /** For an entry of a JDK map that nobody can create (a {@code HashMap} node): an immutable copy. */
        static EntrySerializer copying() {
            return new EntrySerializer(AbstractMap.SimpleImmutableEntry::new);
        }

        @Override
        public void write(Kryo kryo, Output output, Map.Entry<Object, Object> entry) {
            kryo.writeClassAndObject(output, entry.getKey());
            kryo.writeClassAndObject(output, entry.getValue());
        }

        @Override
        public Map.Entry<Object, Object> read(Kryo kryo, Input input, Class<? extends Map.Entry<Object, Object>> type) {
            return create.apply(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
        }
    }
}
