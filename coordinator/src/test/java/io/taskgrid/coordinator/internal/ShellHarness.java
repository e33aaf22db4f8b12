package io.taskgrid.coordinator.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.taskgrid.cluster.CoordinatorMessage;
import io.taskgrid.cluster.WorkerMessage;
import io.taskgrid.internal.HostAndPort;
import io.taskgrid.internal.TaskgridVersion;
import io.taskgrid.internal.protocol.GatewayMessage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A job manager in an actor system of its own, on a real Hazelcast store, driven by messages: a
 * test tells it what clients and workers say, and reads what it says to them from queues. Its
 * clock is a manual one. Each piece is real; nothing here is a mock.
 */
final class ShellHarness implements AutoCloseable {

    static final String TOKEN = "shell-test-token";

    /** A clock that moves only when told. */
    static final class ManualClock extends Clock {
        private volatile long millis = 1_000_000;

        void advance(Duration by) {
            millis += by.toMillis();
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** A client as the job manager sees it: the messages sent to it wait in a queue. */
    static final class Client implements ClientSession {
        final BlockingQueue<GatewayMessage> received = new LinkedBlockingQueue<>();
        private final String name;

        Client(String name) {
            this.name = name;
        }

        @Override
        public String describe() {
            return name;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void send(GatewayMessage message) {
            received.add(message);
        }

        <T extends GatewayMessage> T next(Class<T> type) {
            return ShellHarness.next(received, type);
        }
    }

    /** A worker actor that keeps what the job manager sends it. */
    static final class Worker {
        final BlockingQueue<WorkerMessage> received = new LinkedBlockingQueue<>();
        final ActorRef<WorkerMessage> ref;
        String id;

        Worker(ActorSystem<?> system, String name) {
            ref = system.systemActorOf(Behaviors.receiveMessage(message -> {
                received.add(message);
                return Behaviors.same();
            }), name, Props.empty());
        }

        <T extends WorkerMessage> T next(Class<T> type) {
            return ShellHarness.next(received, type);
        }
    }

    final ManualClock clock = new ManualClock();
    final HazelcastStateStore store;
    final ActorSystem<CoordinatorMessage> system;

    ShellHarness() {
        store = HazelcastStateStore.start("127.0.0.1", HostAndPort.freePort(), "shell-test-" + System.nanoTime(),
                Duration.ofMinutes(5));
        Config config = ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical.hostname = 127.0.0.1
                pekko.remote.artery.canonical.port = 0
                pekko.loglevel = WARNING
                """).withFallback(ConfigFactory.load());
        ActiveJobManager active = new ActiveJobManager();
        system = ActorSystem.create(JobManagerStart.create("coordinator-test", store, TOKEN, clock, active,
                "no-artifact-server", new CoordinatorMetrics()), "shell-test", config);
    }

    void tell(CoordinatorMessage message) {
        system.tell(message);
    }

    /** Asks the job manager something that it answers by completing a future. */
    <T> CompletableFuture<T> ask(java.util.function.Function<CompletableFuture<T>, CoordinatorMessage> request) {
        CompletableFuture<T> reply = new CompletableFuture<>();
        system.tell(request.apply(reply));
        return reply;
    }

    /** Starts a worker with {@code threads} threads and registers it; returns it with its id. */
    Worker registeredWorker(String name, int threads) {
        Worker worker = new Worker(system, name);
        tell(new CoordinatorMessage.RegisterWorker(ActorRefResolver.get(system).toSerializationFormat(worker.ref),
                "127.0.0.1", 1, threads, 0, TaskgridVersion.get(), TOKEN));
        worker.id = worker.next(WorkerMessage.WorkerRegistered.class).workerId();
        return worker;
    }

    static <M, T extends M> T next(BlockingQueue<M> queue, Class<T> type) {
        try {
            while (true) {
                M message = queue.poll(30, TimeUnit.SECONDS);
                if (message == null) {
                    throw new AssertionError("no " + type.getSimpleName() + " within 30 s");
                }
                if (type.isInstance(message)) {
                    return type.cast(message);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + type.getSimpleName());
        }
    }

    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the actor system did not stop within 30 s", e);
        }
        store.close();
    }
}
