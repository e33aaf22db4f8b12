package io.taskgrid.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.taskgrid.internal.serialization.KryoPool;

/** Writes each protocol record as one frame: a 4-byte length, then the record in Kryo. */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToByteEncoder<Object> {

    private final KryoPool kryo;

    public FrameEncoder(KryoPool kryo) {
        this.kryo = kryo;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object message, ByteBuf out) {
        byte[] bytes = kryo.encode(message);
        out.writeInt(bytes.length);
        out.writeBytes(bytes);
    }
}
