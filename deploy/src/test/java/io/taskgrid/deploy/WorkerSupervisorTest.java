package io.taskgrid.deploy;

import io.taskgrid.internal.HostAndPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The supervisor's waves, restarts and limit, with real child processes (a shell that waits for
 * its exit code on stdin) in place of worker JVMs, and the test deciding which have registered.
 */
class WorkerSupervisorTest {

    private static final Duration A_WHILE = Duration.ofMillis(400);

    @TempDir
    Path logs;

    private final List<WorkerProcess> launched = new CopyOnWriteArrayList<>();
    private final List<WorkerProcess> exitsReported = new CopyOnWriteArrayList<>();
    private final Map<Long, String> registered = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();
    private final LogLines log = LogLines.of(WorkerSupervisor.class);
    private WorkerSupervisor supervisor;

    @AfterEach
    void stop() {
        if (supervisor != null) {
            supervisor.killAll();
        }
        launched.forEach(WorkerProcess::kill);
        log.close();
    }

    private WorkerSupervisor supervisor(int width) {
        supervisor = new WorkerSupervisor(this::launch, width, clock::get);
        return supervisor;
    }

    private WorkerProcess launch(int number) {
        Path file = logs.resolve("worker-" + number + ".log");
        try {
            Process process = new ProcessBuilder("sh", "-c", "read code; exit $code")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(file.toFile())).start();
            WorkerProcess worker = new WorkerProcess(number, process, file, new HostAndPort("127.0.0.1", 20_000 + launched.size()));
            launched.add(worker);
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void watch() {
        supervisor.watch(() -> Map.copyOf(registered), exitsReported::add);
    }

    private void register(WorkerProcess worker) {
        registered.put(worker.process().pid(), "worker-" + worker.number());
    }

    /** Starts {@code count} slots and registers each, as a cluster that has started. */
    private void started(int count) {
        supervisor.add(count);
        watch();
        await().until(() -> {
            launched.forEach(this::register);
            return launched.size() == count && supervisor.booting() == 0;
        });
        supervisor.startupOver();
    }

    private static void exit(WorkerProcess worker, int code) throws Exception {
        worker.process().getOutputStream().write((code + "\n").getBytes(StandardCharsets.UTF_8));
        worker.process().getOutputStream().flush();
        assertThat(worker.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    private WorkerProcess current(int number) {
        return supervisor.processes().get(number - 1);
    }

    @Test
    void processesStartInWavesNoWiderThanTheWidth() {
        supervisor(2).add(5);

        await().until(() -> launched.size() == 2);
        await().during(A_WHILE).atMost(A_WHILE.multipliedBy(3)).until(() -> launched.size() == 2);
        watch();
        register(launched.get(0));
        await().until(() -> launched.size() == 3);
        await().during(A_WHILE).atMost(A_WHILE.multipliedBy(3)).until(() -> launched.size() == 3);
        launched.forEach(this::register);
        await().until(() -> launched.size() == 5);

        assertThat(supervisor.processes()).extracting(WorkerProcess::number).containsExactly(1, 2, 3, 4, 5);
        assertThat(supervisor.size()).isEqualTo(5);
    }

    @Test
    void aKilledProcessIsReportedAndRestartedInItsSlotWithOneLine() throws Exception {
        supervisor(2);
        started(2);
        WorkerProcess killed = current(2);

        killed.kill();

        await().until(() -> current(2) != killed);
        assertThat(exitsReported).containsExactly(killed);
        assertThat(current(2).number()).isEqualTo(2);
        assertThat(current(2).log()).isEqualTo(killed.log());
        assertThat(current(1)).isSameAs(launched.get(0));
        assertThat(log.lines()).containsExactly("WARN Local worker process 2 (worker-2, pid " + killed.process().pid()
                + ") was killed by SIGKILL (exit code 137); restarted it as pid " + current(2).process().pid());
        assertThat(Files.readString(killed.log())).contains("the process above (pid " + killed.process().pid()
                + ") was killed by SIGKILL (exit code 137); restarted below");
    }

    @Test
    void aProcessThatExitsZeroIsReportedAndNotRestarted() throws Exception {
        supervisor(2);
        started(2);
        WorkerProcess drained = current(1);

        exit(drained, 0);

        await().until(() -> !log.lines().isEmpty());
        assertThat(log.lines()).containsExactly("INFO Local worker process 1 (worker-1, pid " + drained.process().pid()
                + ") exited with code 0 (drained, or told to leave): not restarted");
        assertThat(exitsReported).containsExactly(drained);
        assertThat(current(1)).isSameAs(drained);
        assertThat(launched).hasSize(2);
    }

    @Test
    void restartsBeyondTheLimitWaitForTheWindowAndAreAnnouncedOnce() throws Exception {
        supervisor(1);
        started(1);
        for (int restart = 1; restart <= RestartPolicy.limit(1); restart++) {
            WorkerProcess dying = current(1);
            exit(dying, 3);
            await().until(() -> current(1) != dying);
            register(current(1));
        }
        WorkerProcess overLimit = current(1);

        exit(overLimit, 3);
        await().during(A_WHILE).atMost(A_WHILE.multipliedBy(3)).until(() -> current(1) == overLimit);
        clock.addAndGet(RestartPolicy.WINDOW.toNanos() / 2);
        await().during(A_WHILE).atMost(A_WHILE.multipliedBy(3)).until(() -> current(1) == overLimit);
        List<String> lines = log.lines();
        assertThat(lines).filteredOn(line -> line.contains("not restarted yet")).singleElement().asString()
                .startsWith("WARN Local worker process 1 (pid " + overLimit.process().pid() + ") exited with code 3; "
                        + "not restarted yet: 4 restarts within 60 s is the limit for 1 workers");
        clock.addAndGet(RestartPolicy.WINDOW.toNanos() / 2);

        await().until(() -> current(1) != overLimit);
        assertThat(log.lines()).hasSize(RestartPolicy.limit(1) + 2).last().asString()
                .startsWith("WARN Local worker process 1 (pid " + overLimit.process().pid() + ") exited with code 3; restarted it");
    }

    @Test
    void restartsGoInWavesToo() {
        supervisor(1);
        started(3);

        launched.forEach(WorkerProcess::kill);

        await().until(() -> launched.size() == 4);
        await().during(A_WHILE).atMost(A_WHILE.multipliedBy(3)).until(() -> launched.size() == 4);
        register(launched.get(3));
        await().until(() -> launched.size() == 5);
        register(launched.get(4));
        await().until(() -> launched.size() == 6);
        assertThat(supervisor.processes()).extracting(WorkerProcess::number).containsExactly(1, 2, 3);
        assertThat(supervisor.processes()).allMatch(worker -> worker.process().isAlive());
    }

    @Test
    void aProcessThatExitsBeforeItRegisteredFailsTheStartAndIsNotRestarted() throws Exception {
        supervisor(2).add(2);
        watch();
        await().until(() -> launched.size() == 2);
        register(launched.get(0));

        exit(launched.get(1), 1);

        await().until(() -> supervisor.startFailure() != null);
        assertThat(supervisor.startFailure()).hasMessageStartingWith("worker process 2 exited with code 1 before it registered; its log: "
                + launched.get(1).log());
        await().during(A_WHILE).atMost(A_WHILE.multipliedBy(3)).until(() -> launched.size() == 2);
    }

    @Test
    void stoppedProcessesAreNeitherReportedNorRestarted() {
        supervisor(2);
        started(2);

        supervisor.stopAll(Duration.ofSeconds(5));

        assertThat(launched).noneMatch(worker -> worker.process().isAlive());
        await().during(A_WHILE).atMost(A_WHILE.multipliedBy(3)).until(() -> launched.size() == 2);
        assertThat(exitsReported).isEmpty();
        assertThat(log.lines()).isEmpty();
    }
}
