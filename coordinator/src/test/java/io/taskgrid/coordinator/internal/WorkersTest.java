package io.taskgrid.coordinator.internal;

import io.taskgrid.cluster.CoordinatorMessage.RegisterWorker;
import io.taskgrid.cluster.WorkerMessage;
import io.taskgrid.internal.TaskgridVersion;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class WorkersTest {

    private static RegisterWorker worker(String version, String token) {
        return new RegisterWorker("pekko://taskgrid@h:1/user/worker", "h", 1, 2, 100, version, token);
    }

    @Test
    void aWorkerOfThisVersionWithTheTokenJoins() {
        assertThat(Workers.whyRefuse(worker(TaskgridVersion.get(), "secret"), "secret")).isNull();
    }

    @Test
    void aWorkerWithoutTheTokenIsRefusedSayingWhereToSetIt() {
        assertThat(Workers.whyRefuse(worker(TaskgridVersion.get(), "guess"), "secret"))
                .contains("did not present the cluster's token", "--token-file");
    }

    @Test
    void aWorkerOfAnotherVersionIsRefusedNamingBothVersions() {
        assertThat(Workers.whyRefuse(worker("0.0.1-old", "secret"), "secret"))
                .contains("Taskgrid 0.0.1-old", "the coordinator " + TaskgridVersion.get(), "same version");
    }

    /** A real local actor system whose guardian records what the registered "worker" receives. */
    private final BlockingQueue<WorkerMessage> received = new LinkedBlockingQueue<>();
    private ActorSystem<WorkerMessage> system;

    @AfterEach
    void stopSystem() throws Exception {
        if (system != null) {
            system.terminate();
            assertThat(system.getWhenTerminated().toCompletableFuture()).as("the actor system's termination")
                    .succeedsWithin(Duration.ofSeconds(10));
        }
    }

    /** Workers with one registered worker, whose id is {@code worker-1}. */
    private Workers oneWorker() {
        system = ActorSystem.create(Behaviors.receiveMessage(message -> {
            received.add(message);
            return Behaviors.same();
        }), "workers-test");
        ActorRefResolver resolver = ActorRefResolver.get(system);
        Workers workers = new Workers(resolver);
        String id = workers.register(new RegisterWorker(resolver.toSerializationFormat(system), "h", 1, 2, 100,
                TaskgridVersion.get(), "t")).worker().id();
        assertThat(id).isEqualTo("worker-1");
        return workers;
    }

    @Test
    void jobsThatEndedNormallyAreReleasedTogetherAndAnEarlyEndAtOnce() throws Exception {
        Workers workers = oneWorker();
        for (String job : List.of("a", "b", "c")) {
            workers.get("worker-1").receivesCodeOf(job);
        }

        workers.release("worker-1", "a", "job succeeded", false);
        workers.release("worker-1", "b", "job failed", false);
        workers.release("worker-1", "never-had-code", "job succeeded", false);
        workers.release("worker-1", "c", "cancelled by the client", true);

        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(
                new WorkerMessage.ReleaseJobs(List.of("c"), "cancelled by the client"));
        workers.sendReleases();
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(
                new WorkerMessage.ReleaseJobs(List.of("a", "b"), "jobs ended"));
        workers.sendReleases();
        workers.release("worker-1", "a", "job succeeded", false); // told already
        workers.sendReleases();
        assertThat(received.poll(200, TimeUnit.MILLISECONDS)).as("nothing more to tell").isNull();
    }

    @Test
    void aWorkerHearsOfManyEndedJobsBeforeTheNextTick() throws Exception {
        Workers workers = oneWorker();
        for (int job = 0; job < Workers.MAX_RELEASES_HELD; job++) {
            workers.get("worker-1").receivesCodeOf("j" + job);
            workers.release("worker-1", "j" + job, "job succeeded", false);
        }

        WorkerMessage.ReleaseJobs release = (WorkerMessage.ReleaseJobs) received.poll(10, TimeUnit.SECONDS);
        assertThat(release.jobIds()).hasSize(Workers.MAX_RELEASES_HELD).startsWith("j0")
                .endsWith("j" + (Workers.MAX_RELEASES_HELD - 1));
    }
}
