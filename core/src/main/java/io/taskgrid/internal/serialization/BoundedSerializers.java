package io.taskgrid.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.StringSerializer;
import io.taskgrid.internal.protocol.EncodedItems;

/**
 * Kryo allocates an array, a collection or a string at the length the bytes declare, before it
 * reads the elements; ten bytes from a peer could ask for gigabytes. These wrappers check each
 * declared length against the bytes left in the message first, so a message can never make us
 * allocate much more than its own size. They need a byte-array {@link Input}, which is how every
 * protocol message is read.
 */
final class BoundedSerializers {

    private BoundedSerializers() {
    }

    /** Registers {@code type} under {@code id} with its default serializer, bounded. */
    static void registerArray(Kryo kryo, Class<?> type, int id, int minBytesPerElement) {
        kryo.register(type, new BoundedLength<>(kryo.getDefaultSerializer(type), false, minBytesPerElement), id);
    }

    /** Registers a collection type under {@code id} with its default serializer, bounded. */
    static void registerCollection(Kryo kryo, Class<?> type, int id) {
        kryo.register(type, new BoundedLength<>(kryo.getDefaultSerializer(type), true, 1), id);
    }

    /** Replaces Kryo's string serializer (id 1 by default) with a bounded one. */
    static void boundStrings(Kryo kryo) {
        kryo.register(String.class, new BoundedString(), kryo.getRegistration(String.class).getId());
    }

    private static void check(Input input, long declared, int minBytesPerElement, String what) {
        long left = input.limit() - input.position();
        if (declared < 0 || declared * minBytesPerElement > left) {
            throw new KryoException("a " + what + " declares " + declared + " elements, but only " + left
                    + " bytes are left in the message");
        }
    }

    /** Peeks at the length in front of an array or collection, then lets the real serializer read it. */
    private static final class BoundedLength<T> extends Serializer<T> {
        private final Serializer<T> delegate;
        private final boolean flagged;
        private final int minBytesPerElement;

        @SuppressWarnings("unchecked")
        BoundedLength(Serializer<?> delegate, boolean flagged, int minBytesPerElement) {
            this.delegate = (Serializer<T>) delegate;
            this.flagged = flagged;
            this.minBytesPerElement = minBytesPerElement;
        }

        @Override
        public void write(Kryo kryo, Output output, T object) {
            delegate.write(kryo, output, object);
        }

        @Override
        public T read(Kryo kryo, Input input, Class<? extends T> type) {
            int start = input.position();
            int declared = flagged ? input.readVarIntFlag(true) : input.readVarInt(true);
            input.setPosition(start);
            check(input, Math.max(0, declared - 1L), minBytesPerElement, type.getSimpleName()); // 0 is null
            return delegate.read(kryo, input, type);
        }

        @Override
        public T copy(Kryo kryo, T original) {
            return delegate.copy(kryo, original);
        }
    }

    /** Strings: a UTF-8 string declares its length in characters, each at least one byte. */
    private static final class BoundedString extends StringSerializer {
        @Override
        public String read(Kryo kryo, Input input, Class<? extends String> type) {
            if (input.readVarIntFlag()) {
                int start = input.position();
                int declared = input.readVarIntFlag(true);
                input.setPosition(start);
                check(input, Math.max(0, declared - 1L), 1, "string"); // 0 is null
            }
            return input.readString();
        }
    }

    /**
     * Encoded items as their lengths (a varint each: one byte for an item under 128 bytes), then
     * the blob in one copy. Reading checks every length against what the message has left, so the
     * offsets it rebuilds never go backwards or past the blob.
     */
    static final class EncodedItemsSerializer extends Serializer<EncodedItems> {
        @Override
        public void write(Kryo kryo, Output output, EncodedItems items) {
            output.writeVarInt(items.count(), true);
            for (int i = 0; i < items.count(); i++) {
                output.writeVarInt(items.itemSize(i), true);
            }
            output.writeBytes(items.blob());
        }

        @Override
        public EncodedItems read(Kryo kryo, Input input, Class<? extends EncodedItems> type) {
            int count = input.readVarInt(true);
            check(input, count, 1, "list of encoded items");
            int[] offsets = new int[count + 1];
            for (int i = 0; i < count; i++) {
                int length = input.readVarInt(true);
                long end = (long) offsets[i] + length;
                if (length < 0 || end > input.limit() - input.position()) {
                    throw new KryoException("encoded item " + i + " declares " + length + " bytes, more than the "
                            + (input.limit() - input.position()) + " bytes left in the message");
                }
                offsets[i + 1] = (int) end;
            }
            check(input, offsets[count], 1, "blob of encoded items");
            return new EncodedItems(input.readBytes(offsets[count]), offsets);
        }
    }
}
