package io.taskgrid.examples;

import io.taskgrid.Job;
import io.taskgrid.JobHandle;
import io.taskgrid.TaskContext;
import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridProgram;
import io.taskgrid.examples.crawl.DelayedHttpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Fetches many pages from a slow local web site that the example starts itself, and reports the
 * status counts, bytes and links. Each page is an async subtask: the worker's event loop fetches
 * it without holding a thread while the site takes its time, then the page is parsed on the CPU
 * pool ({@code ctx.compute}): the two kinds of work of the hybrid worker in one subtask.
 *
 * <pre>
 * ./taskgrid submit --local 1 crawl --urls 2000 --delay-ms 100
 * ./taskgrid submit --local 1 crawl --urls 2000 --delay-ms 100 --blocking   # the same as blocking Tasks
 * </pre>
 *
 * The site listens on 127.0.0.1, so the workers must run on this machine (a local cluster).
 */
@Command(name = "crawl", mixinStandardHelpOptions = true,
        description = "Fetch --urls pages from a local site that answers each after --delay-ms, as async subtasks, "
                + "and count statuses, bytes and links.")
public final class Crawl implements TaskgridProgram {

    private static final Pattern LINK = Pattern.compile("<a\\s+href=\"([^\"]*)\"");

    @Option(names = "--urls", description = "How many pages to fetch (default: ${DEFAULT-VALUE}).")
    int urls = 2000;

    @Option(names = "--delay-ms", description = "How long the site takes per page, in ms (default: ${DEFAULT-VALUE}).")
    int delayMillis = 100;

    @Option(names = "--blocking", description = "Fetch with blocking calls in plain Tasks on the CPU pool instead, "
            + "to compare.")
    boolean blocking;

    /** What one page came to. */
    public record Page(int status, int bytes, int links) implements Serializable {
    }

    @Override
    public String name() {
        return "crawl";
    }

    @Override
    public String description() {
        return "Fetch pages from a slow local site as async subtasks; count statuses, bytes and links";
    }

    @Override
    public Object run(TaskgridClient client) throws Exception {
        if (urls < 1 || urls > 1_000_000) {
            throw new IllegalArgumentException("--urls must be between 1 and 1,000,000, not " + urls);
        }
        if (delayMillis < 0 || delayMillis > 60_000) {
            throw new IllegalArgumentException("--delay-ms must be between 0 and 60000, not " + delayMillis);
        }
        try (DelayedHttpServer site = DelayedHttpServer.start(delayMillis)) {
            List<String> pages = IntStream.range(0, urls).mapToObj(i -> site.baseUrl() + "/page/" + i).toList();
            long start = System.nanoTime();
            JobHandle<Page> handle = client.submit(blocking ? fetchBlocking(pages) : fetchAsync(pages));
            return summary(handle.results().join(), (System.nanoTime() - start) / 1e9);
        }
    }

    /** The job: one async subtask per URL, fetched on the event loop, parsed on the CPU pool. */
    public static Job<Page> fetchAsync(List<String> pages) {
        return Job.mapAsync(Crawl::fetch, pages).named("crawl");
    }

    /** The same work as blocking {@code Task}s, each holding a CPU thread while it waits. */
    public static Job<Page> fetchBlocking(List<String> pages) {
        return Job.map(Crawl::fetchWaiting, pages).named("crawl-blocking");
    }

    static CompletionStage<Page> fetch(String url, TaskContext context) {
        return context.http().get(url).thenCompose(response -> context.compute(
                () -> new Page(response.status(), response.body().length, countLinks(response.text()))));
    }

    static Page fetchWaiting(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        int status = connection.getResponseCode();
        try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            byte[] bytes = body == null ? new byte[0] : body.readAllBytes();
            return new Page(status, bytes.length, countLinks(new String(bytes, StandardCharsets.UTF_8)));
        }
    }

    /** How many links a page holds. */
    public static int countLinks(String html) {
        Matcher links = LINK.matcher(html);
        int count = 0;
        while (links.find()) {
            count++;
        }
        return count;
    }

    /** Pages, status counts, bytes and links of {@code pages}, and the pages per second. */
    public static Map<String, Object> summary(List<Page> pages, double seconds) {
        Map<Integer, Integer> statuses = new TreeMap<>();
        long bytes = 0;
        long links = 0;
        for (Page page : pages) {
            statuses.merge(page.status(), 1, Integer::sum);
            bytes += page.bytes();
            links += page.links();
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("pages", pages.size());
        statuses.forEach((status, count) -> summary.put("status " + status, count));
        summary.put("bytes", bytes);
        summary.put("links", links);
        summary.put("seconds", Math.round(seconds * 100) / 100.0);
        summary.put("pages/s", Math.round(pages.size() / Math.max(seconds, 1e-9)));
        return summary;
    }
}
