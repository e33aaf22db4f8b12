package io.taskgrid.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KryoPoolTest {

    private final AtomicInteger created = new AtomicInteger();

    private final KryoPool pool = new KryoPool(() -> {
        created.incrementAndGet();
        Kryo kryo = new Kryo();
        kryo.register(String.class, 10);
        kryo.register(Long.class, 11);
        return kryo;
    });

    @Test
    void oneThreadKeepsReusingOneInstance() {
        for (long i = 0; i < 1000; i++) {
            assertThat(pool.decode(pool.encode(i))).isEqualTo(i);
        }
        assertThat(created).hasValue(1);
    }

    @Test
    void threadsEncodingAtOnceEachGetTheirOwnValuesBack() throws Exception {
        int threads = 8;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> mismatches = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String prefix = "thread " + t + " value ";
                mismatches.add(executor.submit(() -> {
                    int wrong = 0;
                    for (int i = 0; i < 20_000; i++) {
                        if (!pool.decode(pool.encode(prefix + i)).equals(prefix + i)) {
                            wrong++;
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> wrong : mismatches) {
                assertThat(wrong.get()).isZero();
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(created.get()).as("instances are reused, not made per call").isLessThan(1000);
    }

    @Test
    void anInstanceThatFailedMidwayIsStillGoodForTheNextValue() {
        assertThatThrownBy(() -> pool.encode(new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.decode(new byte[] {99})).isInstanceOf(KryoException.class);
        assertThat(pool.decode(pool.encode("after the failures"))).isEqualTo("after the failures");
        assertThat(created).hasValue(1);
    }
}
