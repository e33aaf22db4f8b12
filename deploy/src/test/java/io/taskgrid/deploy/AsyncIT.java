package io.taskgrid.deploy;

import io.taskgrid.AsyncTask;
import io.taskgrid.Job;
import io.taskgrid.JobHandle;
import io.taskgrid.RemoteTaskException;
import io.taskgrid.examples.Crawl;
import io.taskgrid.examples.crawl.DelayedHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.taskgrid.testing.Waits.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Async subtasks on a real worker JVM's event loop, against a real HTTP server on 127.0.0.1. */
class AsyncIT {

    @RegisterExtension
    static final SharedCluster shared = new SharedCluster(1, 2);

    @Test
    void twoThousandFetchesOf100MsEachFinishCorrectlyOnOneWorkerOfTwoThreads() throws Exception {
        try (DelayedHttpServer site = DelayedHttpServer.start(100)) {
            List<String> pages = IntStream.range(0, 2000).mapToObj(i -> site.baseUrl() + "/page/" + i).toList();

            List<Crawl.Page> results = join(shared.client().submit(Crawl.fetchAsync(pages)).results(), 180,
                    "2,000 pages fetched");

            assertThat(results).hasSize(2000);
            for (int i = 0; i < 2000; i++) {
                Crawl.Page page = results.get(i);
                if (DelayedHttpServer.isMissing(i)) {
                    assertThat(page.status()).as("page %d", i).isEqualTo(404);
                } else {
                    assertThat(page.status()).as("page %d", i).isEqualTo(200);
                    assertThat(page.bytes()).as("page %d", i).isEqualTo(DelayedHttpServer.pageSize(i));
                    assertThat(page.links()).as("page %d", i)
                            .isEqualTo(Crawl.countLinks(DelayedHttpServer.pageHtml(i)));
                }
            }
            assertThat(site.requestsServed()).isEqualTo(2000);
            assertThat(shared.cluster().status().workers()).singleElement()
                    .satisfies(worker -> assertThat(worker.threads()).isEqualTo(2));
        }
    }

    @Test
    void anAsyncFailureReachesTheClientWithItsTypeAndATimedOutOneIsRetried() {
        AsyncTask<String> fails = ctx -> CompletableFuture.failedFuture(new IllegalStateException("remote said no"));
        AsyncTask<String> slowThenFast = ctx -> ctx.attempt() == 1 ? new CompletableFuture<>()
                : CompletableFuture.completedFuture("attempt " + ctx.attempt());

        JobHandle<String> handle = shared.client().submit(Job.ofAsync(List.of(fails, slowThenFast))
                .withSubtaskTimeout(Duration.ofMillis(300)).withMaxRetries(1).withRetryBackoff(Duration.ZERO)
                .withNoRetryOn(IllegalStateException.class));

        assertThat(join(handle.result(1), 60, "the retried subtask's result")).isEqualTo("attempt 2");
        assertThatThrownBy(() -> join(handle.result(0), 60, "the failing subtask's outcome"))
                .hasCauseInstanceOf(RemoteTaskException.class)
                .cause().satisfies(error -> {
                    assertThat(((RemoteTaskException) error).remoteClassName()).isEqualTo("java.lang.IllegalStateException");
                    assertThat(error.getMessage()).contains("remote said no");
                });
    }
}
