package io.taskgrid.coordinator.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WriteBehindTest {

    @Test
    void writesRunInTheOrderHandedOverAndAFailureStopsNoOther() {
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        try (WriteBehind writer = new WriteBehind("test-writer", Duration.ofMillis(1))) {
            for (int i = 0; i < 1_000; i++) {
                int n = i;
                writer.execute(() -> {
                    if (n % 100 == 7) {
                        throw new IllegalStateException("write " + n + " fails");
                    }
                    ran.add(n);
                });
            }
            writer.flush();
            assertThat(ran).hasSize(990).isSorted();
        }
    }

    @Test
    void closeRunsWhatWasHandedOverWithoutWaitingForTheWindow() {
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try (WriteBehind writer = new WriteBehind("test-writer", Duration.ofMinutes(10))) {
            writer.execute(() -> ran.add(1));
            writer.execute(() -> ran.add(2));
        }
        assertThat(ran).containsExactly(1, 2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(5));
    }

    @Test
    void aWriteHandedOverByAWriteRunsInTheSameGroup() {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        try (WriteBehind writer = new WriteBehind("test-writer", Duration.ofMinutes(10))) {
            writer.execute(() -> {
                ran.add("first");
                writer.execute(() -> ran.add("handed on"));
            });
            writer.flush();
            assertThat(ran).containsExactly("first", "handed on");
        }
    }
}
