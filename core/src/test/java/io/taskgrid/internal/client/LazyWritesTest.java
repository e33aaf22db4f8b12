package io.taskgrid.internal.client;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LazyWritesTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final LazyWrites lazy = new LazyWrites(() -> channel);

    @Test
    void aLazyMessageLeavesWithTheNextFlushedOneInOrder() {
        lazy.write(channel, "collected j-1");
        lazy.write(channel, "collected j-2");
        assertThat(sent()).as("nothing flushed yet").isEmpty();

        channel.writeAndFlush("submit j-3");

        assertThat(sent()).containsExactly("collected j-1", "collected j-2", "submit j-3");
    }

    @Test
    void aLazyMessageAloneLeavesAfterTheMaximumDelay() {
        lazy.write(channel, "collected j-1");
        channel.advanceTimeBy(LazyWrites.MAX_DELAY_MILLIS - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(sent()).isEmpty();

        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(sent()).containsExactly("collected j-1");

        lazy.write(channel, "collected j-2"); // the next one schedules its own flush
        channel.advanceTimeBy(LazyWrites.MAX_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(sent()).containsExactly("collected j-2");
    }

    @Test
    void flushNowSendsWhatWaitsBeforeAClose() {
        lazy.write(channel, "collected j-1");

        lazy.flushNow();

        assertThat(sent()).containsExactly("collected j-1");
    }

    private List<Object> sent() {
        List<Object> messages = new ArrayList<>();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            messages.add(message);
        }
        return messages;
    }
}
