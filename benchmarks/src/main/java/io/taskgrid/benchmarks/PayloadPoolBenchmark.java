package io.taskgrid.benchmarks;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import io.taskgrid.internal.serialization.KryoPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One small result encoded and decoded, as a worker and a client do per subtask: through
 * Taskgrid's {@link KryoPool} (lock-free slots), and, as the baseline, through Kryo's own
 * thread-safe {@link Pool} (a {@code LinkedBlockingQueue}), which Taskgrid used before. Two
 * threads, like a worker's pool thread and its agent.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class PayloadPoolBenchmark {

    private static final Long RESULT = 123_456_789L;

    private final KryoPool slots = new KryoPool(PayloadPoolBenchmark::newKryo);

    private final Pool<Kryo> queue = new Pool<>(true, false, 64) {
        @Override
        protected Kryo create() {
            return newKryo();
        }
    };

    private static Kryo newKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        return kryo;
    }

    @Benchmark
    public Object taskgridPool() {
        return slots.decode(slots.encode(RESULT));
    }

    @Benchmark
    public Object baselineKryoPool() {
        Kryo kryo = queue.obtain();
        byte[] bytes;
        try {
            Output output = new Output(256, -1);
            kryo.writeClassAndObject(output, RESULT);
            bytes = output.toBytes();
        } finally {
            queue.free(kryo);
        }
        kryo = queue.obtain();
        try {
            return kryo.readClassAndObject(new Input(bytes));
        } finally {
            queue.free(kryo);
        }
    }
}
