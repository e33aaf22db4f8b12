package io.taskgrid.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The taskgrid command line, run as a user runs it: its own JVM, exit codes, stdout and stderr. */
class CliIT {

    private static final Pattern READY = Pattern.compile("ready: gateway=(\\S+) http=(\\S+) workers=(\\d+)");
    private static final Pattern PID = Pattern.compile("\"pid\":(\\d+)");

    @TempDir
    Path directory;

    @Test
    void submitLocalPrimesPrintsOneJsonLineWithTheCount() throws Exception {
        CliRunner.Result result = CliRunner.run(directory, 180,
                "submit", "--local", "2", "--json", "primes", "--limit", "1000000");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().lines()).hasSize(1);
        assertThat(result.stdout()).contains("\"state\":\"SUCCEEDED\"", "\"subtasks\":10", "\"result\":78498",
                "\"seconds\":", "\"job\":\"");
    }

    @Test
    void anUnreachableCoordinatorIsOneLineOnStderrAndExitCodeOne() throws Exception {
        CliRunner.Result result = CliRunner.run(directory, 60,
                "submit", "--coordinator", "127.0.0.1:9", "primes");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr().strip().lines()).hasSize(1);
        assertThat(result.stderr()).startsWith("taskgrid: Cannot reach a Taskgrid coordinator at 127.0.0.1:9")
                .contains("connection refused").doesNotContain("\tat ");
    }

    @Test
    void anUnknownExampleIsAUsageErrorThatListsTheExamples() throws Exception {
        CliRunner.Result result = CliRunner.run(directory, 60,
                "submit", "--coordinator", "127.0.0.1:9", "no-such-example");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("no-such-example", "primes", "pi", "wordcount");
    }

    @Test
    void versionAndHelpWorkOnEveryCommand() throws Exception {
        assertThat(CliRunner.run(directory, 60, "--version").stdout()).startsWith("taskgrid ");
        for (String command : List.of("local", "coordinator", "worker", "submit", "status", "jobs", "workers", "cancel")) {
            CliRunner.Result help = CliRunner.run(directory, 60, command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.stdout()).as(command).contains("Usage: taskgrid " + command);
        }
    }

    @Test
    void aLocalClusterServesStatusAndJobsAndLeavesNoWorkerBehindOnSigterm() throws Exception {
        Process local = CliRunner.start(directory, "local", "--workers", "2");
        Matcher ready = awaitReady(local);
        String gateway = ready.group(1);

        Path statusDir = Files.createDirectory(directory.resolve("status"));
        CliRunner.Result status = CliRunner.run(statusDir, 60, "status", "--coordinator", gateway, "--json");
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertThat(status.stdout()).contains("\"workers\":[", "\"jobs\":[", "\"id\":\"worker-1\"", "\"host\":\"127.0.0.1\"");
        List<Long> workerPids = pids(status.stdout());
        assertThat(workerPids).hasSize(2);

        Path text = Files.writeString(directory.resolve("words.txt"), "b a b c b a\n");
        Path countDir = Files.createDirectory(directory.resolve("count"));
        CliRunner.Result count = CliRunner.run(countDir, 60,
                "submit", "--coordinator", gateway, "wordcount", "--top", "2", text.toString());
        assertThat(count.exitCode()).as(count.stderr()).isZero();
        assertThat(count.stdout()).isEqualTo("b\t3\na\t2\n");

        CliRunner.Result jobs = CliRunner.run(Files.createDirectory(directory.resolve("jobs")), 60,
                "jobs", "--coordinator", gateway);
        assertThat(jobs.stdout()).startsWith("JOB").contains("wordcount", "SUCCEEDED");
        CliRunner.Result workers = CliRunner.run(Files.createDirectory(directory.resolve("workers")), 60,
                "workers", "--coordinator", gateway, "--json");
        assertThat(workers.stdout()).startsWith("[{\"id\":\"worker-").contains("\"host\":\"127.0.0.1\"");
        CliRunner.Result cancel = CliRunner.run(Files.createDirectory(directory.resolve("cancel")), 60,
                "cancel", "--coordinator", gateway, "no-such-job");
        assertThat(cancel.exitCode()).isEqualTo(1);
        assertThat(cancel.stderr()).contains("no running job no-such-job");

        local.destroy();
        assertThat(local.waitFor(60, TimeUnit.SECONDS)).as("taskgrid local ends on SIGTERM").isTrue();
        assertThat(local.exitValue()).isNotZero();
        awaitGone(workerPids);
        assertThat(CliRunner.read(directory.resolve("stderr"))).as("a quiet shutdown").doesNotContain(" WARN ", " ERROR ");
    }

    @Test
    void workersExitWhenTheLocalClusterIsKilled() throws Exception {
        Process local = CliRunner.start(directory, "local", "--workers", "1");
        String gateway = awaitReady(local).group(1);
        Path statusDir = Files.createDirectory(directory.resolve("status"));
        List<Long> workerPids = pids(CliRunner.run(statusDir, 60, "status", "--coordinator", gateway, "--json").stdout());
        assertThat(workerPids).hasSize(1);

        assertThat(local.destroyForcibly().waitFor(30, TimeUnit.SECONDS)).as("taskgrid local is killed").isTrue();

        awaitGone(workerPids);
    }

    /** A user of taskgrid local sees, without -v, that a worker died and was started again. */
    @Test
    void aLocalWorkerKilledIsRestartedAndSaysSoOnStderr() throws Exception {
        Process local = CliRunner.start(directory, "local", "--workers", "2");
        String gateway = awaitReady(local).group(1);
        Path statusDir = Files.createDirectory(directory.resolve("status"));
        List<Long> before = pids(CliRunner.run(statusDir, 60, "status", "--coordinator", gateway, "--json").stdout());
        assertThat(before).hasSize(2);

        ProcessHandle.of(before.get(0)).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                CliRunner.read(directory.resolve("stderr")).contains("pid " + before.get(0)
                        + ") was killed by SIGKILL (exit code 137); restarted it as pid "));
        List<Long> after = new ArrayList<>();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            after.clear();
            after.addAll(pids(CliRunner.run(statusDir, 60, "status", "--coordinator", gateway, "--json").stdout()));
            return after.size() == 2 && !after.contains(before.get(0));
        });
        assertThat(after).contains(before.get(1));
        local.destroy();
        assertThat(local.waitFor(60, TimeUnit.SECONDS)).as("taskgrid local ends on SIGTERM").isTrue();
        assertThat(local.exitValue()).isNotZero();
        awaitGone(after);
    }

    /**
     * submit --local ends once it printed its answer, its workers killed instead of leaving one by
     * one: the answer is still all there, and neither a worker nor the workers' logs are left behind.
     */
    @Test
    void submitLocalLeavesNoWorkerProcessNorLogBehind() throws Exception {
        Process submit = CliRunner.start(directory, "submit", "--local", "2", "primes", "--limit", "1000000");
        Map<Long, Optional<Path>> workerLogs = new HashMap<>();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> {
            submit.descendants().forEach(worker -> workerLogs.merge(worker.pid(), workerLog(worker.pid()),
                    (known, now) -> known.isPresent() ? known : now));
            return workerLogs.size() >= 2 && workerLogs.values().stream().allMatch(Optional::isPresent)
                    || !submit.isAlive();
        });
        List<Long> workerPids = List.copyOf(workerLogs.keySet());

        assertThat(submit.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(submit.exitValue()).as(CliRunner.read(directory.resolve("stderr"))).isZero();
        assertThat(CliRunner.read(directory.resolve("stdout"))).isEqualTo("78498\n");
        assertThat(CliRunner.read(directory.resolve("stderr"))).doesNotContain(" WARN ", " ERROR ");
        assertThat(workerPids).hasSize(2);
        awaitGone(workerPids);
        assertThat(workerLogs.values()).allSatisfy(log -> assertThat(log.orElseThrow().getParent()).doesNotExist());
    }

    /** The log a worker's standard output goes to, once it has one, as /proc tells. */
    private static Optional<Path> workerLog(long pid) {
        try {
            Path out = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", "1"));
            return out.getFileName().toString().startsWith("worker-") ? Optional.of(out) : Optional.empty();
        } catch (IOException notYetOrGone) {
            return Optional.empty();
        }
    }

    private Matcher awaitReady(Process local) throws Exception {
        Path stdout = directory.resolve("stdout");
        Matcher[] found = new Matcher[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!local.isAlive()) {
                throw new AssertionError("taskgrid local exited: " + CliRunner.read(directory.resolve("stderr")));
            }
            Matcher matcher = READY.matcher(CliRunner.read(stdout));
            found[0] = matcher;
            return matcher.find();
        });
        return found[0];
    }

    private static List<Long> pids(String statusJson) {
        List<Long> pids = new ArrayList<>();
        Matcher matcher = PID.matcher(statusJson);
        while (matcher.find()) {
            pids.add(Long.parseLong(matcher.group(1)));
        }
        return pids;
    }

    private static void awaitGone(List<Long> pids) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                pids.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    }
}
