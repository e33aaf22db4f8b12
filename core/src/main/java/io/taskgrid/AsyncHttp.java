package io.taskgrid;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A non-blocking HTTP client on the worker's event loop, from {@link TaskContext#http()}. A call
 * returns at once; its stage completes when the whole response has arrived, on the event loop, so
 * thousands of requests can wait at once without holding a thread each.
 *
 * <p>Any status is a {@link Response} (check {@link Response#isSuccess()}); the stage fails only
 * when there is no response: the connection failed ({@link java.net.ConnectException}), the
 * request timed out ({@link java.util.concurrent.TimeoutException}), or the body was larger than
 * allowed ({@link java.io.IOException}). Redirects are not followed. Connections are kept alive
 * and reused per host.
 *
 * <pre>{@code
 * AsyncTask<Integer> size = ctx -> ctx.http().get("http://example.com/").thenApply(r -> r.body().length);
 * }</pre>
 */
public interface AsyncHttp {

    /** How long a request may take, from connecting to the last byte, unless it says otherwise. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** The largest response body accepted, unless the request says otherwise. */
    int DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

    /** {@code GET url}. */
    default CompletionStage<Response> get(String url) {
        return send(Request.get(url));
    }

    /** {@code POST url} with {@code body} of the given content type. */
    default CompletionStage<Response> post(String url, byte[] body, String contentType) {
        return send(Request.post(url, body, contentType));
    }

    /** Sends {@code request}; see the class comment for how it completes. */
    CompletionStage<Response> send(Request request);

    /**
     * An HTTP request.
     *
     * @param method       GET, POST, PUT, DELETE, HEAD, ...
     * @param uri          an absolute {@code http} or {@code https} URI
     * @param headers      extra headers (Host, Content-Length and Connection are set for you)
     * @param body         the body, empty for none
     * @param timeout      the time limit, from connecting to the last byte of the response
     * @param maxBodyBytes the largest response body accepted
     */
    record Request(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout,
                   int maxBodyBytes) {

        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || uri.getHost() == null) {
                throw new IllegalArgumentException("an HTTP request needs an absolute http:// or https:// URI with a "
                        + "host, not '" + uri + "'");
            }
            headers = Map.copyOf(headers);
            body = body == null ? new byte[0] : body;
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the timeout must be positive, not " + timeout);
            }
            if (maxBodyBytes <= 0) {
                throw new IllegalArgumentException("maxBodyBytes must be positive, not " + maxBodyBytes);
            }
        }

        /** {@code GET url} with the default timeout. */
        public static Request get(String url) {
            return new Request("GET", URI.create(url), Map.of(), new byte[0], DEFAULT_TIMEOUT, DEFAULT_MAX_BODY_BYTES);
        }

        /** {@code POST url} with a body of the given content type. */
        public static Request post(String url, byte[] body, String contentType) {
            return new Request("POST", URI.create(url), Map.of("Content-Type", contentType), body, DEFAULT_TIMEOUT,
                    DEFAULT_MAX_BODY_BYTES);
        }

        /** This request with one more header. */
        public Request withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Request(method, uri, more, body, timeout, maxBodyBytes);
        }

        /** This request with another time limit. */
        public Request withTimeout(Duration limit) {
            return new Request(method, uri, headers, body, limit, maxBodyBytes);
        }

        /** This request accepting bodies up to {@code bytes}. */
        public Request withMaxBodyBytes(int bytes) {
            return new Request(method, uri, headers, body, timeout, bytes);
        }
    }

    /**
     * An HTTP response, read whole.
     *
     * @param headers the response headers, names in lower case (the last value of a repeated one)
     */
    record Response(int status, Map<String, String> headers, byte[] body) {

        /** Whether the status is 2xx. */
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        /** The body as text, in the charset its content type names (UTF-8 when it names none). */
        public String text() {
            return new String(body, charset());
        }

        private Charset charset() {
            String type = headers.getOrDefault("content-type", "");
            int at = type.toLowerCase(java.util.Locale.ROOT).indexOf("charset=");
            if (at >= 0) {
                String name = type.substring(at + "charset=".length()).split("[;\\s]")[0].replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException unknown) {
                    return StandardCharsets.UTF_8;
                }
            }
            return StandardCharsets.UTF_8;
        }
    }
}
