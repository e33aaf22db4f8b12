package io.taskgrid.coordinator.internal;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.taskgrid.ClusterStatus;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.serialization.KryoPool;
import io.taskgrid.internal.serialization.WireKryo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default {@link StateStore}: Hazelcast embedded in the coordinator's JVM, a one-member
 * cluster bound to the coordinator's host, with multicast, auto-detection and phone-home off.
 * Values are Kryo-encoded protocol records in {@code IMap<String, byte[]>}s, so Hazelcast needs
 * none of our classes.
 */
public final class HazelcastStateStore implements StateStore {

    private final HazelcastInstance hazelcast;
    private final IMap<String, byte[]> jobs;
    private final IMap<String, byte[]> endedJobs;
    private final IMap<String, byte[]> results;
    private final Duration retention;
    private final KryoPool kryo = new KryoPool(WireKryo::newGatewayKryo);
    private final AtomicLong resultBatches = new AtomicLong();
    private final Map<String, CompletionStage<Void>> savingJobs = new ConcurrentHashMap<>();

    private HazelcastStateStore(HazelcastInstance hazelcast, Duration retention) {
        this.hazelcast = hazelcast;
        this.jobs = hazelcast.getMap("jobs");
        this.endedJobs = hazelcast.getMap("ended-jobs");
        this.results = hazelcast.getMap("results");
        this.retention = retention;
    }

    /**
     * Starts an embedded member listening on {@code host} at {@code port} or the next free port.
     *
     * @param clusterName unique per coordinator, so that two coordinators never merge by accident
     */
    public static HazelcastStateStore start(String host, int port, String clusterName, Duration retention) {
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
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(true).setPortCount(100);
        network.getInterfaces().setEnabled(true).addInterface(address);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember(address + ":" + port);
        return new HazelcastStateStore(Hazelcast.newHazelcastInstance(config), retention);
    }

    private static String ipOf(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the coordinator's host '" + host + "'", e);
        }
    }

    @Override
    public void saveJob(JobSpec spec) {
        savingJobs.put(spec.jobId(), jobs.setAsync(spec.jobId(), kryo.encode(spec)));
    }

    @Override
    public void saveJobEnd(ClusterStatus.JobInfo ended) {
        endedJobs.setAsync(ended.id(), kryo.encode(ended), retention.toMillis(), TimeUnit.MILLISECONDS);
        CompletionStage<Void> saving = savingJobs.remove(ended.id());
        Runnable expire = () -> jobs.setTtl(ended.id(), retention.toMillis(), TimeUnit.MILLISECONDS);
        if (saving == null) {
            expire.run();
        } else {
            saving.thenRun(expire);
        }
    }

    @Override
    public void saveUncollectedResults(String jobId, String workerId, int[] indices, byte[][] values) {
        String key = jobId + "/" + resultBatches.incrementAndGet();
        byte[] batch = kryo.encode(new GatewayMessage.SubtaskResults(jobId, workerId, indices, values));
        results.setAsync(key, batch, retention.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public List<ClusterStatus.JobInfo> endedJobs(int limit) {
        List<ClusterStatus.JobInfo> ended = new ArrayList<>();
        for (byte[] bytes : endedJobs.values()) {
            ended.add((ClusterStatus.JobInfo) kryo.decode(bytes));
        }
        ended.sort(Comparator.comparingLong(ClusterStatus.JobInfo::submittedAtMillis).reversed());
        return ended.size() > limit ? new ArrayList<>(ended.subList(0, limit)) : ended;
    }

    /** How many result batches are kept for {@code jobId}. */
    int uncollectedBatches(String jobId) {
        return results.keySet(Predicates.like("__key", jobId + "/%")).size();
    }

    /** The job as it was accepted, or {@code null} once forgotten. */
    JobSpec job(String jobId) {
        byte[] bytes = jobs.get(jobId);
        return bytes == null ? null : (JobSpec) kryo.decode(bytes);
    }

    @Override
    public void close() {
        hazelcast.shutdown();
    }
}
