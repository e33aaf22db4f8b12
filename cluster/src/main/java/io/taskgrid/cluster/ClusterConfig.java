package io.taskgrid.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.taskgrid.internal.HostAndPort;

/**
 * The Pekko configuration of a Taskgrid node: cluster provider, Artery TCP on the given address,
 * the Kryo serializer bound to {@link ClusterMessage}, split-brain resolver, quiet logging.
 */
public final class ClusterConfig {

    /** The name of every Taskgrid ActorSystem; nodes join only systems of the same name. */
    public static final String SYSTEM_NAME = "taskgrid";

    /** The name of the coordinator's job manager actor, under the user guardian. */
    public static final String JOB_MANAGER_NAME = "job-manager";

    private ClusterConfig() {
    }

    /**
     * The configuration of a node that listens on {@code self} and joins the cluster through
     * {@code seed}; with no seed ({@code null}, the coordinator) the node joins itself once started.
     *
     * @param exitJvmWhenDown whether the JVM exits when the node leaves the cluster (workers)
     */
    public static Config node(HostAndPort self, HostAndPort seed, boolean exitJvmWhenDown) {
        String text = String.join("\n",
                "pekko.remote.artery.canonical.hostname = \"" + self.host() + "\"",
                "pekko.remote.artery.canonical.port = " + self.port(),
                "pekko.cluster.seed-nodes = [" + (seed == null ? "" : "\"pekko://" + SYSTEM_NAME + "@" + seed + "\"") + "]",
                "pekko.coordinated-shutdown.exit-jvm = " + (exitJvmWhenDown ? "on" : "off"));
        return ConfigFactory.parseString(text)
                .withFallback(ConfigFactory.parseResources(ClusterConfig.class, "taskgrid-cluster.conf"))
                .withFallback(ConfigFactory.load(ClusterConfig.class.getClassLoader()));
    }

    /** The actor path of the job manager of the coordinator at {@code coordinator}. */
    public static String jobManagerPath(HostAndPort coordinator) {
        return "pekko://" + SYSTEM_NAME + "@" + coordinator + "/user/" + JOB_MANAGER_NAME;
    }
}
