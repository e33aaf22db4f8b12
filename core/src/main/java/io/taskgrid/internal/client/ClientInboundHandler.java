package io.taskgrid.internal.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.taskgrid.TaskgridException;
import io.taskgrid.internal.HostAndPort;
import io.taskgrid.internal.protocol.ClientMessage;
import io.taskgrid.internal.protocol.GatewayMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One connection's inbound side: completes the handshake, then hands the messages from the
 * gateway to the client, all those of one read together (one wake-up of the client's delivery
 * thread per read, not per message), and tells it when the connection ends.
 */
final class ClientInboundHandler extends SimpleChannelInboundHandler<GatewayMessage> {

    private static final Logger log = LoggerFactory.getLogger(ClientInboundHandler.class);

    /** After this long without a word from the coordinator, the client asks for one (a status request). */
    static final int QUIET_SECONDS = 10;

    /** After this many quiet periods in a row the connection counts as dead (a host gone without a goodbye). */
    private static final int QUIET_PERIODS_TO_GIVE_UP = 3;

    private int quietPeriods;
    /** Messages read since the last read completed: they go to the client together, in one hand-over. */
    private List<GatewayMessage> arrived = new ArrayList<>();

    private final GatewayClient client;
    private final HostAndPort address;
    final CompletableFuture<GatewayMessage.Welcome> handshake = new CompletableFuture<>();
    private volatile String refusal;

    ClientInboundHandler(GatewayClient client, HostAndPort address) {
        this.client = client;
        this.address = address;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, GatewayMessage message) {
        quietPeriods = 0;
        if (message instanceof GatewayMessage.Refused refused) {
            refusal = refused.reason();
            handshake.completeExceptionally(new TaskgridException("The coordinator at " + address
                    + " refused this client: " + refused.reason()));
        } else if (!handshake.isDone() && message instanceof GatewayMessage.Welcome welcome) {
            handshake.complete(welcome);
        } else if (handshake.isDone()) {
            arrived.add(message);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        handOver(ctx);
        ctx.fireChannelReadComplete();
    }

    private void handOver(ChannelHandlerContext ctx) {
        if (!arrived.isEmpty()) {
            client.onMessages(ctx.channel(), arrived);
            arrived = new ArrayList<>();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && handshake.isDone() && !handshake.isCompletedExceptionally()) {
            if (++quietPeriods >= QUIET_PERIODS_TO_GIVE_UP) {
                log.warn("The coordinator at {} has not answered for {} s; closing the connection", address,
                        QUIET_SECONDS * quietPeriods);
                ctx.close();
            } else {
                ctx.writeAndFlush(new ClientMessage.GetClusterStatus(-1)); // any answer shows it is alive
            }
            return;
        }
        if (event instanceof SslHandshakeCompletionEvent tls && !tls.isSuccess()) {
            Throwable cause = tls.cause();
            String why = cause instanceof NotSslRecordException
                    ? "it did not answer in TLS: is TLS enabled on the coordinator (--tls-keystore)?"
                    : String.valueOf(cause.getMessage());
            handshake.completeExceptionally(new TaskgridException("TLS with the coordinator at " + address
                    + " failed: " + why + ". The client must trust the coordinator's certificate "
                    + "(TaskgridClient.builder().trustStore(...)) and that certificate must name " + address.host(), cause));
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!handshake.isDone()) {
            handshake.completeExceptionally(new TaskgridException("The server at " + address + " closed the "
                    + "connection during the Taskgrid handshake: is this the coordinator's gateway port "
                    + "(not its cluster or HTTP port), and does the coordinator require TLS "
                    + "(then connect with TaskgridClient.builder().trustStore(...))?"));
        } else {
            handOver(ctx);
            client.onDisconnected(ctx.channel(), refusal);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!handshake.isDone()) {
            ctx.close(); // the handshake fails with the reason the TLS event or the close gives
            return;
        }
        log.warn("Closing the connection to the coordinator at {}: {}", address, cause.toString());
        ctx.close();
    }
}
