package io.taskgrid.coordinator.internal;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.taskgrid.ClusterStatus;
import io.taskgrid.internal.HostAndPort;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.protocol.SubtaskFailure;

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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The default {@link StateStore}: Hazelcast embedded in the coordinator's JVM ({@link StoreConfig}),
 * its values Kryo-encoded records in {@code IMap<String, byte[]>}s ({@link StoreCodec}). This class
 * writes jobs' specs and end records behind the job manager; {@link OutcomeBatches} keeps the
 * outcomes, and {@link Retention} decides which ended jobs are kept, by time and by bytes.
 */
public final class HazelcastStateStore implements StateStore {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HazelcastStateStore.class);

    private final HazelcastInstance hazelcast;
    private final IMap<String, byte[]> jobs;
    private final IMap<String, byte[]> endedJobs;
    /**
     * Job specs handed to the writer and not written yet. A job that ends before its spec is
     * written (a short job while the writer is busy) never has it written.
     */
    private final Map<String, JobSpec> specsToWrite = new ConcurrentHashMap<>();
    /** The jobs of {@link #specsToWrite}, in the order they were handed over. */
    private final Queue<String> specOrder = new ConcurrentLinkedQueue<>();
    /** Jobs whose spec was written and that have ended since, for {@link #deleteEndedSpecs}. */
    private final Queue<String> endedSpecs = new ConcurrentLinkedQueue<>();
    /** End records of jobs handed to the writer and not written yet; see {@link #writeEnds}. */
    private final Queue<Ending> endsToWrite = new ConcurrentLinkedQueue<>();
    /**
     * Encodes and writes jobs, their outcome batches and end records, off the job manager's thread,
     * one synchronous write at a time: in order, with natural back pressure, and without callbacks
     * (Hazelcast completes an async write's future on its default executor, which on a machine of
     * one or two cores starts a thread per write). Writes wait up to {@link #WRITE_WINDOW} to go as
     * a group, so a job that ends within it writes one record instead of six.
     */
    private final WriteBehind writer;
    private final StoreCodec codec = new StoreCodec();
    /** Which ended jobs are kept, and for how long. */
    private final Retention retention;
    private final OutcomeBatches outcomes;
    /** Forgetting jobs, and deleting what was dropped, run here, off the job manager's thread. */
    private final Housekeeping housekeeping;
    /** Whether a run of {@link #forgetDue} is handed to the housekeeping and has not started. */
    private final AtomicBoolean forgetting = new AtomicBoolean();
    /** Whether the jobs in the maps (after a restart or a takeover) are taken over yet; see {@link #adopt}. */
    private boolean adopted;

    /**
     * How long a write may wait for others to go with it. A standby that takes over loses at most
     * this much more of the last moments than it would anyway (writes are behind the job manager).
     */
    static final Duration WRITE_WINDOW = Duration.ofMillis(5);
    /** A group of this many entries or more is written with one {@code setAll} (see {@link #setGroup}). */
    static final int SET_ALL_FROM = 16;

    /** Whether the maps are kept on disk: then an ended job's spec goes with the rest of it, not at once. */
    private final boolean onDisk;

    /** The store's shipped code. */
    public ArtifactStore artifacts() {
        return new ArtifactStore(hazelcast.getMap("artifacts"));
    }

    private HazelcastStateStore(HazelcastInstance hazelcast, Retention retention, boolean onDisk, boolean founder,
                                Duration writeWindow) {
        this.hazelcast = hazelcast;
        this.writer = new WriteBehind("taskgrid-store-writer", writeWindow);
        this.jobs = hazelcast.getMap("jobs");
        this.endedJobs = hazelcast.getMap("ended-jobs");
        this.retention = retention;
        this.onDisk = onDisk;
        this.housekeeping = new Housekeeping("taskgrid-store-housekeeping");
        this.outcomes = new OutcomeBatches(hazelcast.getMap("outcomes"), codec, writer, housekeeping, retention);
        if (founder && !onDisk) {
            adopted = true; // a new store in memory: nothing to take over
        } else if (founder) { // what a restart found; a standby's maps are the active one's until it takes over
            adopt();
        }
        housekeeping.everySecond(() -> {
            deleteEndedSpecs();
            forgetDue();
        });
    }

    /** Starts a member that founds its own store, in memory, keeping ended jobs in a quarter of the heap. */
    public static HazelcastStateStore start(String host, int port, String clusterName, Duration retention) {
        return start(host, port, clusterName, retention, Runtime.getRuntime().maxMemory() / 4);
    }

    /** Starts a member that founds its own store, in memory; see the other {@code start}. */
    public static HazelcastStateStore start(String host, int port, String clusterName, Duration retention,
                                            long retentionBytes) {
        return start(host, port, clusterName, null, null, retention, retentionBytes);
    }

    /**
     * Starts an embedded member listening on {@code host} at {@code port}. With a {@code peer} (the
     * active coordinator's store, for a standby) it joins that member's cluster and holds a backup
     * of every entry, so the data outlives the active coordinator.
     *
     * @param clusterName the same for the coordinators of one cluster, different for any other
     * @param directory   where to keep the store on disk, so that a coordinator restarted on it
     *                    resumes its jobs; {@code null} keeps it in memory only
     * @param retention   how long an ended job is kept
     * @param retentionBytes how many bytes of heap the kept ended jobs may take (see {@link Retention})
     */
    public static HazelcastStateStore start(String host, int port, String clusterName, HostAndPort peer,
                                            Path directory, Duration retention, long retentionBytes) {
        return start(host, port, clusterName, peer, directory, new Retention(retention, retentionBytes),
                WRITE_WINDOW);
    }

    /** As the public {@code start}, with writes grouped over {@code writeWindow}. */
    static HazelcastStateStore start(String host, int port, String clusterName, HostAndPort peer, Path directory,
                                     Retention retention, Duration writeWindow) {
        Config config = StoreConfig.of(host, port, clusterName, peer, directory);
        return new HazelcastStateStore(Hazelcast.newHazelcastInstance(config), retention, directory != null,
                peer == null, writeWindow);
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
                batch.put(jobId, codec.encodeSpec(spec));
            }
        }
        if (!batch.isEmpty()) {
            write("specs of " + batch.size() + " jobs", () -> setGroup(jobs, batch));
        }
    }

    @Override
    public void saveOutcomes(String jobId, List<GatewayMessage.SubtaskResults> results, List<SubtaskFailure> failures) {
        outcomes.save(jobId, results, failures);
    }

    /**
     * Tells {@code recorder}, for each batch of outcomes written, how many nanoseconds passed
     * between the first of them reaching the store and the batch being in it: how long outcomes
     * take to be durable.
     */
    public void recordDurableLagTo(java.util.function.LongConsumer recorder) {
        outcomes.recordLagTo(recorder);
    }

    @Override
    public StoredOutcomes outcomes(String jobId) {
        return outcomes.read(jobId);
    }

    @Override
    public void saveJobEnd(ClusterStatus.JobInfo ended) {
        boolean specWritten = specsToWrite.remove(ended.id()) == null; // else it never will be: one write, not three
        endsToWrite.add(new Ending(ended, specWritten));
        writer.execute(this::writeEnds); // after the job's own writes, which the writer did earlier
    }

    /** An end record handed to the writer, and whether its job's spec was written (and so must go). */
    private record Ending(ClusterStatus.JobInfo info, boolean specWritten) {
    }

    /**
     * Writes every end record handed over so far, in one go (the first of a group takes the others
     * along, and the later ones find nothing left: one write per ended job took ~15% of the
     * coordinator's CPU in a stream of one-subtask jobs), and hands the jobs to the retention.
     * In memory, a job's spec goes at once; on disk it goes with the rest of the job, since the maps
     * reach the disk each in its own time, and a restart between the two writes would find neither.
     */
    private void writeEnds() {
        List<Ending> ended = new ArrayList<>();
        Map<String, byte[]> records = new HashMap<>();
        for (Ending ending = endsToWrite.poll(); ending != null; ending = endsToWrite.poll()) {
            ended.add(ending);
            records.put(ending.info().id(), codec.encodeEnd(ending.info()));
        }
        if (ended.isEmpty()) {
            return;
        }
        write("end records of " + records.size() + " jobs", () -> setGroup(endedJobs, records));
        long now = System.nanoTime();
        for (Ending ending : ended) {
            String jobId = ending.info().id();
            if (ending.specWritten() && !onDisk) {
                endedSpecs.add(jobId);
            }
            outcomes.ended(jobId);
            long bytes = Retention.entryBytes(jobId, records.get(jobId).length);
            retention.add(jobId, bytes, ending.specWritten() && onDisk, now);
        }
        if (retention.overBound() && forgetting.compareAndSet(false, true)) {
            housekeeping.execute(this::forgetDue);
        }
    }

    /**
     * Forgets the jobs whose time is over, and the oldest while the kept ones take more than the
     * bound: each one's end record, outcome batches and (on disk) spec. On the housekeeping thread,
     * once a second and whenever the writer finds the bound passed.
     */
    private void forgetDue() {
        forgetting.set(false);
        long now = System.nanoTime();
        for (Retention.Forgotten job = retention.poll(now); job != null; job = retention.poll(now)) {
            forget(job.jobId(), job.specWritten());
        }
    }

    private void forget(String jobId, boolean specWritten) {
        write("deletion of job " + jobId, () -> {
            endedJobs.delete(jobId); // first: a reader between the two finds no job, not a job without outcomes
            outcomes.forget(jobId);
            if (specWritten) {
                jobs.delete(jobId);
            }
        });
    }

    @Override
    public void dropOutcomes(String jobId) {
        outcomes.drop(jobId);
    }

    /**
     * Deletes the specs of the jobs that ended since the last time, in one call: a spec is only
     * there to resume an unfinished job. (Each spec's own delete was one more invocation per job;
     * under a stream of jobs that queue for more than the write window, specs are written.)
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

    @Override
    public ClusterStatus.JobInfo endedJob(String jobId) {
        byte[] bytes = endedJobs.get(jobId);
        return bytes == null ? null : codec.decodeEnd(jobId, bytes);
    }

    @Override
    public List<ClusterStatus.JobInfo> endedJobs(int limit) {
        adopt();
        List<ClusterStatus.JobInfo> ended = new ArrayList<>();
        endedJobs.forEach((jobId, bytes) -> ended.add(codec.decodeEnd(jobId, bytes)));
        ended.sort(Comparator.comparingLong(ClusterStatus.JobInfo::submittedAtMillis).reversed());
        return ended.size() > limit ? new ArrayList<>(ended.subList(0, limit)) : ended;
    }

    @Override
    public List<JobSpec> unfinishedJobs() {
        adopt();
        Set<String> ended = endedJobs.keySet();
        List<JobSpec> unfinished = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : jobs.entrySet()) {
            if (!ended.contains(entry.getKey())) {
                unfinished.add(codec.decodeSpec(entry.getValue()));
            }
        }
        return unfinished;
    }

    /**
     * Takes over the jobs in the maps, once: on a restart on disk, at the start; on a standby, when
     * it takes over. The ended ones are kept one retention time from now (when they ended is not
     * stored), the oldest submitted first in line; the unfinished ones' outcome batches are known.
     */
    private synchronized void adopt() { // a caller on another thread waits until the jobs are taken over
        if (adopted) {
            return;
        }
        adopted = true;
        List<ClusterStatus.JobInfo> ended = new ArrayList<>();
        Map<String, Integer> sizes = new HashMap<>();
        endedJobs.forEach((jobId, bytes) -> {
            ended.add(codec.decodeEnd(jobId, bytes));
            sizes.put(jobId, bytes.length);
        });
        ended.sort(Comparator.comparingLong(ClusterStatus.JobInfo::submittedAtMillis));
        Set<String> unfinished = new HashSet<>();
        for (String jobId : jobs.keySet()) {
            if (!sizes.containsKey(jobId)) {
                unfinished.add(jobId);
            } else if (!onDisk) {
                endedSpecs.add(jobId); // the coordinator before us ended it, and had no time to delete it
            }
        }
        long now = System.nanoTime();
        for (ClusterStatus.JobInfo job : ended) {
            retention.add(job.id(), Retention.entryBytes(job.id(), sizes.get(job.id())), onDisk, now);
        }
        outcomes.inherit(unfinished, sizes.keySet());
        housekeeping.execute(this::forgetDue);
    }

    /** How many coordinators hold the store (with a standby: two). */
    public int members() {
        return hazelcast.getCluster().getMembers().size();
    }

    @Override
    public String describeRetention() {
        return retention.describe(System.nanoTime());
    }

    /** The job as it was accepted, or {@code null} once forgotten. */
    JobSpec job(String jobId) {
        byte[] bytes = jobs.get(jobId);
        return bytes == null ? null : codec.decodeSpec(bytes);
    }

    /** The ended jobs kept (for tests). */
    Retention retention() {
        return retention;
    }

    /** Runs the writes handed over so far, and the housekeeping they handed on, now (for tests). */
    void flushWrites() throws Exception {
        writer.flush();
        housekeeping.flush();
    }

    /** How many writes (put, set, remove and other changes) this member has made to one of its maps (for tests). */
    long writesTo(String map) {
        com.hazelcast.map.LocalMapStats stats = hazelcast.getMap(map).getLocalMapStats();
        return stats.getPutOperationCount() + stats.getSetOperationCount() + stats.getRemoveOperationCount()
                + stats.getOtherOperationCount();
    }

    @Override
    public void close() {
        // the writes handed over finish, rather than fail, and hand on their housekeeping, so
        // housekeeping stops after them
        writer.close();
        housekeeping.close();
        hazelcast.shutdown();
    }

    /**
     * Writes a group of entries: a few one at a time, many with one {@code setAll}, which for a few
     * costs more than it saves (it computes every member's partitions, offloads the writes, and
     * completes through Hazelcast's default async executor); see {@code benchmarks/README.md}.
     */
    private static void setGroup(IMap<String, byte[]> map, Map<String, byte[]> entries) {
        if (entries.size() < SET_ALL_FROM) {
            entries.forEach(map::set);
        } else {
            map.setAll(entries);
        }
    }

    /** One write on the writer's or the housekeeping's thread; a failure is logged (the job runs on). */
    static void write(String what, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            log.warn("The state store could not write the {}: {}", what, e.toString());
        }
    }
}
