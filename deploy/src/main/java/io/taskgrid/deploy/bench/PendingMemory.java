package io.taskgrid.deploy.bench;

import io.taskgrid.Job;
import io.taskgrid.JobHandle;
import io.taskgrid.JobState;
import io.taskgrid.Range;
import io.taskgrid.TaskgridClient;
import io.taskgrid.deploy.ClassDataArchive;
import io.taskgrid.deploy.JvmOptions;
import io.taskgrid.deploy.Main;
import io.taskgrid.internal.Secrets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap per pending subtask: a coordinator process without workers holds one job of many subtasks,
 * all pending, and its used heap after a full GC ({@code jcmd GC.run}) is compared with before
 * the job. The baseline is a {@link ForkJoinPool} holding as many queued tasks, measured in this
 * JVM the same way.
 */
final class PendingMemory {

    private static final Pattern READY = Pattern.compile("ready: gateway=(\\S+) http=\\S+ cluster=\\S+");
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private PendingMemory() {
    }

    /** Coordinator heap bytes per pending subtask; {@code null} without {@code jcmd} (a JRE). */
    static Double coordinatorBytesPerPending(int subtasks) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return null;
        }
        String token = UUID.randomUUID().toString();
        Process coordinator = startCoordinator(token);
        try {
            String gateway = awaitReady(coordinator);
            try (TaskgridClient client = TaskgridClient.builder().gateways(gateway).token(token).connect()) {
                awaitRunning(client, client.submit(Job.range(0, 1, 1, (Range r) -> r.from()))).cancel(); // warm-up
                long before = heapUsedAfterGc(jcmd, coordinator.pid());
                JobHandle<Long> job = awaitRunning(client, client.submit(Job.range(0, subtasks, 1, (Range r) -> r.from())));
                long after = heapUsedAfterGc(jcmd, coordinator.pid());
                job.cancel();
                return (after - before) / (double) subtasks;
            }
        } finally {
            coordinator.destroy();
            if (!coordinator.waitFor(20, TimeUnit.SECONDS)) {
                coordinator.destroyForcibly();
            }
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

    private static Process startCoordinator(String token) throws IOException {
        List<String> flags = new ArrayList<>(ClassDataArchive.inheritedFlags());
        flags.add("-Xmx4g");
        List<String> command = JvmOptions.childCommand(flags, Main.class.getName(), List.of("coordinator", "--host",
                "127.0.0.1", "--port", "0", "--gateway-port", "0", "--http-port", "0", "--store-port", "0"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put(Secrets.TOKEN_ENV, token);
        return builder.start();
    }

    private static String awaitReady(Process coordinator) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(coordinator.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher ready = READY.matcher(line);
            if (ready.find()) {
                return ready.group(1);
            }
        }
        throw new IOException("the coordinator exited before it was ready");
    }

    private static long heapUsedAfterGc(Path jcmd, long pid) throws IOException, InterruptedException {
        run(jcmd.toString(), Long.toString(pid), "GC.run");
        Matcher used = USED.matcher(run(jcmd.toString(), Long.toString(pid), "GC.heap_info"));
        if (!used.find()) {
            throw new IOException("jcmd GC.heap_info printed no heap use");
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
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
