package io.taskgrid.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.taskgrid.testing.Waits.join;
import static org.awaitility.Awaitility.await;

/**
 * A real headless Chromium on one page, driven over the DevTools protocol (the JDK's WebSocket
 * client; no browser download, no Node): evaluate JavaScript in the page and take screenshots.
 * Only the page's own address (127.0.0.1) is contacted; background networking is off.
 */
final class HeadlessChromium implements AutoCloseable {

    /** Where Debian's chromium package puts the browser. */
    static final Path BINARY = Path.of("/usr/bin/chromium");
    /** Set (by .ci/run) when a missing browser must fail the test rather than skip it. */
    static final String REQUIRED_ENV = "TASKGRID_REQUIRE_BROWSER";

    private static final Pattern ID = Pattern.compile("^\\{\"id\":(\\d+)");
    private static final Pattern PAGE_SOCKET = Pattern.compile(
            "\"type\":\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\":\\s*\"(ws://[^\"]+)\"");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final Replies replies;
    private final AtomicInteger ids = new AtomicInteger();

    private HeadlessChromium(Process process, Path profile, WebSocket socket, Replies replies) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
        this.replies = replies;
    }

    /** Opens {@code url} in a new headless browser with an empty profile. */
    static HeadlessChromium open(String url) throws Exception {
        Path profile = Files.createTempDirectory("taskgrid-chromium-");
        Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, url)
                .redirectErrorStream(true)
                .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile())
                .start();
        try {
            int port = devToolsPort(profile, process);
            String pages = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher page = PAGE_SOCKET.matcher(pages);
            if (!page.find()) {
                throw new IllegalStateException("Chromium lists no page: " + pages);
            }
            Replies replies = new Replies();
            WebSocket socket = join(HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(page.group(1)), replies), 10, "Chromium's DevTools WebSocket");
            return new HeadlessChromium(process, profile, socket, replies);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static int devToolsPort(Path profile, Process process) {
        Path file = profile.resolve("DevToolsActivePort");
        return await("Chromium's DevTools port, in " + file).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    if (Files.exists(file)) {
                        List<String> lines = Files.readAllLines(file);
                        if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                            return Integer.parseInt(lines.get(0).strip());
                        }
                    }
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Chromium exited with code " + process.exitValue());
                    }
                    return null;
                }, Objects::nonNull);
    }

    /** Evaluates {@code expression} in the page; returns its value as text (JSON.stringify it for structures). */
    String evaluate(String expression) throws Exception {
        String reply = call("Runtime.evaluate", "{\"expression\":" + quote("String(" + expression + ")")
                + ",\"returnByValue\":true}");
        Matcher value = Pattern.compile("\"value\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(reply);
        if (!value.find()) {
            throw new IllegalStateException("evaluating " + expression + " gave " + reply);
        }
        return value.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
    }

    /** A PNG of the page as it looks now. */
    byte[] screenshot() throws Exception {
        String reply = call("Page.captureScreenshot", "{\"format\":\"png\"}");
        Matcher data = Pattern.compile("\"data\":\"([A-Za-z0-9+/=]+)\"").matcher(reply);
        if (!data.find()) {
            throw new IllegalStateException("no screenshot in " + reply);
        }
        return Base64.getDecoder().decode(data.group(1));
    }

    private String call(String method, String params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<String> reply = new CompletableFuture<>();
        replies.waiting.put(id, reply);
        join(socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true),
                10, "sending " + method + " to Chromium");
        return join(reply, 30, "Chromium's reply to " + method);
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(profile)) {
            List<Path> all = new ArrayList<>(files.toList());
            java.util.Collections.reverse(all);
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // a file Chromium still writes; the temp directory is cleaned by the OS
        }
    }

    /** Collects the text frames of each reply and completes the caller's future by id. */
    private static final class Replies implements WebSocket.Listener {
        private final Map<Integer, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                Matcher id = ID.matcher(message);
                if (id.find()) {
                    CompletableFuture<String> reply = waiting.remove(Integer.parseInt(id.group(1)));
                    if (reply != null) {
                        reply.complete(message);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
