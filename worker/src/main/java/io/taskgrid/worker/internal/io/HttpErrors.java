package io.taskgrid.worker.internal.io;

import io.taskgrid.AsyncHttp.Request;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/** The exceptions a request's stage fails with, each saying what happened, where, and what to do. */
final class HttpErrors {

    private HttpErrors() {
    }

    static TimeoutException timedOut(Request request) {
        return new TimeoutException(HttpMessages.describe(request) + " got no complete response within "
                + request.timeout().toMillis() + " ms (connecting included); the connection was closed. Raise the "
                + "limit with Request.withTimeout if the server is just slow");
    }

    static ConnectException cannotConnect(Request request, Origin origin, Throwable cause) {
        String reason = cause instanceof UnknownHostException
                ? "the host name does not resolve (" + cause.getMessage() + ")"
                : String.valueOf(cause.getMessage());
        ConnectException error = new ConnectException("Cannot connect to " + origin + " for "
                + HttpMessages.describe(request) + ": " + reason + "; is the server up, and the host and port right?");
        error.initCause(cause);
        return error;
    }

    static IOException tooLarge(Request request, long bytes, boolean declared) {
        return new IOException("The response to " + HttpMessages.describe(request) + " is larger than the limit of "
                + request.maxBodyBytes() + " bytes (" + (declared ? "Content-Length says " : "at least ") + bytes
                + " bytes); the connection was closed. Raise the limit with Request.withMaxBodyBytes if you need "
                + "the whole body");
    }

    /**
     * The connection closed (or broke) before the whole response arrived.
     *
     * @param reused    whether it was a kept-alive connection taken from the pool
     * @param bodyBytes body bytes read so far, or -1 when not even the status line had arrived
     */
    static IOException connectionLost(Request request, Origin origin, boolean reused, long bodyBytes,
                                      Throwable cause) {
        SSLException tls = tlsFailure(cause);
        if (tls != null) {
            return new IOException("TLS with " + origin + " failed for " + HttpMessages.describe(request) + ": "
                    + tls.getMessage() + "; does the server's certificate name " + origin.bareHost()
                    + ", and does this JVM trust its issuer?", tls);
        }
        StringBuilder message = new StringBuilder("The connection to ").append(origin).append(" closed ");
        message.append(bodyBytes < 0 ? "before the response to " : "after " + bodyBytes + " body bytes of the "
                + "response to ").append(HttpMessages.describe(request));
        if (cause != null) {
            message.append(" (").append(cause).append(")");
        }
        if (bodyBytes < 0 && reused && !HttpMessages.isRetryable(request)) {
            message.append(". It was a kept-alive connection the server may have closed as idle; ")
                    .append(HttpMessages.method(request)).append(" is not retried by itself since it may not be safe "
                            + "to send twice: retry it yourself if it is");
        } else {
            message.append(". The server may have crashed or dropped the connection; try again");
        }
        return new IOException(message.toString(), cause);
    }

    private static SSLException tlsFailure(Throwable cause) {
        for (Throwable at = cause; at != null; at = at.getCause()) {
            if (at instanceof SSLException tls) {
                return tls;
            }
        }
        return null;
    }

    static IOException malformed(Request request, Origin origin, Throwable cause) {
        return new IOException("The response to " + HttpMessages.describe(request) + " from " + origin + " is not "
                + "valid HTTP/1.x (" + cause + "); is this an HTTP server, and is the scheme (http/https) right?",
                cause);
    }

    static IOException clientClosed(Request request) {
        return new IOException(HttpMessages.describe(request) + " was not sent: this HTTP client is closed (the "
                + "worker is shutting down)");
    }
}
