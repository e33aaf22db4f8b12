package io.taskgrid.worker.internal.io;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a client connection: gathers the response to the connection's current
 * exchange, holding the body to the exchange's limit, and reports the outcome to it. One per
 * connection, on its event loop; between exchanges it holds nothing.
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter {

    private HttpExchange current;
    private HttpResponse head;
    private CompositeByteBuf body;
    private boolean skippingInformational;

    /** The next response on this connection belongs to {@code exchange}. */
    void begin(HttpExchange exchange) {
        current = exchange;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (current == null) {
                ctx.close(); // a response nobody asked for: the connection is out of step
            } else if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
                onDecoderFailure(ctx, object.decoderResult().cause());
            } else {
                read(ctx, msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onDecoderFailure(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof PrematureChannelClosureException) {
            lost(ctx, null); // closed mid-message: the decoder says so before the channel goes inactive
        } else {
            fail(HttpErrors.malformed(current.request, current.origin, cause));
        }
    }

    private void read(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpResponse response) {
            onHead(ctx, response);
        }
        if (msg instanceof HttpContent content && current != null) {
            onContent(ctx, content);
        }
    }

    private void onHead(ChannelHandlerContext ctx, HttpResponse response) {
        int status = response.status().code();
        if (status >= 100 && status < 200 && status != HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            skippingInformational = true; // 100 Continue and friends: the real response follows
            return;
        }
        long declared = HttpUtil.getContentLength(response, -1L);
        if (declared > current.request.maxBodyBytes()) {
            fail(HttpErrors.tooLarge(current.request, declared, true));
            return;
        }
        head = response;
        body = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        if (skippingInformational) {
            skippingInformational = !(content instanceof LastHttpContent);
            return;
        }
        if (head == null) {
            return;
        }
        long size = (long) body.readableBytes() + content.content().readableBytes();
        if (size > current.request.maxBodyBytes()) {
            fail(HttpErrors.tooLarge(current.request, size, false));
            return;
        }
        body.addComponent(true, content.content().retain());
        if (content instanceof LastHttpContent) {
            finish(ctx);
        }
    }

    private void finish(ChannelHandlerContext ctx) {
        HttpExchange exchange = current;
        byte[] bytes = ByteBufUtil.getBytes(body);
        boolean keepAlive = HttpUtil.isKeepAlive(head)
                && head.status().code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code();
        var response = HttpMessages.toResponse(head, bytes);
        reset();
        exchange.onResponse(ctx.channel(), response, keepAlive);
    }

    private void fail(Throwable error) {
        HttpExchange exchange = current;
        reset();
        exchange.fail(error);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        lost(ctx, null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        lost(ctx, cause);
        ctx.close();
    }

    private void lost(ChannelHandlerContext ctx, Throwable cause) {
        HttpExchange exchange = current;
        long bodyBytes = head == null ? -1 : body.readableBytes();
        reset();
        if (exchange != null) {
            exchange.onConnectionLost(ctx.channel(), bodyBytes, cause);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        reset();
    }

    private void reset() {
        current = null;
        head = null;
        skippingInformational = false;
        if (body != null) {
            body.release();
            body = null;
        }
    }
}
