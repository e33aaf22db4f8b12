package io.taskgrid.coordinator.internal;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.NetworkConfig;
import io.taskgrid.internal.HostAndPort;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;

/**
 * How the state store's embedded Hazelcast member is set up: a cluster of the coordinators of one
 * Taskgrid cluster only, bound to the coordinator's host, with multicast, auto-detection and
 * phone-home off, its maps on disk when asked.
 */
final class StoreConfig {

    private static final List<String> MAPS = List.of("jobs", "ended-jobs", "outcomes", "artifacts");

    private StoreConfig() {
    }

    /** See {@link HazelcastStateStore#start(String, int, String, HostAndPort, Path, java.time.Duration, long)}. */
    static Config of(String host, int port, String clusterName, HostAndPort peer, Path directory) {
        String address = ipOf(host);
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setInstanceName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.local.localAddress", address);
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        // Hazelcast's own metrics feed its Management Center, which a Taskgrid store never has;
        // collecting them every 5 s was half of the store's CPU while the coordinator idled
        config.getMetricsConfig().setEnabled(false);
        // a coordinator that dies leaves its store member behind: notice within seconds, not a minute
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "8");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface(address);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember(address + ":" + port);
        if (peer != null) {
            join.getTcpIpConfig().addMember(ipOf(peer.host()) + ":" + peer.port());
        }
        // Many small entries: stored as the byte arrays they are, without Hazelcast's wrapper (~25
        // bytes each). They expire by the store's deletes (Retention), not by a time-to-live each.
        config.getMapConfig("ended-jobs").setInMemoryFormat(InMemoryFormat.OBJECT);
        if (directory != null) {
            for (String map : MAPS) {
                config.getMapConfig(map).setMapStoreConfig(new MapStoreConfig().setEnabled(true)
                        .setImplementation(new FileMapStore(directory.resolve(map)))
                        .setWriteDelaySeconds(0) // written through: a write is on disk when the writer's set returns
                        .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER));
            }
        }
        return config;
    }

    private static String ipOf(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the coordinator's host '" + host + "'", e);
        }
    }
}
