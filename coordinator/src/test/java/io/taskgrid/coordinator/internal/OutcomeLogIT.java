package io.taskgrid.coordinator.internal;

import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.GatewayMessage;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state store's one flush policy for outcomes: what reaches it within one write window goes
 * into the store as one entry per job, durable once that entry is written, and the README states
 * that window as the time a result takes to be durable.
 */
class OutcomeLogIT {

    private static GatewayMessage.SubtaskResults result(String jobId, int index) {
        EncodedItems.Builder items = new EncodedItems.Builder(1);
        items.add(new byte[]{(byte) index});
        return new GatewayMessage.SubtaskResults(jobId, "worker-1", new int[]{index}, items.build());
    }

    @Test
    void outcomesOfOneWindowAreOneEntryPerJobReadableBeforeAndAfterTheyAreWritten() throws Exception {
        List<Long> lags = new CopyOnWriteArrayList<>();
        try (HazelcastStateStore store = HazelcastStateStore.start("127.0.0.1", 5911, "taskgrid-outcome-log", null,
                null, new Retention(Duration.ofMinutes(5), 1L << 30), Duration.ofMinutes(1))) {
            store.recordDurableLagTo(lags::add);
            for (int i = 0; i < 5; i++) {
                store.saveOutcomes("a", List.of(result("a", i)), List.of());
            }
            store.saveOutcomes("b", List.of(result("b", 0)), List.of());

            assertThat(store.outcomes("a").results()).as("gathering, not yet written").hasSize(5);
            assertThat(store.writesTo("outcomes")).isZero();
            store.flushWrites();

            assertThat(store.writesTo("outcomes")).as("one entry per job").isEqualTo(2);
            assertThat(lags).as("each entry reports how long it took to be durable").hasSize(2);
            assertThat(store.outcomes("a").results()).extracting(r -> r.indices()[0]).containsExactly(0, 1, 2, 3, 4);
            store.saveOutcomes("a", List.of(result("a", 5)), List.of());
            store.flushWrites();
            assertThat(store.writesTo("outcomes")).as("a later window writes a new entry").isEqualTo(3);
            assertThat(store.outcomes("a").results()).hasSize(6);
        }
    }

    @Test
    void theReadmeStatesTheWriteWindowAsTheTimeToBeDurable() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md")).replaceAll("\\s+", " ");
        assertThat(readme).contains("A result is durable " + HazelcastStateStore.WRITE_WINDOW.toMillis()
                + " ms after it reaches the coordinator");
    }
}
