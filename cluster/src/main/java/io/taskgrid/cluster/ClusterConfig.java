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
 * the Kryo serializer bound to {@link ClusterMessage}, Taskgrid's downing rules, quiet logging. A JVM
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
     *                      40% the downing rules' wait for a stable view. Shorter detects lost
     *                      nodes sooner; too short mistakes a long GC pause for a death
     * @param storePort     the port of this coordinator's state store, advertised to standbys
     * @param tls           TLS between nodes, or {@code null} for plain TCP
     */
    public static Config coordinator(HostAndPort self, HostAndPort seed, Duration lossDetection, int storePort,
                                     TlsSettings tls) {
        return node(self, seed == null ? List.of() : List.of(seed), lossDetection,
                List.of(COORDINATOR_ROLE, STORE_ROLE_PREFIX + storePort), tls, Duration.ofSeconds(60));
    }

    /**
     * The configuration of a worker node that joins the cluster through the first coordinator of
     * {@code seeds} that answers, over TLS when {@code tls} is not {@code null}, and gives up
     * (its actor system stops) when none has answered within {@code joinTimeout};
     * {@code lossDetection} as for {@link #coordinator} (the same value on every node).
     */
    public static Config worker(HostAndPort self, List<HostAndPort> seeds, TlsSettings tls, Duration lossDetection,
                                Duration joinTimeout) {
        return node(self, seeds, lossDetection, List.of(WORKER_ROLE), tls, joinTimeout);
    }

    private static Config node(HostAndPort self, List<HostAndPort> seeds, Duration lossDetection, List<String> roles,
                               TlsSettings tls, Duration joinTimeout) {
        long millis = Math.max(2000, lossDetection.toMillis());
        List<String> seedNodes = seeds.stream().map(seed -> "\"pekko://" + SYSTEM_NAME + "@" + seed + "\"").toList();
        String text = String.join("\n",
                "pekko.cluster.failure-detector.acceptable-heartbeat-pause = " + millis / 2 + "ms",
                "taskgrid.downing.stable-after = " + millis * 2 / 5 + "ms",
                "taskgrid.downing.rejoin-after = " + millis + "ms",
                "pekko.cluster.roles = [" + String.join(", ", roles) + "]",
                "pekko.remote.artery.canonical.hostname = \"" + self.host() + "\"",
                "pekko.remote.artery.canonical.port = " + self.port(),
                "pekko.cluster.seed-nodes = [" + String.join(", ", seedNodes) + "]",
                "pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes = " + Math.max(1000, joinTimeout.toMillis()) + "ms",
                // the node's owner decides what its end means: a worker joins again, a process exits saying why
                "pekko.coordinated-shutdown.exit-jvm = off");
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
