package io.taskgrid.cluster;

import io.taskgrid.internal.HostAndPort;
import org.apache.pekko.actor.ActorNotFound;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a Taskgrid node starts of Pekko's optional parts: real actor systems on 127.0.0.1. */
class NodeExtensionsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void a_node_starts_no_receptionist_until_something_asks_for_one() throws Exception {
        String receptionistPath;
        ActorSystem<Void> asked = node();
        try {
            receptionistPath = asked.receptionist().path().toStringWithoutAddress();
            assertTrue(resolves(asked, receptionistPath), "asked for, it runs at " + receptionistPath);
        } finally {
            stop(asked);
        }
        ActorSystem<Void> untouched = node();
        try {
            assertFalse(resolves(untouched, receptionistPath),
                    "Pekko's default starts the receptionist (and its distributed-data replicator, which gossips "
                            + "for as long as the node runs) on every node; Taskgrid never uses it");
        } finally {
            stop(untouched);
        }
    }

    private static boolean resolves(ActorSystem<Void> system, String path) {
        try {
            system.classicSystem().actorSelection(path).resolveOne(WAIT).toCompletableFuture().join();
            return true;
        } catch (CompletionException e) {
            if (e.getCause() instanceof ActorNotFound) {
                return false;
            }
            throw e;
        }
    }

    private static ActorSystem<Void> node() {
        // a worker whose coordinator is not there: it keeps trying to join, which changes nothing here
        return ActorSystem.create(Behaviors.empty(), ClusterConfig.SYSTEM_NAME,
                ClusterConfig.worker(new HostAndPort("127.0.0.1", 0),
                        java.util.List.of(new HostAndPort("127.0.0.1", HostAndPort.freePort())), null,
                        ClusterConfig.DEFAULT_LOSS_DETECTION, java.time.Duration.ofSeconds(60)));
    }

    private static void stop(ActorSystem<Void> system) throws Exception {
        system.terminate();
        assertThat(system.getWhenTerminated().toCompletableFuture()).as("the actor system's termination")
                .succeedsWithin(Duration.ofSeconds(30));
    }
}
