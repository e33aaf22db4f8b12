package io.taskgrid.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.taskgrid.internal.HostAndPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClusterConfigTest {

    private static final String PARALLELISM = "pekko.actor.default-dispatcher.fork-join-executor.parallelism-min";

    @AfterEach
    void clearProperty() {
        System.clearProperty(PARALLELISM);
        ConfigFactory.invalidateCaches();
    }

    @Test
    void artery_and_the_actors_share_one_small_pool() {
        Config config = worker();
        assertEquals(2, config.getInt(PARALLELISM));
        assertEquals("pekko.actor.default-dispatcher", config.getString("pekko.remote.artery.advanced.use-dispatcher"));
        assertEquals("pekko.actor.default-dispatcher", config.getString("pekko.io.tcp.worker-dispatcher"));
        assertEquals("pekko.actor.internal-dispatcher", config.getString("pekko.cluster.use-dispatcher"),
                "membership and heartbeats keep a pool that the actors cannot keep busy");
    }

    @Test
    void a_system_property_overrides_taskgrids_settings() {
        System.setProperty(PARALLELISM, "8");
        ConfigFactory.invalidateCaches();
        assertEquals(8, worker().getInt(PARALLELISM));
    }

    @Test
    void the_nodes_own_address_comes_before_the_shared_file() {
        Config config = worker();
        assertEquals("127.0.0.1", config.getString("pekko.remote.artery.canonical.hostname"));
        assertEquals(25520, config.getInt("pekko.remote.artery.canonical.port"));
        assertEquals(List.of("worker"), config.getStringList("pekko.cluster.roles"));
    }

    @Test
    void taskgrids_downing_gets_its_times_from_the_loss_detection_and_every_seed_is_tried() {
        Config config = worker();
        assertEquals("io.taskgrid.cluster.downing.TaskgridDowning", config.getString("pekko.cluster.downing-provider-class"));
        assertEquals(Duration.ofMillis(2000), config.getDuration("taskgrid.downing.stable-after"));
        assertEquals(Duration.ofMillis(5000), config.getDuration("taskgrid.downing.rejoin-after"));
        assertEquals(Duration.ofMillis(2500), config.getDuration("pekko.cluster.failure-detector.acceptable-heartbeat-pause"));
        assertEquals(Duration.ofSeconds(42), config.getDuration("pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes"));
        assertEquals(List.of("pekko://taskgrid@127.0.0.1:25510", "pekko://taskgrid@127.0.0.2:25510"),
                config.getStringList("pekko.cluster.seed-nodes"));
        assertEquals(false, config.getBoolean("pekko.coordinated-shutdown.exit-jvm"), "the node's owner decides");
    }

    private static Config worker() {
        return ClusterConfig.worker(HostAndPort.parse("127.0.0.1:25520"), List.of(HostAndPort.parse("127.0.0.1:25510"),
                HostAndPort.parse("127.0.0.2:25510")), null, ClusterConfig.DEFAULT_LOSS_DETECTION, Duration.ofSeconds(42));
    }
}
