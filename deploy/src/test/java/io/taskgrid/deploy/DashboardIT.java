package io.taskgrid.deploy;

import io.taskgrid.Job;
import io.taskgrid.JobHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.taskgrid.testing.Waits.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The coordinator's dashboard in a real headless Chromium, against a local cluster of two worker
 * JVMs with a job in flight, and its Prometheus metrics.
 */
class DashboardIT {

    /** Where the screenshot is left for people to look at. */
    static final Path SCREENSHOT = Path.of("target", "dashboard.png");

    @RegisterExtension
    static final SharedCluster shared = new SharedCluster(2, 1);

    @Test
    void thePageShowsTheWorkersAndTheJobsProgressMovingWithoutReloading() throws Exception {
        boolean present = Files.isExecutable(HeadlessChromium.BINARY);
        if (System.getenv(HeadlessChromium.REQUIRED_ENV) != null) {
            assertThat(present).as("Chromium at " + HeadlessChromium.BINARY + " ($" + HeadlessChromium.REQUIRED_ENV
                    + " is set; .ci/run installs Debian's chromium package)").isTrue();
        }
        assumeTrue(present, "no Chromium at " + HeadlessChromium.BINARY + ": install Debian's chromium package to "
                + "run the dashboard test (.ci/run does)");
        JobHandle<Long> job = shared.client().submit(Job.range(0, 800, 1, range -> sleepThenReturn(range.from()))
                .named("dashboard-test"));
        String page = "http://" + shared.cluster().httpAddress() + "/";

        try (HeadlessChromium browser = HeadlessChromium.open(page)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(browser.evaluate("document.querySelectorAll('#workers tr.worker').length")).isEqualTo("2");
                assertThat(browser.evaluate("document.querySelector('#status').textContent")).isEqualTo("live");
                assertThat(browser.evaluate("document.querySelector('#jobs tr.job[data-job-id=\"" + job.id()
                        + "\"]') !== null")).isEqualTo("true");
            });
            browser.evaluate("window.taskgridTestMark = 'same page'");
            AtomicLong firstDone = new AtomicLong(done(browser, job.id()));
            AtomicLong firstUpdates = new AtomicLong(Long.parseLong(browser.evaluate("document.body.dataset.updates")));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(done(browser, job.id())).isGreaterThan(firstDone.get());
                assertThat(Long.parseLong(browser.evaluate("document.body.dataset.updates")))
                        .isGreaterThan(firstUpdates.get());
                assertThat(browser.evaluate("document.querySelector('#stream-empty').hidden")).isEqualTo("true");
            });
            assertThat(browser.evaluate("window.taskgridTestMark")).as("the page was not reloaded").isEqualTo("same page");
            assertThat(browser.evaluate("Array.from(document.querySelectorAll('#workers tr.worker'))"
                    + ".map(row => row.dataset.workerId).sort().join(',')"))
                    .isEqualTo(shared.cluster().status().workers().stream().map(w -> w.id()).sorted()
                            .reduce((a, b) -> a + "," + b).orElseThrow());
            Files.createDirectories(SCREENSHOT.getParent());
            Files.write(SCREENSHOT, browser.screenshot());
            assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
        } finally {
            job.cancel();
        }
    }

    @Test
    void metricsCountTheSubtasksInPrometheusTextFormat() throws Exception {
        long before = metric(scrape(), "taskgrid_subtasks_succeeded_total");
        assertThat(join(shared.client().submit(Job.range(0, 300, 1, range -> range.from())).results(), 60,
                "the results of 300 subtasks")).hasSize(300);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = scrape();
            assertThat(metric(metrics, "taskgrid_subtasks_succeeded_total")).isGreaterThanOrEqualTo(before + 300);
            assertThat(metric(metrics, "taskgrid_workers")).isEqualTo(2);
            assertThat(metric(metrics, "taskgrid_subtask_duration_seconds_count")).isGreaterThanOrEqualTo(300);
            assertThat(metric(metrics, "taskgrid_subtask_duration_seconds_bucket{le=\"+Inf\"}"))
                    .isEqualTo(metric(metrics, "taskgrid_subtask_duration_seconds_count"));
            assertThat(metric(metrics, "taskgrid_gateway_connections")).isGreaterThanOrEqualTo(1);
            assertThat(metrics).contains("# TYPE taskgrid_subtasks_pending gauge", "jvm_memory_used_bytes",
                    "taskgrid_worker_threads{");
        });
    }

    private static long done(HeadlessChromium browser, String jobId) throws Exception {
        return Long.parseLong(browser.evaluate("document.querySelector('#jobs tr.job[data-job-id=\"" + jobId
                + "\"] .progress').dataset.done"));
    }

    private static String scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + shared.cluster().httpAddress() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain"));
        return response.body();
    }

    /** The value of the sample that starts with {@code name} (a name with its labels, or a name without any). */
    private static long metric(String metrics, String name) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$")
                .matcher(metrics);
        assertThat(sample.find()).as("a sample of %s in:%n%s", name, metrics).isTrue();
        return (long) Double.parseDouble(sample.group(1));
    }

    private static long sleepThenReturn(long value) {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return value;
    }
}
