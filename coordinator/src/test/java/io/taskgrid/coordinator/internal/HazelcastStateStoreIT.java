package io.taskgrid.coordinator.internal;

import io.taskgrid.ClusterStatus;
import io.taskgrid.JobState;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.protocol.RemoteFailure;
import io.taskgrid.internal.protocol.RunPolicy;
import io.taskgrid.internal.protocol.SubtaskFailure;
import io.taskgrid.internal.protocol.SubtaskSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The default state store against a real embedded Hazelcast member on 127.0.0.1. */
class HazelcastStateStoreIT {

    /** A bound on ended jobs that no test reaches but the one about it. */
    private static final long MANY_BYTES = 1L << 30;

    private static JobSpec spec(String id) {
        return new JobSpec(id, "sum", RunPolicy.DEFAULT, new SubtaskSource.RangeSource(new byte[]{7}, 0, 100, 10), java.util.List.of());
    }

    @Test
    void aBatchIsReadBackTheMomentItWasHandedOverWhileItsWriteIsInFlight() {
        try (HazelcastStateStore store = HazelcastStateStore.start("127.0.0.1", 5902, "taskgrid-store-race", Duration.ofMinutes(5), MANY_BYTES)) {
            store.saveJob(spec("race-1"));
            for (int i = 0; i < 500; i++) {
                store.saveOutcomes("race-1", List.of(new GatewayMessage.SubtaskResults("race-1", "worker-1",
                        new int[]{i}, items((byte) i))), List.of());
                assertThat(store.outcomes("race-1").results()).as("after batch " + i).hasSize(i + 1);
            }
        }
    }

    @Test
    void everyWriteHandedOverBeforeCloseIsKeptEvenInABurst(@TempDir Path directory) {
        int jobs = 5_000;
        try (HazelcastStateStore store = HazelcastStateStore.start("127.0.0.1", 5903, "taskgrid-store-burst", null,
                directory, Duration.ofMinutes(5), MANY_BYTES)) {
            for (int i = 0; i < jobs; i++) {
                store.saveJob(spec("burst-" + i));
                store.saveJobEnd(new ClusterStatus.JobInfo("burst-" + i, "sum", JobState.SUCCEEDED, 10, 10, 0, 0, i));
            }
        } // closes at once, with the writes still queued

        try (HazelcastStateStore reopened = HazelcastStateStore.start("127.0.0.1", 5903, "taskgrid-store-burst", null,
                directory, Duration.ofMinutes(5), MANY_BYTES)) {
            assertThat(reopened.unfinishedJobs()).isEmpty();
            assertThat(reopened.endedJobs(2 * jobs)).hasSize(jobs);
        }
    }

    @Test
    void aJobThatEndsAndIsCollectedWithinTheWriteWindowWritesOnlyItsEndRecord() throws Exception {
        try (HazelcastStateStore store = HazelcastStateStore.start("127.0.0.1", 5904, "taskgrid-store-window", null,
                null, new Retention(Duration.ofMinutes(5), MANY_BYTES), Duration.ofMinutes(1))) {
            store.saveJob(spec("short-1"));
            store.saveOutcomes("short-1", List.of(new GatewayMessage.SubtaskResults("short-1", "worker-1",
                    new int[]{0}, items(1))), List.of());
            store.saveJobEnd(new ClusterStatus.JobInfo("short-1", "sum", JobState.SUCCEEDED, 1, 1, 0, 0, 1_000));
            store.dropOutcomes("short-1");
            store.saveJob(spec("long-1"));
            store.saveOutcomes("long-1", List.of(new GatewayMessage.SubtaskResults("long-1", "worker-1",
                    new int[]{0}, items(2))), List.of());
            store.flushWrites();

            assertThat(store.writesTo("jobs")).as("only the job still running").isEqualTo(1);
            assertThat(store.writesTo("outcomes")).as("only the job still running").isEqualTo(1);
            assertThat(store.writesTo("ended-jobs")).isEqualTo(1);
            assertThat(store.endedJob("short-1").succeeded()).isEqualTo(1);
            assertThat(store.outcomes("short-1").isEmpty()).isTrue();
            assertThat(store.unfinishedJobs()).extracting(JobSpec::jobId).containsExactly("long-1");
            assertThat(store.outcomes("long-1").results()).hasSize(1);
        }
    }

