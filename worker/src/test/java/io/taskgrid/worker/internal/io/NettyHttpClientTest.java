package io.taskgrid.worker.internal.io;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.taskgrid.AsyncHttp.Request;
import io.taskgrid.AsyncHttp.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.taskgrid.testing.Waits.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The HTTP client against a real Netty server on 127.0.0.1: bodies, failures, limits and connection reuse. */
class NettyHttpClientTest {

    private final TestServer server = TestServer.start();
    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final NettyHttpClient client = new NettyHttpClient(loop, 8);

    @AfterEach
    void close() {
        client.close();
        assertThat(loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(30, TimeUnit.SECONDS))
                .as("the client's event loop stopped within 30 s").isTrue();
        server.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static Response await(CompletionStage<Response> stage) {
        return join(stage, 20, "the response");
    }

    private static Throwable failureOf(CompletionStage<Response> stage) {
        Throwable failed = catchThrowable(() -> stage.toCompletableFuture().get(20, TimeUnit.SECONDS));
        assertThat(failed).as("the request fails").isInstanceOf(ExecutionException.class);
        return failed.getCause();
    }

    @Test
    void getsTextWithLowerCaseHeaderNames() throws Exception {
        Response response = await(client.get(url("/text")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.isSuccess()).isTrue();
        assertThat(response.text()).isEqualTo("hello, wörld");
        assertThat(response.headers()).containsEntry("content-type", "text/plain; charset=utf-8")
                .containsEntry("x-repeated", "second");
    }

    @Test
    void getsBytes() throws Exception {
        Response response = await(client.get(url("/bytes")));

        assertThat(response.body()).isEqualTo(TestServer.BYTES);
    }

    @Test
    void sendsHostUserAgentAndTheCallersHeaders() throws Exception {
        Response response = await(client.send(Request.get(url("/headers")).withHeader("X-Trace", "t-1")));

        assertThat(response.text()).contains("host=127.0.0.1:" + server.port(), "user-agent=taskgrid",
                "x-trace=t-1", "connection=keep-alive");
    }

    @Test
    void postsABodyAndGetsItBack() throws Exception {
        byte[] body = "{\"n\": 42}".getBytes(StandardCharsets.UTF_8);

        Response response = await(client.post(url("/echo"), body, "application/json"));

        assertThat(response.body()).isEqualTo(body);
        assertThat(response.headers()).containsEntry("content-type", "application/json");
    }

    @Test
    void notFoundIsAResponseNotAFailure() throws Exception {
        Response response = await(client.get(url("/missing")));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.isSuccess()).isFalse();
    }

    @Test
    void aSlowResponseFailsWithTimeoutNamingTheRequestAndTheLimit() {
        Request request = Request.get(url("/slow")).withTimeout(Duration.ofMillis(200));

        Throwable failure = failureOf(client.send(request));

        assertThat(failure).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("GET " + url("/slow")).hasMessageContaining("200 ms");
    }

    @Test
    void aRefusedConnectionFailsWithConnectExceptionNamingHostAndPort() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Throwable failure = failureOf(client.get("http://127.0.0.1:" + closedPort + "/"));

        assertThat(failure).isInstanceOf(ConnectException.class).hasMessageContaining("127.0.0.1:" + closedPort);
    }

    @Test
    void anHttpsRequestOpensWithATlsHandshakeAndAServerThatAnswersInPlainTextFailsIt() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> firstByte = CompletableFuture.supplyAsync(() -> {
                try (java.net.Socket connection = plain.accept()) {
                    int first = connection.getInputStream().read();
                    connection.getOutputStream().write("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    return first;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            String url = "https://127.0.0.1:" + plain.getLocalPort() + "/";

            Throwable failure = failureOf(client.get(url));

            assertThat(join(firstByte, 20, "the first byte the plain server received")).as("a TLS handshake record")
                    .isEqualTo(0x16);
            assertThat(failure).isInstanceOf(IOException.class).hasMessageStartingWith("TLS with")
                    .hasMessageContaining("127.0.0.1:" + plain.getLocalPort()).hasMessageContaining("trust");
        }
    }

    @Test
    void aBodyOverTheLimitFailsWithIOExceptionSayingHowToRaiseIt() {
        Request request = Request.get(url("/big")).withMaxBodyBytes(1000);

        Throwable failure = failureOf(client.send(request));

        assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining(url("/big"))
                .hasMessageContaining("1000").hasMessageContaining("withMaxBodyBytes");
    }

    @Test
    void aChunkedBodyOverTheLimitFailsToo() {
        Request request = Request.get(url("/big-chunked")).withMaxBodyBytes(1000);

        Throwable failure = failureOf(client.send(request));

        assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("withMaxBodyBytes");
    }

    @Test
    void sequentialRequestsReuseOneKeptAliveConnection() throws Exception {
        for (int i = 0; i < 50; i++) {
            assertThat(await(client.get(url("/text"))).status()).isEqualTo(200);
        }

        assertThat(server.acceptedConnections()).isEqualTo(1);
    }

    @Test
    void aResponseSayingConnectionCloseIsNotReused() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(await(client.get(url("/close"))).text()).isEqualTo("bye");
        }

        assertThat(server.acceptedConnections()).isEqualTo(3);
        assertThat(client.idleConnections()).isZero();
    }

    @Test
    void aGetOnAPooledConnectionTheServerDroppedIsRetriedOnANewOne() throws Exception {
        assertThat(await(client.get(url("/once"))).text()).isEqualTo("first on this connection");

        Response retried = await(client.get(url("/once")));

        assertThat(retried.text()).isEqualTo("first on this connection");
        assertThat(server.acceptedConnections()).isEqualTo(2);
    }

    @Test
    void aPostOnAPooledConnectionTheServerDroppedFailsWithoutRetry() throws Exception {
        await(client.get(url("/once")));

        Throwable failure = failureOf(client.post(url("/once"), new byte[] {1}, "application/octet-stream"));

        assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("POST " + url("/once"))
                .hasMessageContaining("not retried");
        assertThat(server.acceptedConnections()).isEqualTo(1);
    }

    @Test
    void aThrowingCallbackDoesNotBreakTheConnection() throws Exception {
        CompletableFuture<Void> callback = client.get(url("/text")).thenAccept(response -> {
            throw new IllegalStateException("a careless user callback");
        }).toCompletableFuture();
        assertThatThrownBy(() -> join(callback, 20, "the callback's end")).hasCauseInstanceOf(IllegalStateException.class);

        assertThat(await(client.get(url("/text"))).text()).isEqualTo("hello, wörld");
        assertThat(server.acceptedConnections()).isEqualTo(1);
    }

    @Test
    void aThousandDelayedRequestsAtOnceAllCompleteOnOneEventLoopThread() throws Exception {
        List<CompletableFuture<Response>> responses = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            responses.add(client.get(url("/delayed?n=" + i)).toCompletableFuture());
        }

        join(CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)), 60, "a thousand delayed responses");

        for (int i = 0; i < 1000; i++) {
            assertThat(join(responses.get(i), 1, "response " + i).text()).isEqualTo("n=" + i);
        }
    }

    @Test
    void aClosedClientFailsNewRequests() {
        client.close();

        assertThat(failureOf(client.get(url("/text")))).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }
}
