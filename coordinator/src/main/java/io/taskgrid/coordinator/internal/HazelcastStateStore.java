package io.taskgrid.coordinator.internal;

import com.esotericsoftware.kryo.Kryo;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import io.taskgrid.ClusterStatus;
import io.taskgrid.internal.HostAndPort;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.protocol.SubtaskFailure;
import io.taskgrid.internal.serialization.KryoPool;
import io.taskgrid.internal.serialization.WireKryo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default {@link StateStore}: Hazelcast embedded in the coordinator's JVM, a one-member
 * cluster bound to the coordinator's host, with multicast, auto-detection and phone-home off.
 * Values are Kryo-encoded protocol records in {@code IMap<String, byte[]>}s, so Hazelcast needs
 * none of our classes.
 */
public final class HazelcastStateStore implements StateStore {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HazelcastStateStore.class);

    private final HazelcastInstance hazelcast;
    private final IMap<String, byte[]> jobs;
    private final IMap<String, byte[]> endedJobs;
    private final IMap<String, byte[]> outcomes;
    private final Duration retention;
    /** Batch keys are {@code jobId/n}; n is unique per coordinator run (a time-based start keeps it unique across runs). */
    private final AtomicLong batches = new AtomicLong(System.currentTimeMillis() * 1000);
    /** Outcome batches handed to the writer and not in the map yet, by job and then key. */
    private final Map<String, Map<String, OutcomeBatch>> writing = new ConcurrentHashMap<>();
    /**
     * Job specs handed to the writer and not written yet. A job that ends before its spec is
     * written (a short job while the writer is busy) never has it written, nor expired.
     */
    private final Map<String, JobSpec> specsToWrite = new ConcurrentHashMap<>();
    /** The jobs of {@link #specsToWrite}, in the order they were handed over. */
    private final Queue<String> specOrder = new ConcurrentLinkedQueue<>();
    /** Jobs whose spec was written and that have ended since, for {@link #deleteEndedSpecs}. */
    private final Queue<String> endedSpecs = new ConcurrentLinkedQueue<>();
    /** End records of jobs handed to the writer and not written yet; see {@link #writeEnds}. */
    private final Queue<ClusterStatus.JobInfo> endsToWrite = new ConcurrentLinkedQueue<>();
    /** Jobs whose outcomes were dropped and are being deleted. */
    private final Set<String> dropping = ConcurrentHashMap.newKeySet();
    /**
     * Encodes and writes jobs, their outcome batches and end records, off the job manager's thread,
     * one synchronous write at a time: in order, with natural back pressure, and without callbacks.
     * (Hazelcast completes an async write's future on its default executor, which on a machine of
     * one or two cores is a new thread per write: measured, 80,000 writes drained at ~1,500 a
     * second and held a core for a minute.) Writes wait up to {@link #WRITE_WINDOW} to go as a
     * group, so a job that ends within it writes one record instead of six.
     */
    private final WriteBehind writer;
    /** The store's own format: the gateway's records plus the batch that groups them. */
    private final KryoPool kryo = new KryoPool(() -> {
        Kryo kryo = WireKryo.newGatewayKryo();
        kryo.register(OutcomeBatch.class, 200);
        return kryo;
    });
    /** The outcome keys this store wrote or inherited, by job; forgotten when the job's outcomes are dropped or expire. */
    private final Map<String, Set<String>> keysByJob = new ConcurrentHashMap<>();
    /** Expiry and removal of a job's entries run here, off the job manager's thread. */
    private final Housekeeping housekeeping;

    /**
     * How long a write may wait for others to go with it. A standby that takes over loses at most
     * this much more of the last moments than it would anyway (writes are behind the job manager).
     */
    static final Duration WRITE_WINDOW = Duration.ofMillis(5);
    /** A group of this many entries or more is written with one {@code setAll} (see {@link #setGroup}). */
    static final int SET_ALL_FROM = 16;
    /** Outcome keys whose write was skipped because their job's outcomes were dropped first; the drop forgets them. */
    private final Set<String> skipped = ConcurrentHashMap.newKeySet();

    private static final List<String> MAPS = List.of("jobs", "ended-jobs", "outcomes", "artifacts");

    /** Whether the maps are kept on disk: then entries expire by explicit deletes, not by TTL (see {@link #expire}). */
    private final boolean onDisk;

    /** The store's shipped code. */
    public ArtifactStore artifacts() {
        return new ArtifactStore(hazelcast.getMap("artifacts"));
    }

    private HazelcastStateStore(HazelcastInstance hazelcast, Duration retention, boolean onDisk, Duration writeWindow) {
        this.hazelcast = hazelcast;
        this.writer = new WriteBehind("taskgrid-store-writer", writeWindow);
        this.jobs = hazelcast.getMap("jobs");
        this.endedJobs = hazelcast.getMap("ended-jobs");
        this.outcomes = hazelcast.getMap("outcomes");
        this.retention = retention;
        this.onDisk = onDisk;
        this.housekeeping = new Housekeeping("taskgrid-store-housekeeping", this::deleteEndedSpecs);
        if (onDisk) {
            // jobs that ended before a restart: forget them one retention time from now
            endedJobs.keySet().forEach(jobId -> expire(jobId, retention.toMillis(), true));
        }
    }

    /** Starts an embedded member that founds its own store, in memory; see {@link #start(String, int, String, HostAndPort, Path, Duration)}. */
    public static HazelcastStateStore start(String host, int port, String clusterName, Duration retention) {
        return start(host, port, clusterName, null, null, retention);
    }

    /**
     * Starts an embedded member listening on {@code host} at {@code port}. With a {@code peer} (the
     * active coordinator's store, for a standby) it joins that member's cluster and holds a backup
     * of every entry, so the data outlives the active coordinator.
     *
     * @param clusterName the same for the coordinators of one cluster, different for any other
     * @param directory   where to keep the store on disk, so that a coordinator restarted on it
     *                    resumes its jobs; {@code null} keeps it in memory only
     */
    public static HazelcastStateStore start(String host, int port, String clusterName, HostAndPort peer,
                                            Path directory, Duration retention) {
        return start(host, port, clusterName, peer, directory, retention, WRITE_WINDOW);
    }

    /** As {@link #start(String, int, String, HostAndPort, Path, Duration)}, with writes grouped over {@code writeWindow}. */
    static HazelcastStateStore start(String host, int port, String clusterName, HostAndPort peer, Path directory,
                                     Duration retention, Duration writeWindow) {
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
        if (directory == null) { // on disk, ended jobs are deleted one retention time after a restart instead
            config.getMapConfig("ended-jobs").setTimeToLiveSeconds((int) Math.max(1,
                    Math.min(Integer.MAX_VALUE, (retention.toMillis() + 999) / 1000)));
        } else {
            for (String map : MAPS) {
                config.getMapConfig(map).setMapStoreConfig(new MapStoreConfig().setEnabled(true)
                        .setImplementation(new FileMapStore(directory.resolve(map)))
                        .setWriteDelaySeconds(1).setWriteBatchSize(256).setWriteCoalescing(true)
                        .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER));
            }
        }
        return new HazelcastStateStore(Hazelcast.newHazelcastInstance(config), retention, directory != null, writeWindow);
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
        specsToWrite.put(spec.jobId(), spec);
        specOrder.add(spec.jobId());
        writer.execute(this::writeSpecs);
    }

    /**
     * Writes every job spec handed over so far, in one go, as {@link #writeEnds} does; a job that
     * ended before its turn came has left {@link #specsToWrite}, since it needs no resuming.
     */
    private void writeSpecs() {
        Map<String, byte[]> batch = new HashMap<>();
        for (String jobId = specOrder.poll(); jobId != null; jobId = specOrder.poll()) {
            JobSpec spec = specsToWrite.remove(jobId);
            if (spec != null) {
                batch.put(jobId, kryo.encode(spec));
            }
        }
        if (!batch.isEmpty()) {
            write("specs of " + batch.size() + " jobs", () -> setGroup(jobs, batch));
        }
    }

    @Override
    public void saveOutcomes(String jobId, List<GatewayMessage.SubtaskResults> results, List<SubtaskFailure> failures) {
        if (results.isEmpty() && failures.isEmpty()) {
            return;
        }
        String key = jobId + "/" + batches.incrementAndGet();
        OutcomeBatch batch = new OutcomeBatch(results, failures);
        writing.compute(jobId, (job, pending) -> { // atomic against the writer's removal below
            Map<String, OutcomeBatch> all = pending != null ? pending : new ConcurrentHashMap<>();
            all.put(key, batch);
            return all;
        });
        keysByJob.computeIfAbsent(jobId, job -> ConcurrentHashMap.newKeySet()).add(key);
        writer.execute(() -> {
            if (dropping.contains(jobId)) {
                skipped.add(key); // collected by the client before it was written: it never will be
            } else {
                write("outcomes " + key, () -> outcomes.set(key, kryo.encode(batch)));
            }
            writing.computeIfPresent(jobId, (job, pending) -> { // a job's last batch written: it leaves
                pending.remove(key);
                return pending.isEmpty() ? null : pending;
            });
        });
    }

    /**
     * The keys of the outcome batches of a job this store ran: the ones it wrote or inherited. No
     * scan: a job that ended here without writing any (the usual short job) costs nothing.
     */
    private Set<String> ownKeys(String jobId) {
        Set<String> known = keysByJob.get(jobId);
        return known != null ? new HashSet<>(known) : Set.of();
    }

    /**
     * The keys of a job's outcome batches: the ones this store wrote or inherited (a lookup), or for
     * a job it never saw, the ones a query finds (a scan, which may miss writes of the last moments;
     * this store's own are never missed).
     */
    private Set<String> knownKeys(String jobId) {
        Set<String> known = keysByJob.get(jobId);
        return known != null ? new HashSet<>(known) : new HashSet<>(outcomes.keySet(keysOf(jobId)));
    }

    @Override
    public StoredOutcomes outcomes(String jobId) {
        if (dropping.contains(jobId)) {
            return new StoredOutcomes(List.of(), List.of());
        }
        // Batches being written first: one whose write completes after this look is in the map
        // when getAll reads it (the other order could miss a batch between the two looks).
        Map<String, OutcomeBatch> batchesByKey = new HashMap<>(writing.getOrDefault(jobId, Map.of()));
        Set<String> keys = knownKeys(jobId);
        keys.removeAll(batchesByKey.keySet());
        outcomes.getAll(keys).forEach((key, bytes) -> batchesByKey.put(key, (OutcomeBatch) kryo.decode(bytes)));
        List<GatewayMessage.SubtaskResults> results = new ArrayList<>();
        List<SubtaskFailure> failures = new ArrayList<>();
        for (OutcomeBatch batch : batchesByKey.values()) {
            results.addAll(batch.results());
            failures.addAll(batch.failures());
        }
        return new StoredOutcomes(results, failures);
    }

    private static Predicate<String, byte[]> keysOf(String jobId) {
        return Predicates.like("__key", jobId + "/%");
    }

    @Override
    public void saveJobEnd(ClusterStatus.JobInfo ended) {
        String jobId = ended.id();
        boolean specWritten = specsToWrite.remove(jobId) == null; // else it never will be: one write, not three
        endsToWrite.add(ended);
        writer.execute(() -> { // after the job's own save, which the writer did earlier
            writeEnds();
            expire(jobId, retention.toMillis(), specWritten);
        });
    }

    /**
     * Writes every end record handed over so far, in one go: the first of a group takes the
     * others along, and the later ones find nothing left. One write per ended job, each in a run of
     * the writer of its own, took ~15% of the coordinator's CPU in a stream of one-subtask jobs. In
     * memory, the entries expire by the map's time-to-live (see {@link #start}).
     */
    private void writeEnds() {
        Map<String, byte[]> batch = new HashMap<>();
        for (ClusterStatus.JobInfo ended = endsToWrite.poll(); ended != null; ended = endsToWrite.poll()) {
            batch.put(ended.id(), kryo.encode(ended));
        }
        if (!batch.isEmpty()) {
            write("end records of " + batch.size() + " jobs", () -> setGroup(endedJobs, batch));
        }
    }

    /**
     * Forgets an ended job after {@code ttlMillis}: in memory by TTL (its spec at once, with the
     * next {@link #deleteEndedSpecs}); on disk by deleting it then (a TTL would only drop the
     * entries from memory, and a read would load them back from disk).
     */
    private void expire(String jobId, long ttlMillis, boolean specWritten) {
        if (onDisk) {
            housekeeping.later(ttlMillis, () -> {
                if (specWritten) {
                    jobs.delete(jobId);
                }
                endedJobs.delete(jobId);
                ownKeys(jobId).forEach(outcomes::delete);
                keysByJob.remove(jobId);
            });
            return;
        }
        if (specWritten) {
            endedSpecs.add(jobId);
        }
        if (!keysByJob.containsKey(jobId)) {
            return; // nothing more of the job than its end record, which has its TTL
        }
        housekeeping.execute(() -> {
            awaitWrites(jobId);
            Set<String> keys = ownKeys(jobId);
            if (!keys.isEmpty()) { // else there is nothing to forget, and no timer to keep for an hour
                keys.forEach(key -> outcomes.setTtl(key, ttlMillis, TimeUnit.MILLISECONDS));
                housekeeping.later(ttlMillis, () -> keysByJob.remove(jobId));
            }
        });
    }

    @Override
    public void dropOutcomes(String jobId) {
        Set<String> keys = keysByJob.remove(jobId);
        if (keys == null) {
            return; // nothing written by this store or inherited into it; the rest expires with the retention time
        }
        dropping.add(jobId); // from now on the job has no outcomes, though their deletion takes a moment
        writer.execute(() -> { // after the writes and the end record handed over before
            keys.removeIf(skipped::remove);
            housekeeping.execute(() -> {
                awaitWrites(jobId);
                keys.forEach(outcomes::delete);
                dropping.remove(jobId);
            });
        });
    }

    /**
     * Deletes the specs of the jobs that ended since the last time, in one call: a spec is only
     * there to resume an unfinished job. (Each spec's own delete, or TTL, was one more invocation
     * per job; under a stream of jobs that queue for more than the write window, specs are written.)
     */
    private void deleteEndedSpecs() {
        List<String> ended = new ArrayList<>();
        for (String jobId = endedSpecs.poll(); jobId != null; jobId = endedSpecs.poll()) {
            ended.add(jobId);
        }
        if (!ended.isEmpty()) {
            write("deletion of the specs of " + ended.size() + " ended jobs",
                    () -> jobs.removeAll(Predicates.in("__key", ended.toArray(String[]::new))));
        }
    }

    /** Waits (on the housekeeping thread) until the job's batches being written are in the map. */
    private void awaitWrites(String jobId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writing.containsKey(jobId) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public ClusterStatus.JobInfo endedJob(String jobId) {
        byte[] bytes = endedJobs.get(jobId);
        return bytes == null ? null : (ClusterStatus.JobInfo) kryo.decode(bytes);
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

    @Override
    public List<JobSpec> unfinishedJobs() {
        Set<String> ended = endedJobs.keySet();
        List<JobSpec> unfinished = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : jobs.entrySet()) {
            if (!ended.contains(entry.getKey())) {
                unfinished.add((JobSpec) kryo.decode(entry.getValue()));
                Set<String> inherited = ConcurrentHashMap.newKeySet();
                inherited.addAll(outcomes.keySet(keysOf(entry.getKey()))); // written by the coordinator before us
                keysByJob.merge(entry.getKey(), inherited, (mine, theirs) -> {
                    mine.addAll(theirs);
                    return mine;
                });
            } else if (!onDisk) {
                endedSpecs.add(entry.getKey()); // the coordinator before us ended it, and had no time to delete it
            }
        }
        return unfinished;
    }

    /** What one flush of a job's outcomes writes: one entry, whatever the number of workers. */
    record OutcomeBatch(List<GatewayMessage.SubtaskResults> results, List<SubtaskFailure> failures) {
    }

    /** How many coordinators hold the store (with a standby: two). */
    public int members() {
        return hazelcast.getCluster().getMembers().size();
    }

    /** The job as it was accepted, or {@code null} once forgotten. */
    JobSpec job(String jobId) {
        byte[] bytes = jobs.get(jobId);
        return bytes == null ? null : (JobSpec) kryo.decode(bytes);
    }

    /** Runs the writes handed over so far, and the housekeeping they handed on, now (for tests). */
    void flushWrites() throws Exception {
        writer.flush();
        housekeeping.flush();
    }

    /** How many writes (put, set, remove, TTL and other changes) this member has made to one of its maps (for tests). */
    long writesTo(String map) {
        com.hazelcast.map.LocalMapStats stats = hazelcast.getMap(map).getLocalMapStats();
        return stats.getPutOperationCount() + stats.getSetOperationCount() + stats.getRemoveOperationCount()
                + stats.getOtherOperationCount();
    }

    @Override
    public void close() {
        // the writes handed over finish, rather than fail, and schedule their housekeeping, so
        // housekeeping stops after them
        writer.close();
        housekeeping.close();
        hazelcast.shutdown();
    }

    /**
     * Writes a group of entries: a few one at a time, many with one {@code setAll}. For a few,
     * {@code setAll} costs more than it saves: it computes every member's partitions, offloads the
     * writes, and completes through Hazelcast's default async executor, which on a machine of one
     * or two cores (a common pool of one thread) starts a new thread for each call. On two cores,
     * per entry: 1 entry 22 µs one at a time against 165 µs by {@code setAll}, 8 entries 20
     * against 31, 16 about even, 256 20 against 5.
     */
    private static void setGroup(IMap<String, byte[]> map, Map<String, byte[]> entries) {
        if (entries.size() < SET_ALL_FROM) {
            entries.forEach(map::set);
        } else {
            map.setAll(entries);
        }
    }

    /** One write on the writer thread; a failure is logged (the job runs on; a standby may miss it). */
    private static void write(String what, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            log.warn("The state store could not write the {}: {}", what, e.toString());
        }
    }
}
