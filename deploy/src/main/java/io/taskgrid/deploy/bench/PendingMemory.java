package io.taskgrid.deploy.bench;

import io.taskgrid.Job;
import io.taskgrid.JobHandle;
import io.taskgrid.JobState;
import io.taskgrid.Range;
import io.taskgrid.TaskgridClient;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;

/**
 * Heap per pending subtask: a coordinator process without workers holds one job of many subtasks,
 * all pending, and its used heap after a full GC ({@code jcmd GC.run}) is compared with before
 * the job. The baseline is a {@link ForkJoinPool} holding as many queued tasks, measured in this
 * JVM the same way.
 */
final class PendingMemory {

    private PendingMemory() {
    }

    /** Coordinator heap bytes per pending subtask; {@code null} without {@code jcmd} (a JRE). */
    static Double coordinatorBytesPerPending(int subtasks) throws Exception {
        Path jcmd = CoordinatorProcess.jcmd();
        if (jcmd == null) {
            return null;
        }
        try (CoordinatorProcess coordinator = new CoordinatorProcess("4g", List.of());
             TaskgridClient client = coordinator.connect()) {
            awaitRunning(client, client.submit(Job.range(0, 1, 1, (Range r) -> r.from()))).cancel(); // warm-up
            long before = coordinator.heapUsedAfterGc(jcmd);
            JobHandle<Long> job = awaitRunning(client, client.submit(Job.range(0, subtasks, 1, (Range r) -> r.from())));
            long after = coordinator.heapUsedAfterGc(jcmd);
            job.cancel();
            return (after - before) / (double) subtasks;
        }
    }

    private static <R> JobHandle<R> awaitRunning(TaskgridClient client, JobHandle<R> job) throws InterruptedException {
        while (client.status().jobs().stream().noneMatch(j -> j.id().equals(job.id()) && j.state() == JobState.RUNNING)) {
            Thread.sleep(50);
        }
        return job;
    }

    /** Heap bytes per task queued in a ForkJoinPool whose threads are busy, in this JVM. */
    static double forkJoinBytesPerQueued(int tasks) throws InterruptedException {
        ForkJoinPool pool = new ForkJoinPool(Benchmark.WORKERS);
        CountDownLatch release = new CountDownLatch(1);
        try {
            for (int i = 0; i < Benchmark.WORKERS; i++) {
                pool.execute(() -> awaitQuietly(release));
            }
            long before = heapUsedAfterGc();
            List<Object> handles = new ArrayList<>(tasks); // as a caller keeps its futures
            for (int i = 0; i < tasks; i++) {
                int value = i;
                handles.add(pool.submit(() -> value));
            }
            long after = heapUsedAfterGc();
            Reference.reachabilityFence(handles); // the tasks and their futures were live when measured
            return (after - before) / (double) tasks;
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private static long heapUsedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
