package io.taskgrid.deploy;

import io.taskgrid.ClusterStatus;
import io.taskgrid.Job;
import io.taskgrid.JobHandle;
import io.taskgrid.Range;
import io.taskgrid.TaskgridClient;
import io.taskgrid.examples.Primes;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.taskgrid.deploy.EveryResultOnce.assertEveryResultOnce;
import static io.taskgrid.testing.Waits.call;
import static io.taskgrid.testing.Waits.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A local cluster keeps the size it was asked for and reaches it: a worker process killed during a
 * job is started again, and more one-thread workers than cores start in waves and all become ready.
 * Real worker JVMs, a real coordinator, real sockets on 127.0.0.1.
 */
class LocalClusterSizeIT {

    private static final int SUBTASKS = 3_000;

    @Test
    void aWorkerKilledDuringAJobIsRestartedAndTheJobGivesEveryResultOnce() {
        try (LogLines log = LogLines.of(WorkerSupervisor.class);
             LocalCluster cluster = LocalCluster.start(2, 1); TaskgridClient client = cluster.connect()) {
            long survivor = cluster.workerProcesses().get(0).process().pid();
            JobHandle<Long> handle = client.submit(Job.range(0, SUBTASKS, 1, (Range r) -> {
                Thread.sleep(2);
                return r.from() * 3;
            }));
            await().atMost(Duration.ofSeconds(60)).until(() -> handle.progress().done() >= 300);
            WorkerProcess killed = cluster.workerProcesses().get(1);

            killed.kill();

            assertEveryResultOnce(handle, SUBTASKS, 3L);
            await().atMost(Duration.ofSeconds(120)).until(() -> cluster.status().workers().size() == 2
                    && cluster.workerProcesses().get(1) != killed);
            long replacement = cluster.workerProcesses().get(1).process().pid();
            assertThat(cluster.workerProcesses()).hasSize(2).extracting(WorkerProcess::number).containsExactly(1, 2);
            assertThat(cluster.status().workers()).extracting(ClusterStatus.Worker::pid)
                    .containsExactlyInAnyOrder(survivor, replacement);
            assertThat(log.lines()).singleElement().asString().matches("WARN Local worker process 2 \\(worker-\\d+, pid "
                    + killed.process().pid() + "\\) was killed by SIGKILL \\(exit code 137\\); restarted it as pid "
                    + replacement);
            assertThat(join(client.submit(Job.range(0, 200, 1, (Range r) -> {
                Thread.sleep(5);
                return ProcessHandle.current().pid();
            })).results(), 60, "the pids of the workers that ran 200 subtasks")).as("the replacement works")
                    .contains(replacement);
        }
    }

    /** Twelve one-thread workers on two cores never became ready: all their JVMs started at once. */
    @Test
    void fourTimesAsManyOneThreadWorkersAsCoresBecomeReadyAndRunAJob() throws Exception {
        // at most 16 JVMs (about 300 MB each), whatever the machine
        int workers = Math.min(4 * Runtime.getRuntime().availableProcessors(), 16);
        try (LogLines log = LogLines.of(WorkerSupervisor.class);
             LocalCluster cluster = LocalCluster.start(workers, 1); TaskgridClient client = cluster.connect()) {
            assertThat(cluster.status().workers()).hasSize(workers);

            assertThat(call(180, "the count of the primes below 1,000,000",
                    () -> Primes.count(client, 1_000_000, 10_000))).isEqualTo(78_498);
            assertThat(cluster.status().workers()).as("none was lost meanwhile").hasSize(workers);
            assertThat(cluster.workerProcesses()).hasSize(workers).allMatch(worker -> worker.process().isAlive());
            assertThat(log.lines()).as("no worker was restarted").isEmpty();
        }
    }
}
