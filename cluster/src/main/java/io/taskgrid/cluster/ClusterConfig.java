package io.taskgrid.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.taskgrid.internal.HostAndPort;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

import java.time.Duration;
import java.util.List;

/**
 * The Pekko configuration of a Taskgrid node: cluster provider, Artery TCP on the given address,
 * the Kryo serializer bound to {@link ClusterMessage}, split-brain resolver, quiet logging. A JVM
 * system property ({@code -Dpekko.actor.default-dispatcher.fork-join-executor.parallelism-min=8})
 * overrides any of it, as in every Typesafe Config application; then come the node's address and
 * roles, {@code taskgrid-cluster.conf}, an {@code application.conf} and Pekko's defaults.
 */
public final class ClusterConfig {

    /** The name of every Taskgrid ActorSystem; nodes join only systems of the same name. */
    public static final String SYSTEM_NAME = "taskgrid";

    /** The name of the coordinator's job manager, a cluster singleton. */
    public static final String JOB_MANAGER_NAME = "job-manager";

    private ClusterConfig() {
    }

    /** The role of coordinator nodes: the job manager singleton runs on the oldest of them. */
    public static final String COORDINATOR_ROLE = "coordinator";

    /** The role of worker nodes. */
    public static final String WORKER_ROLE = "worker";

    /** A coordinator also carries a role {@code store-PORT}: where a standby finds its state store. */
    private static final String STORE_ROLE_PREFIX = "store-";

    /** The default time from a node's death to its removal: see {@link #coordinator}. */
    public static final Duration DEFAULT_LOSS_DETECTION = Duration.ofSeconds(5);

    /**
     * The configuration of a coordinator node that listens on {@code self} and joins the cluster
     * through {@code seed}: none for the first coordinator, which founds the cluster, or an active
     * coordinator's cluster address for a standby.
     *
     * @param lossDetection roughly the time from a node's death (kill -9, a cut cable) to its
     *                      removal: half of it is the failure detector's tolerated heartbeat pause,
     *                      40% the split-brain resolver's wait for a stable view. Shorter detects
     *                      lost nodes sooner; too short mistakes a long GC pause for a death
     * @param storePort     the port of this coordinator's state store, advertised to standbys
     * @param tls           TLS between nodes, or {@code null} for plain TCP
     */
    public static Config coordinator(HostAndPort self, HostAndPort seed, Duration lossDetection, int storePort,
                                     boolean exitJvmWhenDown, TlsSettings tls) {
        return node(self, seed, exitJvmWhenDown, lossDetection,
                List.of(COORDINATOR_ROLE, STORE_ROLE_PREFIX + storePort), tls);
    }

    /**
     * The configuration of a worker node that joins the cluster through the coordinator at
     * {@code seed}, over TLS when {@code tls} is not {@code null}; {@code lossDetection} as for
     * {@link #coordinator} (the same value on every node: the node that decides may be any of them).
     */
    public static Config worker(HostAndPort self, HostAndPort seed, boolean exitJvmWhenDown, TlsSettings tls,
                                Duration lossDetection) {
        return node(self, seed, exitJvmWhenDown, lossDetection, List.of(WORKER_ROLE), tls);
    }

    private static Config node(HostAndPort self, HostAndPort seed, boolean exitJvmWhenDown, Duration lossDetection,
                               List<String> roles, TlsSettings tls) {
        long millis = Math.max(2000, lossDetection.toMillis());
        String text = String.join("\n",
                "pekko.cluster.failure-detector.acceptable-heartbeat-pause = " + millis / 2 + "ms",
                "pekko.cluster.split-brain-resolver.stable-after = " + millis * 2 / 5 + "ms",
                "pekko.cluster.roles = [" + String.join(", ", roles) + "]",
                "pekko.remote.artery.canonical.hostname = \"" + self.host() + "\"",
                "pekko.remote.artery.canonical.port = " + self.port(),
                "pekko.cluster.seed-nodes = [" + (seed == null ? "" : "\"pekko://" + SYSTEM_NAME + "@" + seed + "\"") + "]",
                "pekko.coordinated-shutdown.exit-jvm = " + (exitJvmWhenDown ? "on" : "off"));
        Config specific = ConfigFactory.parseString(text);
        if (tls != null) {
            specific = specific.withFallback(tls.artery());
        }
        ClassLoader loader = ClusterConfig.class.getClassLoader();
        return ConfigFactory.defaultOverrides(loader)
                .withFallback(specific)
                .withFallback(ConfigFactory.parseResources(ClusterConfig.class, "taskgrid-cluster.conf"))
                .withFallback(ConfigFactory.load(loader));
    }

    /** The state store port a coordinator member advertises, or -1 if it is not a coordinator. */
    public static int storePortOf(Member member) {
        for (String role : member.getRoles()) {
            if (role.startsWith(STORE_ROLE_PREFIX)) {
                return Integer.parseInt(role.substring(STORE_ROLE_PREFIX.length()));
            }
        }
        return -1;
    }

    /**
     * The job manager as a cluster singleton on the oldest coordinator. Every node initialises it
     * the same way: coordinators with the real behavior (it runs where the singleton lands), workers
     * with {@link org.apache.pekko.actor.typed.javadsl.Behaviors#empty()} (they only get the proxy).
     */
    public static SingletonActor<CoordinatorMessage> jobManagerSingleton(Behavior<CoordinatorMessage> behavior,
                                                                        ActorSystem<?> system) {
        return SingletonActor.of(behavior, JOB_MANAGER_NAME)
                .withSettings(ClusterSingletonSettings.create(system).withRole(COORDINATOR_ROLE));
    }
}
