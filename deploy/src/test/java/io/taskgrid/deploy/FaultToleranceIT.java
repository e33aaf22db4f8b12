package io.taskgrid.deploy;

import io.taskgrid.Job;
import io.taskgrid.JobFailedException;
import io.taskgrid.JobHandle;
import io.taskgrid.JobState;
import io.taskgrid.Range;
import io.taskgrid.TaskgridClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static io.taskgrid.deploy.EveryResultOnce.assertEveryResultOnce;
import static io.taskgrid.testing.Waits.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Nothing is lost: workers killed mid-job, subtasks that kill their worker or ignore timeouts, clients killed. */
class FaultToleranceIT {

    @TempDir
    Path directory;

    @Test
    void aWorkerKilledHalfwayLosesNothingAndEachOfTwentyThousandResultsArrivesOnce() {
        try (LocalCluster cluster = LocalCluster.start(3, 1); TaskgridClient client = cluster.connect()) {
            Job<Long> job = Job.range(0, 20_000, 1, (Range r) -> {
                Thread.sleep(1);
                return r.from() * 2;
            });
            JobHandle<Long> handle = client.submit(job);
            await().atMost(Duration.ofSeconds(120)).until(() -> handle.progress().done() >= 10_000);

            cluster.workerProcesses().get(1).kill();

            assertEveryResultOnce(handle, 20_000, 2L);
        }
    }

    @Test
    void aSubtaskThatHaltsItsWorkerIsFailedAsPoisonousAndTheOthersSucceed() {
        try (LogLines log = LogLines.of(WorkerSupervisor.class);
             LocalCluster cluster = LocalCluster.start(4, 1); TaskgridClient client = cluster.connect()) {
            Job<Long> job = Job.range(0, 40, 1, (Range r) -> {
                if (r.from() == 7) {
                    Runtime.getRuntime().halt(3); // what System.exit, a native crash or the OOM killer look like
                }
                Thread.sleep(20);
                return r.from();
            }).withMaxRetries(5);
            JobHandle<Long> handle = client.submit(job);

            JobFailedException failed = null;
            try {
                join(handle.results(), 180, "the end of the job whose subtask 7 halts its worker");
            } catch (CompletionException e) {
                failed = (JobFailedException) e.getCause();
            }
            assertThat(failed).as("the job failed").isNotNull();
            assertThat(failed.failures()).singleElement().satisfies(failure -> {
                assertThat(failure.subtaskIndex()).isEqualTo(7);
                assertThat(failure.remoteClassName()).isEqualTo("io.taskgrid.PoisonousSubtask");
                assertThat(failure.getMessage()).contains("3 workers that were lost");
            });
            for (int i = 0; i < 40; i++) {
                if (i != 7) {
                    assertThat(join(handle.result(i), 1, "subtask " + i + "'s result")).isEqualTo(i);
                }
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> cluster.status().workers().size() == 4);
            assertThat(log.lines()).as("only the culprit's three workers were lost, and each was started again")
                    .hasSize(3).allMatch(line -> line.contains("exited with code 3; restarted it as pid"));
        }
    }

