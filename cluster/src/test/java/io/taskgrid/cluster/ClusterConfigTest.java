package io.taskgrid.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.taskgrid.internal.HostAndPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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

    private static Config worker() {
        return ClusterConfig.worker(HostAndPort.parse("127.0.0.1:25520"), HostAndPort.parse("127.0.0.1:25510"), false,
                null, ClusterConfig.DEFAULT_LOSS_DETECTION);
    }
}
