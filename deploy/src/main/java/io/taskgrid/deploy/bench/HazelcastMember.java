package io.taskgrid.deploy.bench;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.io.IOException;

/**
 * One Hazelcast member JVM for the benchmark's baseline: an {@code IExecutorService} named
 * {@link #EXECUTOR} with a pool of the given size, on 127.0.0.1. Exits when its standard input
 * closes, so it never outlives the benchmark.
 *
 * <p>Arguments: cluster name, this member's port, the other member's port, pool size.
 */
public final class HazelcastMember {

    /** The executor's name. */
    public static final String EXECUTOR = "bench";

    private HazelcastMember() {
    }

    public static void main(String[] args) throws IOException {
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config(args[0], Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), Integer.parseInt(args[3])));
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() != -1) {
            // until the benchmark closes the pipe
        }
        member.shutdown();
        System.exit(0);
    }

    static Config config(String clusterName, int port, int otherPort, int poolSize) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port).addMember("127.0.0.1:" + otherPort);
        config.getExecutorConfig(EXECUTOR).setPoolSize(poolSize);
        return config;
    }
}
