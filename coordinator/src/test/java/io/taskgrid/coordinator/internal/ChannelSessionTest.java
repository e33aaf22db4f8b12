package io.taskgrid.coordinator.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.taskgrid.JobState;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.GatewayMessage;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelSessionTest {

    @Test
    void messagesSentInABurstAreWrittenInOrderWithOneFlush() {
        AtomicInteger flushes = new AtomicInteger();
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes.incrementAndGet();
                ctx.flush();
            }
        });
        ChannelSession session = new ChannelSession(channel);
        GatewayMessage results = new GatewayMessage.SubtaskResults("job-1", "worker-1", new int[]{0}, items(1));
        GatewayMessage finished = new GatewayMessage.JobFinished("job-1", JobState.SUCCEEDED, 1, 0, null);
        session.send(results);
        session.send(finished);
        assertThat((Object) channel.readOutbound()).as("nothing is written until the event loop runs").isNull();

        channel.runPendingTasks();
        assertThat((Object) channel.readOutbound()).isSameAs(results);
        assertThat((Object) channel.readOutbound()).isSameAs(finished);
        assertThat(flushes).hasValue(1);

        GatewayMessage next = new GatewayMessage.JobProgressed("job-2", 1, 0.5);
        session.send(next);
        channel.runPendingTasks();
        assertThat((Object) channel.readOutbound()).as("a later message gets a task of its own").isSameAs(next);
        assertThat(flushes).hasValue(2);
    }

    @Test
    void aClosedChannelTakesNothing() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ChannelSession session = new ChannelSession(channel);
        channel.close();
        session.send(new GatewayMessage.JobProgressed("job-1", 0, 0));
        channel.runPendingTasks();
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(session.isOpen()).isFalse();
    }

    /** One item of one byte per value. */
    private static EncodedItems items(int... oneByteEach) {
        EncodedItems.Builder builder = new EncodedItems.Builder(oneByteEach.length);
        for (int value : oneByteEach) {
            builder.add(new byte[]{(byte) value});
        }
        return builder.build();
    }
}
