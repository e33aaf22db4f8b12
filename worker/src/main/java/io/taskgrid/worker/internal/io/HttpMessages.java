package io.taskgrid.worker.internal.io;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.taskgrid.AsyncHttp.Request;
import io.taskgrid.AsyncHttp.Response;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Translates between the API's {@link Request}/{@link Response} and Netty's HTTP messages. */
final class HttpMessages {

    /** The User-Agent sent when the request names none. */
    static final String USER_AGENT = "taskgrid";

    /** Methods that carry a body by convention, so they always say how long it is. */
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private HttpMessages() {
    }

    /** The method in upper case, as it goes on the wire. */
    static String method(Request request) {
        return request.method().toUpperCase(Locale.ROOT);
    }

    /**
     * The request as Netty writes it: the caller's headers, then Host, Content-Length and
     * Connection: keep-alive over whatever the caller set, and User-Agent unless the caller set one.
     * A new message each call, since writing one releases it.
     *
     * @throws IllegalArgumentException when the method or a header is not valid HTTP
     */
    static FullHttpRequest toNetty(Request request, Origin origin) {
        String method = method(request);
        FullHttpRequest message = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method),
                pathAndQuery(request.uri()), Unpooled.wrappedBuffer(request.body()));
        HttpHeaders headers = message.headers();
        request.headers().forEach(headers::set);
        headers.set(HttpHeaderNames.HOST, origin.hostHeader());
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        if (request.body().length > 0 || BODY_METHODS.contains(method)) {
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, request.body().length);
        } else {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        }
        if (!headers.contains(HttpHeaderNames.USER_AGENT)) {
            headers.set(HttpHeaderNames.USER_AGENT, USER_AGENT);
        }
        return message;
    }

    private static String pathAndQuery(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** The response with its whole body; header names in lower case, the last value of a repeated one. */
    static Response toResponse(HttpResponse head, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        head.headers().forEach(header -> headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue()));
        return new Response(head.status().code(), Collections.unmodifiableMap(headers), body);
    }

    /** Whether a request may be sent twice without harm, so a stale connection's failure can be retried. */
    static boolean isRetryable(Request request) {
        String method = method(request);
        return method.equals("GET") || method.equals("HEAD");
    }

    /** A short name of the request for messages: {@code GET http://host/path}. */
    static String describe(Request request) {
        return method(request) + " " + request.uri();
    }
}
