package io.taskgrid.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;

import java.util.function.Supplier;

/**
 * Thread-safe encoding and decoding with a pool of Kryo instances (a Kryo instance is not
 * thread-safe and costs microseconds to configure, so instances are reused).
 */
public final class KryoPool {

    private final Pool<Kryo> pool;

    public KryoPool(Supplier<Kryo> factory) {
        this.pool = new Pool<>(true, false, 64) {
            @Override
            protected Kryo create() {
                return factory.get();
            }
        };
    }

    /** Encodes {@code value} with its class id. */
    public byte[] encode(Object value) {
        Kryo kryo = pool.obtain();
        try {
            Output output = new Output(256, -1);
            kryo.writeClassAndObject(output, value);
            return output.toBytes();
        } finally {
            pool.free(kryo);
        }
    }

    /** Encodes {@code value} with its class id into {@code output}. */
    public void encode(Object value, Output output) {
        Kryo kryo = pool.obtain();
        try {
            kryo.writeClassAndObject(output, value);
        } finally {
            pool.free(kryo);
        }
    }

    /** Decodes what {@link #encode(Object)} wrote. */
    public Object decode(byte[] bytes) {
        return decode(new Input(bytes));
    }

    /** Decodes one value from {@code input}. */
    public Object decode(Input input) {
        Kryo kryo = pool.obtain();
        try {
            return kryo.readClassAndObject(input);
        } finally {
            pool.free(kryo);
        }
    }
}
