package io.taskgrid.deploy.bench;

import io.taskgrid.TaskgridClient;
import io.taskgrid.deploy.ClassDataArchive;
import io.taskgrid.deploy.JvmOptions;
import io.taskgrid.deploy.Main;
import io.taskgrid.internal.Secrets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code taskgrid coordinator} process on free ports of 127.0.0.1, with worker processes of its
 * own if asked for, whose heap the benchmarks weigh from outside: its used heap after a full GC,
 * through {@code jcmd}. Closing it stops the workers, then the coordinator.
 */
final class CoordinatorProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("ready: gateway=(\\S+) http=\\S+ cluster=(\\S+)");
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final String token = UUID.randomUUID().toString();
    private final Process coordinator;
    private final List<Process> workers = new ArrayList<>();
    private final String gateway;
    private final String cluster;

    /**
     * Starts a coordinator with a heap of at most {@code maxHeap} (such as {@code 1g}) and
     * {@code options} after the usual ones, and returns once it is ready.
     */
    CoordinatorProcess(String maxHeap, List<String> options) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("coordinator", "--host", "127.0.0.1", "--port", "0",
                "--gateway-port", "0", "--http-port", "0", "--store-port", "0"));
        arguments.addAll(options);
        coordinator = start(List.of("-Xmx" + maxHeap), arguments);
        String[] addresses;
        try {
            addresses = awaitReady(coordinator);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        gateway = addresses[0];
        cluster = addresses[1];
    }

    /** {@code jcmd} of this JVM's JDK, or {@code null} in a JRE, where the heap cannot be weighed. */
    static Path jcmd() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return Files.isExecutable(jcmd) ? jcmd : null;
    }

    /** Starts {@code count} worker processes of one thread each, which join in the background. */
    void startWorkers(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            workers.add(start(List.of("-Xmx512m", "-XX:+UseParallelGC"), List.of("worker", "--coordinator", cluster,
                    "--host", "127.0.0.1", "--threads", "1")));
        }
    }

    private Process start(List<String> flags, List<String> arguments) throws IOException {
        List<String> allFlags = new ArrayList<>(ClassDataArchive.inheritedFlags());
        allFlags.addAll(flags);
        ProcessBuilder builder = new ProcessBuilder(JvmOptions.childCommand(allFlags, Main.class.getName(), arguments))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put(Secrets.TOKEN_ENV, token);
        return builder.start();
    }

    /** A client of this coordinator. */
    TaskgridClient connect() {
        return TaskgridClient.builder().gateways(gateway).token(token).connect();
    }

    /** The coordinator's used heap right after a full GC, in bytes: one {@code jcmd} run. */
    long heapUsedAfterGc(Path jcmd) throws IOException, InterruptedException {
        Path commands = Files.createTempFile("taskgrid-bench-jcmd", ".txt");
        try {
            Files.writeString(commands, "GC.run\nGC.heap_info\n");
            Matcher used = USED.matcher(run(jcmd.toString(), Long.toString(coordinator.pid()), "-f", commands.toString()));
            if (!used.find()) {
                throw new IOException("jcmd GC.heap_info printed no heap use");
            }
            return Long.parseLong(used.group(1)) * 1024;
        } finally {
            Files.deleteIfExists(commands);
        }
    }

    private static String[] awaitReady(Process coordinator) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(coordinator.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher ready = READY.matcher(line);
            if (ready.find()) {
                return new String[]{ready.group(1), ready.group(2)};
            }
        }
        throw new IOException("the coordinator exited before it was ready");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() {
        workers.forEach(Process::destroy);
        workers.forEach(CoordinatorProcess::awaitExit);
        coordinator.destroy();
        awaitExit(coordinator);
    }

    private static void awaitExit(Process process) {
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
