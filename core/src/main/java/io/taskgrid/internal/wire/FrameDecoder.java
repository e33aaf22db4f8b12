package io.taskgrid.internal.wire;

import com.esotericsoftware.kryo.io.Input;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.taskgrid.internal.serialization.KryoPool;

/**
 * Reads length-prefixed frames (a 4-byte big-endian length, then that many bytes of Kryo) and
 * decodes each into one protocol record. A frame longer than the limit fails with
 * {@link io.netty.handler.codec.TooLongFrameException}; a frame that does not decode, or holds
 * more than one record, fails with {@link CorruptedFrameException}.
 */
public final class FrameDecoder extends LengthFieldBasedFrameDecoder {

    private final KryoPool kryo;

    public FrameDecoder(KryoPool kryo, int maxFrameBytes) {
        super(maxFrameBytes + 4, 0, 4, 0, 4);
        this.kryo = kryo;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        if (frame == null) {
            return null;
        }
        try {
            return decodeFrame(frame);
        } finally {
            frame.release();
        }
    }

    private Object decodeFrame(ByteBuf frame) {
        int length = frame.readableBytes();
        byte[] bytes = ByteBufUtil.getBytes(frame, frame.readerIndex(), length, false);
        Input input = new Input(bytes);
        Object message;
        try {
            message = kryo.decode(input);
        } catch (RuntimeException e) {
            throw new CorruptedFrameException("malformed frame of " + length + " bytes: " + e.getMessage(), e);
        }
        if (message == null || input.position() != length) {
            throw new CorruptedFrameException("malformed frame of " + length + " bytes: "
                    + (message == null ? "it holds no message" : "it has "
                    + (length - input.position()) + " bytes after its message"));
        }
        return message;
    }
}