    @Test
    void keepsJobsTheirOutcomesAndTheirEnds() {
        try (HazelcastStateStore store = HazelcastStateStore.start("127.0.0.1", 5901, "taskgrid-store-test", Duration.ofMinutes(5), MANY_BYTES)) {
            store.saveJob(spec("j-1"));
            store.saveJob(spec("j-10"));
            store.saveOutcomes("j-1", List.of(new GatewayMessage.SubtaskResults("j-1", "worker-1", new int[]{0, 1}, items(1, 2))), List.of());
            store.saveOutcomes("j-1", List.of(new GatewayMessage.SubtaskResults("j-1", "worker-2", new int[]{2}, items(3))),
                    List.of(new SubtaskFailure(3, 1, "worker-2", RemoteFailure.of("x.Y", "boom"))));
            store.saveOutcomes("j-10", List.of(new GatewayMessage.SubtaskResults("j-10", "worker-1", new int[]{9}, items(9))), List.of());

            StateStore.StoredOutcomes outcomes = store.outcomes("j-1");
            assertThat(outcomes.results()).flatExtracting(r -> List.of(r.indices()[0])).containsExactlyInAnyOrder(0, 2);
            assertThat(outcomes.failures()).extracting(SubtaskFailure::index).containsExactly(3);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> // saved behind, by the store's writer
                    assertThat(store.unfinishedJobs()).extracting(JobSpec::jobId).containsExactlyInAnyOrder("j-1", "j-10"));

            store.saveJobEnd(new ClusterStatus.JobInfo("j-1", "sum", JobState.SUCCEEDED, 10, 10, 0, 0, 1_000));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(store.job("j-1")).as("an ended job's spec, deleted: it only served to resume the job").isNull();
                assertThat(store.job("j-10")).usingRecursiveComparison().isEqualTo(spec("j-10"));
                assertThat(store.endedJobs(10)).extracting(ClusterStatus.JobInfo::state).containsExactly(JobState.SUCCEEDED);
                assertThat(store.endedJob("j-1").succeeded()).isEqualTo(10);
                assertThat(store.unfinishedJobs()).extracting(JobSpec::jobId).containsExactly("j-10");
            });

            store.dropOutcomes("j-1");
            assertThat(store.outcomes("j-1").isEmpty()).as("dropped at once, though the deletion takes a moment").isTrue();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(store.outcomes("j-1").isEmpty()).isTrue());
            assertThat(store.outcomes("j-10").results()).hasSize(1);
            assertThat(store.outcomes("j-10").results().get(0).values().item(0)).containsExactly(9);
        }
    }

    @Test
    void endRecordsSavedTogetherAreEachKeptForTheRetentionTimeThenForgotten() {
        try (HazelcastStateStore store = HazelcastStateStore.start("127.0.0.1", 5903, "taskgrid-store-ends",
                Duration.ofSeconds(2), MANY_BYTES)) {
            for (String jobId : List.of("e-1", "e-2", "e-3")) {
                store.saveJobEnd(new ClusterStatus.JobInfo(jobId, "sum", JobState.SUCCEEDED, 1, 1, 0, 0, 1_000));
            }

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(store.endedJobs(10))
                    .extracting(ClusterStatus.JobInfo::id).containsExactlyInAnyOrder("e-1", "e-2", "e-3"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(store.endedJobs(10)).isEmpty());
            assertThat(store.endedJob("e-2")).isNull();
        }
    }

    @Test
    void aStreamOfSmallJobsStartsNoThreadPerWrite() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (HazelcastStateStore store = HazelcastStateStore.start("127.0.0.1", 5905, "taskgrid-store-threads",
                Duration.ofMinutes(5), MANY_BYTES)) {
            store.saveJob(spec("warm-up"));
            store.flushWrites();
            long startedBefore = threads.getTotalStartedThreadCount();
            int jobs = 200;
            for (int i = 0; i < jobs; i++) { // one job at a time, each write a group of one, as in a row of round trips
                store.saveJob(spec("small-" + i));
                store.flushWrites();
                store.saveJobEnd(new ClusterStatus.JobInfo("small-" + i, "sum", JobState.SUCCEEDED, 1, 1, 0, 0, 1));
                store.flushWrites();
            }
            long started = threads.getTotalStartedThreadCount() - startedBefore;

            assertThat(store.endedJobs(2 * jobs)).hasSize(jobs);
            assertThat(started).as("threads started for %d jobs' writes", jobs).isLessThan(jobs / 10);
        }
    }

    @Test
    void theEndedJobsKeptInMemoryStayUnderTheirBoundTheOldestGoingFirst() throws Exception {
        try (HazelcastStateStore store = HazelcastStateStore.start("127.0.0.1", 5906, "taskgrid-store-bound", null,
                null, new Retention(Duration.ofHours(1), BOUND), Duration.ofMillis(1))) {
            endManySmallJobs(store, 3_000);

            assertKeptTheNewestUnderTheBound(store, 3_000);
        }
    }

    @Test
    void theEndedJobsKeptOnDiskStayUnderTheirBoundTheOldestGoingFirstAndAfterARestart(@TempDir Path directory)
            throws Exception {
        long kept;
        try (HazelcastStateStore store = HazelcastStateStore.start("127.0.0.1", 5907, "taskgrid-store-bound-disk", null,
                directory, new Retention(Duration.ofHours(1), BOUND), Duration.ofMillis(1))) {
            endManySmallJobs(store, 3_000);

            kept = assertKeptTheNewestUnderTheBound(store, 3_000);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(files(directory.resolve("ended-jobs"))).as("the dropped ones' files deleted").isEqualTo(kept);
                assertThat(files(directory.resolve("jobs"))).as("specs, which on disk go with their jobs")
                        .isEqualTo(kept);
            });
        }

        try (HazelcastStateStore reopened = HazelcastStateStore.start("127.0.0.1", 5907, "taskgrid-store-bound-disk",
                null, directory, new Retention(Duration.ofHours(1), BOUND / 2), Duration.ofMillis(1))) {
            reopened.flushWrites();
            assertThat(reopened.retention().bytes()).isLessThanOrEqualTo(BOUND / 2);
            assertThat(reopened.endedJobs(10_000)).as("a smaller bound after a restart drops the oldest submitted")
                    .hasSize((int) reopened.retention().jobs()).hasSizeLessThan((int) kept)
                    .extracting(ClusterStatus.JobInfo::id).first().isEqualTo("small-2999");
        }
    }

    @Test
    void anEndedJobsUncollectedOutcomesCountAndGoWithIt() throws Exception {
        try (HazelcastStateStore store = HazelcastStateStore.start("127.0.0.1", 5908, "taskgrid-store-bound-outcomes",
                null, null, new Retention(Duration.ofHours(1), BOUND), Duration.ofMillis(1))) {
            store.saveJob(spec("big-1"));
            store.saveOutcomes("big-1", List.of(new GatewayMessage.SubtaskResults("big-1", "worker-1", new int[]{0},
                    items(new byte[(int) BOUND / 2]))), List.of());
            store.saveJobEnd(new ClusterStatus.JobInfo("big-1", "sum", JobState.SUCCEEDED, 1, 1, 0, 0, 1));
            store.flushWrites();
            assertThat(store.retention().bytes()).isGreaterThan(BOUND / 2);

            endManySmallJobs(store, 300); // more than half of the bound more: the oldest, big-1, must go

            assertThat(store.endedJob("big-1")).isNull();
            assertThat(store.outcomes("big-1").isEmpty()).as("a job it no longer knows: the map itself scanned").isTrue();
            assertThat(store.endedJob("small-0")).isNotNull();
            assertThat(store.retention().bytes()).isLessThan(BOUND * 2 / 3);
        }
    }

    @Test
    void aBatchWrittenAfterItsJobsEndRecordCountsUntilItIsDropped() throws Exception {
        try (HazelcastStateStore store = HazelcastStateStore.start("127.0.0.1", 5909, "taskgrid-store-late-batch",
                null, null, new Retention(Duration.ofHours(1), BOUND), Duration.ofMinutes(1))) {
            ClusterStatus.JobInfo first = new ClusterStatus.JobInfo("first-1", "sum", JobState.SUCCEEDED, 1, 1, 0, 0, 1);
            ClusterStatus.JobInfo late = new ClusterStatus.JobInfo("late-1", "sum", JobState.SUCCEEDED, 1, 1, 0, 0, 2);
            store.saveJobEnd(first); // its write takes late-1's end record along, before late-1's batch
            store.saveOutcomes("late-1", List.of(new GatewayMessage.SubtaskResults("late-1", "worker-1", new int[]{0},
                    items(new byte[1_000]))), List.of());
            store.saveJobEnd(late);
            store.flushWrites();
            StoreCodec codec = new StoreCodec();
            long records = Retention.entryBytes("first-1", codec.encodeEnd(first).length)
                    + Retention.entryBytes("late-1", codec.encodeEnd(late).length);
            assertThat(store.retention().bytes()).as("the batch counted").isGreaterThan(records + 1_000);

            store.dropOutcomes("late-1");
            store.flushWrites();

            assertThat(store.retention().bytes()).as("as much as it counted left").isEqualTo(records);
        }
    }

    /** A bound of 100 KiB: about 500 small ended jobs. */
    private static final long BOUND = 100 * 1024;

    private static void endManySmallJobs(HazelcastStateStore store, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            store.saveJob(spec("small-" + i));
            store.flushWrites(); // its spec written, as in a stream of jobs that queue
            store.saveJobEnd(new ClusterStatus.JobInfo("small-" + i, "sum", JobState.SUCCEEDED, 1, 1, 0, 0, i));
        }
        store.flushWrites();
    }

    /** Checks that the newest jobs are kept, as many as fit; returns how many. */
    private static long assertKeptTheNewestUnderTheBound(HazelcastStateStore store, int ended) {
        long kept = store.retention().jobs();
        assertThat(store.retention().bytes()).isLessThanOrEqualTo(BOUND).isGreaterThan(BOUND - 300);
        assertThat(kept).isBetween(BOUND / 300, BOUND / 150);
        assertThat(store.endedJobs(2 * ended)).extracting(ClusterStatus.JobInfo::id).hasSize((int) kept)
                .containsExactlyInAnyOrderElementsOf(IntStream.range((int) (ended - kept), ended)
                        .mapToObj(i -> "small-" + i).toList());
        assertThat(store.endedJob("small-0")).isNull();
        assertThat(store.endedJob("small-" + (ended - 1)).succeeded()).isEqualTo(1);
        return kept;
    }

    private static long files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> !file.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    /** One item of these bytes. */
    private static EncodedItems items(byte[] value) {
        EncodedItems.Builder builder = new EncodedItems.Builder(1);
        builder.add(value);
        return builder.build();
    }

    /** One item of one byte per value. */
    private static EncodedItems items(int... oneByteEach) {
        EncodedItems.Builder builder = new EncodedItems.Builder(oneByteEach.length);
        for (int value : oneByteEach) {
            builder.add(new byte[]{(byte) value});
        }
        return builder.build();
    }
}
