package io.taskgrid.coordinator.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HousekeepingTest {

    private final AtomicInteger seconds = new AtomicInteger();
    private final List<String> done = new CopyOnWriteArrayList<>();
    private final Housekeeping housekeeping = new Housekeeping("housekeeping-test");

    @AfterEach
    void close() {
        housekeeping.close();
    }

    @Test
    void theSweepRunsEverySecondThoughItFailed() {
        housekeeping.everySecond(() -> {
            seconds.incrementAndGet();
            throw new IllegalStateException("a failed sweep stops nothing");
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> seconds.get() >= 3);
    }

    @Test
    void executeRunsSoonAndFlushWaitsForIt() throws Exception {
        housekeeping.execute(() -> {
            throw new IllegalStateException("boom");
        });
        housekeeping.execute(() -> done.add("after a failure"));

        housekeeping.flush();

        assertThat(done).containsExactly("after a failure");
    }
}
