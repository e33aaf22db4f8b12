package io.taskgrid.coordinator.internal;

import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.RemoteFailure;
import io.taskgrid.internal.protocol.SubtaskFailure;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that attaches to a running job gets each outcome once: the store, read after it began
 * to follow, may already hold live outcomes that wait for it, and the replay leaves those out.
 */
class FollowerTest {

    private static GatewayMessage.SubtaskResults results(int... indices) {
        EncodedItems.Builder items = new EncodedItems.Builder(indices.length);
        for (int index : indices) {
            items.add(new byte[]{(byte) index});
        }
        return new GatewayMessage.SubtaskResults("j", "worker-1", indices, items.build());
    }

    private static SubtaskFailure failure(int index) {
        return new SubtaskFailure(index, 1, "worker-1", RemoteFailure.of("java.lang.IllegalStateException", "boom"));
    }

    @Test
    void liveOutcomesTheStoreAlreadyHeldAreReplayedOnceAfterTheRecordedOnes() {
        ShellHarness.Client client = new ShellHarness.Client("late");
        Follower follower = Follower.afterReplay(client);
        follower.send(results(2, 3)); // delivered after it began to follow, and stored before the replay read
        follower.send(new GatewayMessage.SubtaskFailures("j", List.of(failure(5))));
        StateStore.StoredOutcomes recorded = new StateStore.StoredOutcomes(
                List.of(results(0, 1), results(2, 3, 4)), List.of(failure(5), failure(6)));
        assertThat(client.received).as("nothing before the replay").isEmpty();

        StateStore.StoredOutcomes replayed = StoreReads.without(recorded, follower.heldBackSubtasks());
        replayed.results().forEach(client::send);
        client.send(new GatewayMessage.SubtaskFailures("j", replayed.failures()));
        follower.replayed();
        follower.send(results(7));

        List<Integer> subtasks = new ArrayList<>();
        for (GatewayMessage message : client.received) {
            if (message instanceof GatewayMessage.SubtaskResults batch) {
                for (int index : batch.indices()) {
                    subtasks.add(index);
                    assertThat(batch.values().item(indexOf(batch, index))).as("the result of subtask " + index)
                            .containsExactly((byte) index);
                }
            } else if (message instanceof GatewayMessage.SubtaskFailures failures) {
                failures.failures().forEach(f -> subtasks.add(f.index()));
            }
        }
        assertThat(subtasks).containsExactly(0, 1, 4, 6, 2, 3, 5, 7);
    }

    private static int indexOf(GatewayMessage.SubtaskResults batch, int index) {
        for (int i = 0; i < batch.indices().length; i++) {
            if (batch.indices()[i] == index) {
                return i;
            }
        }
        throw new AssertionError("no subtask " + index);
    }
}