    @Test
    void aSubtaskThatIgnoresItsTimeoutDoesNotBlockItsWorker() {
        try (LocalCluster cluster = LocalCluster.start(1, 1); TaskgridClient client = cluster.connect()) {
            Job<String> job = Job.range(0, 20, 1, (Range r) -> {
                if (r.from() == 0) {
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait(); // deaf to interrupts
                    }
                }
                return "done " + r.from();
            }).withSubtaskTimeout(Duration.ofMillis(300));
            JobHandle<String> handle = client.submit(job);

            // the deaf subtask spins for two minutes; the job ends long before that
            assertThat(join(handle.completion(), 60, "the end of the job with a deaf subtask")).isEqualTo(JobState.FAILED);
            assertThatThrownBy(() -> join(handle.result(0), 1, "the deaf subtask's failure"))
                    .hasMessageContaining("ignored the interrupt");
            for (int i = 1; i < 20; i++) {
                assertThat(join(handle.result(i), 1, "subtask " + i + "'s result")).isEqualTo("done " + i);
            }
        }
    }

    @Test
    void aSleepingSubtaskOverItsTimeoutIsInterruptedAndRetried() {
        try (LocalCluster cluster = LocalCluster.start(1, 1); TaskgridClient client = cluster.connect()) {
            Job<Integer> job = Job.range(0, 3, 1, (Range r) -> {
                int attempt = io.taskgrid.TaskContext.current().attempt();
                if (attempt == 1) {
                    Thread.sleep(60_000);
                }
                return attempt;
            }).withSubtaskTimeout(Duration.ofMillis(300)).withMaxRetries(1).withRetryBackoff(Duration.ofMillis(50));

            assertThat(join(client.submit(job).results(), 60, "the results of the retried subtasks"))
                    .containsExactly(2, 2, 2);
        }
    }

    @Test
    void aClientKilledMidJobIsReplacedByOneThatAttachesAndCollectsEveryResult() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(2, 1)) {
            Path printed = directory.resolve("submitter.out");
            Process submitter = new ProcessBuilder(CliRunner.javaCommand(SubmitAndWait.class.getName(),
                    cluster.gatewayAddress().toString(), cluster.token()))
                    .redirectOutput(printed.toFile()).redirectError(directory.resolve("submitter.err").toFile()).start();
            String jobId;
            try {
                jobId = await("the submitter's job id").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> firstLine(printed, submitter, directory.resolve("submitter.err")), Objects::nonNull);
                try (TaskgridClient observer = cluster.connect()) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(observer, jobId) >= 300);
                }
            } finally {
                submitter.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }

            try (TaskgridClient replacement = cluster.connect()) {
                JobHandle<Long> handle = replacement.attach(jobId);
                List<Long> results = join(handle.results(), 120, "the results of the attached job " + jobId);
                List<Long> expected = new ArrayList<>();
                for (long i = 0; i < SubmitAndWait.SUBTASKS; i++) {
                    expected.add(i * 3);
                }
                assertThat(results).containsExactlyElementsOf(expected);
                assertThat(handle.state()).isEqualTo(JobState.SUCCEEDED);
            }
            try (TaskgridClient late = cluster.connect()) {
                assertThatThrownBy(() -> late.attach(jobId)).hasMessageContaining("collected its results");
                assertThatThrownBy(() -> late.attach("nobody-1")).hasMessageContaining("there is no job nobody-1");
            }
        }
    }

    /**
     * A worker that answers no heartbeat for longer than the default loss detection (5 s), as
     * happens when more worker JVMs than cores start at once, stays in its local cluster and
     * works again when it wakes.
     */
    @Test
    void aLocalWorkerFrozenForEightSecondsStaysAndWorksAgain() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(2, 1); TaskgridClient client = cluster.connect()) {
            long frozen = cluster.workerProcesses().get(0).process().pid();
            signal("STOP", frozen);
            try {
                Thread.sleep(8_000);
            } finally {
                signal("CONT", frozen);
            }

            assertThat(cluster.status().workers()).extracting(w -> w.pid()).contains(frozen).hasSize(2);
            List<Long> pids = join(client.submit(Job.range(0, 200, 1, (Range r) -> {
                Thread.sleep(5);
                return ProcessHandle.current().pid();
            })).results(), 60, "the pids of the workers that ran 200 subtasks");
            assertThat(pids).contains(frozen);
        }
    }

    /** Its long loss detection does not make a local cluster slow to notice a worker process that died. */
    @Test
    void aKilledLocalWorkerLeavesAtOnceNotAfterTheLossDetection() {
        try (LocalCluster cluster = LocalCluster.start(2, 1)) {
            WorkerProcess killed = cluster.workerProcesses().get(1);
            killed.kill();

            // its replacement (LocalCluster restarts it) registers as another worker, with another pid
            await().atMost(LocalCluster.LOCAL_LOSS_DETECTION.dividedBy(3)).until(() -> cluster.status().workers()
                    .stream().noneMatch(worker -> worker.pid() == killed.process().pid()));
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal + " " + pid).isTrue();
    }

    /** The first line {@code process} printed to {@code file}, once it printed one; fails when it exited without one. */
    private static String firstLine(Path file, Process process, Path stderr) throws Exception {
        String line = CliRunner.read(file).lines().findFirst().orElse(null);
        if (line == null && !process.isAlive()) {
            throw new AssertionError("the submitter exited with code " + process.exitValue() + " before it printed "
                    + "its job id; stderr: " + CliRunner.read(stderr));
        }
        return line;
    }

    private static int succeeded(TaskgridClient client, String jobId) {
        return client.status().jobs().stream().filter(j -> j.id().equals(jobId))
                .mapToInt(j -> j.succeeded()).findFirst().orElse(0);
    }

    /** A client in its own JVM: submits a job, prints its id and waits to be killed. */
    public static final class SubmitAndWait {
        static final int SUBTASKS = 2_000;

        public static void main(String[] args) throws Exception {
            TaskgridClient client = TaskgridClient.builder().gateways(args[0]).token(args[1]).connect();
            JobHandle<Long> handle = client.submit(Job.range(0, SUBTASKS, 1, (Range r) -> {
                Thread.sleep(2);
                return r.from() * 3;
            }));
            System.out.println(handle.id());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
