package io.taskgrid.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.taskgrid.internal.protocol.EncodedItems;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Thread-safe encoding and decoding with a pool of Kryo instances (a Kryo instance is not
 * thread-safe and costs microseconds to configure, so instances are reused).
 *
 * <p>The pool is a small array of slots taken and returned with one atomic swap each, starting
 * at a slot chosen by the thread's id, so a thread that encodes often finds its own instance
 * again. It takes no lock: Kryo's own pool is a {@code LinkedBlockingQueue}, whose locks and
 * signals cost more than encoding a small result. When every probed slot is empty a new
 * instance is made; when every probed slot is full on return, the instance is dropped.
 */
public final class KryoPool {

    /** How many slots past its own a thread tries before it makes or drops an instance. */
    private static final int PROBES = 4;

    private final Supplier<Kryo> factory;
    private final AtomicReferenceArray<Kryo> slots;
    private final int mask;

    public KryoPool(Supplier<Kryo> factory) {
        this.factory = factory;
        // the smallest power of two of at least 8 and four per core: few threads ever share a slot
        int size = Integer.highestOneBit(Math.max(8, 4 * Runtime.getRuntime().availableProcessors()) - 1) << 1;
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    private Kryo obtain() {
        int home = (int) Thread.currentThread().getId();
        for (int i = 0; i < PROBES; i++) {
            Kryo kryo = slots.getAndSet((home + i) & mask, null);
            if (kryo != null) {
                return kryo;
            }
        }
        return factory.get();
    }

    private void free(Kryo kryo) {
        int home = (int) Thread.currentThread().getId();
        for (int i = 0; i < PROBES; i++) {
            if (slots.compareAndSet((home + i) & mask, null, kryo)) {
                return;
            }
        }
    }

    /** Encodes {@code value} with its class id. */
    public byte[] encode(Object value) {
        Kryo kryo = obtain();
        try {
            Output output = new Output(256, -1);
            kryo.writeClassAndObject(output, value);
            return output.toBytes();
        } finally {
            free(kryo);
        }
    }

    /** Encodes {@code value} with its class id into {@code output}. */
    public void encode(Object value, Output output) {
        Kryo kryo = obtain();
        try {
            kryo.writeClassAndObject(output, value);
        } finally {
            free(kryo);
        }
    }

    /** Decodes what {@link #encode(Object)} wrote. */
    public Object decode(byte[] bytes) {
        return decode(new Input(bytes));
    }

    /** Decodes one value from {@code input}. */
    public Object decode(Input input) {
        Kryo kryo = obtain();
        try {
            return kryo.readClassAndObject(input);
        } finally {
            free(kryo);
        }
    }

    /** What {@link #decodeEach} hands over for each item: its value, or the error that decoding it threw. */
    public interface ItemDecoded {
        void accept(int position, Object value, Throwable error);
    }

    /** Decodes each item of {@code items} with one instance and one input; a failed item does not stop the rest. */
    public void decodeEach(EncodedItems items, ItemDecoded onItem) {
        Kryo kryo = obtain();
        try {
            Input input = new Input();
            for (int i = 0; i < items.count(); i++) {
                input.setBuffer(items.blob(), items.offsets()[i], items.itemSize(i));
                Object value;
                try {
                    value = kryo.readClassAndObject(input);
                } catch (RuntimeException | LinkageError e) {
                    onItem.accept(i, null, e);
                    continue;
                }
                onItem.accept(i, value, null);
            }
        } finally {
            free(kryo);
        }
    }
}
