package io.taskgrid.worker.internal.io;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.taskgrid.AsyncHttp.Request;
import io.taskgrid.AsyncHttp.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request, from the call to its outcome: which connection carries it, its timer, and whether
 * it was retried. It ends exactly once, with a response or a failure.
 *
 * <p>Confined to {@link #loop}: every method runs on it, so there is no locking. Callbacks name
 * the channel they come from, and those from a channel the exchange has left (after a retry or
 * after it ended) are ignored.
 */
final class HttpExchange {

    private static final Logger log = LoggerFactory.getLogger(HttpExchange.class);

    final Request request;
    final Origin origin;
    final EventLoop loop;
    private final NettyHttpClient client;
    private final CompletableFuture<Response> result;
    private FullHttpRequest firstMessage;
    private ScheduledFuture<?> timer;
    private Channel channel;
    private boolean reusedConnection;
    private boolean retried;
    private boolean done;

    /** @param firstMessage the request as Netty writes it, built by the caller so bad headers fail up front */
    HttpExchange(NettyHttpClient client, Request request, Origin origin, EventLoop loop,
                 CompletableFuture<Response> result, FullHttpRequest firstMessage) {
        this.client = client;
        this.request = request;
        this.origin = origin;
        this.loop = loop;
        this.result = result;
        this.firstMessage = firstMessage;
    }

    /** Starts the clock: from now the request has its timeout to complete. */
    void startTimer() {
        timer = loop.schedule(this::onTimeout, request.timeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    boolean isDone() {
        return done;
    }

    /** The request is now bound to {@code next}: connecting on it, or about to be written to it. */
    void attach(Channel next, boolean reused) {
        channel = next;
        reusedConnection = reused;
    }

    /** The message to write; a fresh one for a retry, since a written message is released. */
    FullHttpRequest message() {
        FullHttpRequest message = firstMessage != null ? firstMessage : HttpMessages.toNetty(request, origin);
        firstMessage = null;
        return message;
    }

    /** The whole response arrived on {@code from}. */
    void onResponse(Channel from, Response response, boolean keepAlive) {
        if (done || from != channel) {
            return;
        }
        channel = null;
        client.recycle(origin, from, keepAlive);
        succeed(response);
    }

    /** {@code from} closed or broke before the response was complete; a stale pooled connection is retried once. */
    void onConnectionLost(Channel from, long bodyBytes, Throwable cause) {
        if (done || from != channel) {
            return;
        }
        if (reusedConnection && bodyBytes < 0 && !retried && HttpMessages.isRetryable(request)) {
            log.debug("{}: kept-alive connection to {} closed before answering; retrying on a new one",
                    HttpMessages.describe(request), origin, cause);
            retried = true;
            channel = null;
            from.close();
            client.connect(this);
            return;
        }
        fail(HttpErrors.connectionLost(request, origin, reusedConnection, bodyBytes, cause));
    }

    /** Ends the exchange with {@code error}, closing its connection (which cannot be reused mid-exchange). */
    void fail(Throwable error) {
        if (done) {
            return;
        }
        done = true;
        releaseUnsentMessage();
        if (timer != null) {
            timer.cancel(false);
        }
        if (channel != null) {
            channel.close();
            channel = null;
        }
        complete(() -> result.completeExceptionally(error));
    }

    private void onTimeout() {
        fail(HttpErrors.timedOut(request));
    }

    private void succeed(Response response) {
        done = true;
        if (timer != null) {
            timer.cancel(false);
        }
        complete(() -> result.complete(response));
    }

    private void releaseUnsentMessage() {
        if (firstMessage != null) {
            firstMessage.release();
            firstMessage = null;
        }
    }

    /** Completes the caller's future; its callbacks run here, and one that throws must not break the connection. */
    private void complete(Runnable completion) {
        try {
            completion.run();
        } catch (Throwable callbackFailure) {
            log.warn("A callback on the outcome of {} threw; ignored", HttpMessages.describe(request),
                    callbackFailure);
        }
    }
}
