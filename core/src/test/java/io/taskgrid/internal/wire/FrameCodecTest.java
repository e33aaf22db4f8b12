package io.taskgrid.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.serialization.KryoPool;
import io.taskgrid.internal.serialization.WireKryo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameCodecTest {

    private final KryoPool kryo = new KryoPool(WireKryo::newGatewayKryo);

    private EmbeddedChannel channel(int maxFrameBytes) {
        return new EmbeddedChannel(new FrameDecoder(kryo, maxFrameBytes), new FrameEncoder(kryo));
    }

    @Test
    void aMessageSurvivesEncodingAndDecodingEvenWhenItsBytesArriveOneByOne() {
        EmbeddedChannel sender = channel(1024);
        EmbeddedChannel receiver = channel(1024);
        GatewayMessage.JobAccepted message = new GatewayMessage.JobAccepted(3, "job-1", 10);

        sender.writeOutbound(message);
        ByteBuf frame = sender.readOutbound();
        while (frame.isReadable()) {
            receiver.writeInbound(frame.readRetainedSlice(1));
        }
        frame.release();

        assertThat((Object) receiver.readInbound()).isEqualTo(message);
    }

    @Test
    void aFrameOverTheLimitIsRefused() {
        EmbeddedChannel receiver = channel(100);
        ByteBuf frame = Unpooled.buffer().writeInt(1_000_000).writeZero(200);

        assertThatThrownBy(() -> receiver.writeInbound(frame)).isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void garbageIsAMalformedFrame() {
        EmbeddedChannel receiver = channel(1024);
        ByteBuf frame = Unpooled.buffer().writeInt(4).writeBytes(new byte[]{(byte) 0xFF, 0x7F, 0x01, 0x02});

        assertThatThrownBy(() -> receiver.writeInbound(frame))
                .isInstanceOf(CorruptedFrameException.class)
                .hasMessageContaining("malformed frame of 4 bytes");
    }

    @Test
    void bytesLeftAfterTheMessageMakeAMalformedFrame() {
        byte[] message = kryo.encode(new GatewayMessage.Refused("x"));
        EmbeddedChannel receiver = channel(1024);
        ByteBuf frame = Unpooled.buffer().writeInt(message.length + 2).writeBytes(message).writeZero(2);

        assertThatThrownBy(() -> receiver.writeInbound(frame))
                .isInstanceOf(CorruptedFrameException.class)
                .hasMessageContaining("2 bytes after its message");
    }
}
