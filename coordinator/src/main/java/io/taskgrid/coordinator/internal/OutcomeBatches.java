package io.taskgrid.coordinator.internal;

import com.hazelcast.core.EntryView;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.SubtaskFailure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Jobs' outcome batches in the state store's {@code outcomes} map, keyed {@code jobId/n}. The
 * outcomes handed over for a job gather in its open batch until the store's writer takes it (one
 * write window after the first, or as soon as the writer's turn comes when it is busy) and writes
 * it as one entry: so a job's outcomes are durable within the window, in as many entries as the
 * writer had turns. Batches are read back together with those still open or being written, deleted once a client has collected them or when their job is forgotten. It knows the
 * keys of each job it wrote or inherited, so that reading or deleting them needs no scan, and how
 * many bytes they take, which count towards the {@link Retention}'s bound once their job ended.
 */
final class OutcomeBatches {

    /** A job's batch keys and the bytes their entries take; {@code ended} once they count for the retention. */
    private static final class JobKeys {
        final Set<String> keys = ConcurrentHashMap.newKeySet();
        long bytes;
        boolean ended;
    }

    private final IMap<String, byte[]> outcomes;
    private final StoreCodec codec;
    private final WriteBehind writer;
    private final Housekeeping housekeeping;
    private final Retention retention;
    /** Batch keys are {@code jobId/n}; n is unique per run, and its time-based start keeps it unique across runs. */
    private final AtomicLong batches = new AtomicLong(System.currentTimeMillis() * 1000);
    /** Each job's batch that gathers outcomes until the writer takes it; guarded by itself. */
    private final Map<String, OpenBatch> open = new HashMap<>();
    /** Batches the writer took and has not put in the map yet, by job and then key; changed under {@link #open}'s lock. */
    private final Map<String, Map<String, StoreCodec.OutcomeBatch>> writing = new ConcurrentHashMap<>();
    /** Told, for each batch written, how long from its first outcome handed over to the batch in the map. */
    private volatile LongConsumer lagNanos = nanos -> {
    };

    /** A batch that gathers a job's outcomes until the writer takes it. */
    private static final class OpenBatch {
        final String key;
        final long firstAtNanos = System.nanoTime();
        final List<GatewayMessage.SubtaskResults> results = new ArrayList<>();
        final List<SubtaskFailure> failures = new ArrayList<>();

        OpenBatch(String key) {
            this.key = key;
        }

        StoreCodec.OutcomeBatch snapshot() {
            return new StoreCodec.OutcomeBatch(List.copyOf(results), List.copyOf(failures));
        }
    }
    /** The keys this store wrote or inherited, by job; changed only through the map's atomic operations. */
    private final Map<String, JobKeys> keysByJob = new ConcurrentHashMap<>();
    /** Jobs whose outcomes were dropped and are being deleted. */
    private final Set<String> dropping = ConcurrentHashMap.newKeySet();
    /** Keys whose write was skipped because their job's outcomes were dropped first; the drop forgets them. */
    private final Set<String> skipped = ConcurrentHashMap.newKeySet();

    OutcomeBatches(IMap<String, byte[]> outcomes, StoreCodec codec, WriteBehind writer, Housekeeping housekeeping,
                   Retention retention) {
        this.outcomes = outcomes;
        this.codec = codec;
        this.writer = writer;
        this.housekeeping = housekeeping;
        this.retention = retention;
    }

    /** See {@link StateStore#saveOutcomes}. */
    void save(String jobId, List<GatewayMessage.SubtaskResults> results, List<SubtaskFailure> failures) {
        if (results.isEmpty() && failures.isEmpty()) {
            return;
        }
        OpenBatch batch;
        synchronized (open) {
            batch = open.get(jobId);
            boolean isNew = batch == null;
            if (isNew) {
                batch = new OpenBatch(jobId + "/" + batches.incrementAndGet());
                open.put(jobId, batch);
            }
            batch.results.addAll(results);
            batch.failures.addAll(failures);
            if (!isNew) {
                return; // its write is queued already
            }
        }
        keysByJob.computeIfAbsent(jobId, job -> new JobKeys()).keys.add(batch.key);
        OpenBatch toWrite = batch;
        writer.execute(() -> write(jobId, toWrite));
    }

    /** On the writer's thread: closes the batch (later outcomes open another) and puts it in the map. */
    private void write(String jobId, OpenBatch batch) {
        String key = batch.key;
        StoreCodec.OutcomeBatch closed;
        synchronized (open) {
            open.remove(jobId, batch);
            closed = batch.snapshot();
            writing.computeIfAbsent(jobId, job -> new ConcurrentHashMap<>()).put(key, closed);
        }
        if (dropping.contains(jobId)) {
            skipped.add(key); // collected by the client before it was written: it never will be
        } else {
            byte[] bytes = codec.encodeBatch(closed);
            HazelcastStateStore.write("outcomes " + key, () -> outcomes.set(key, bytes));
            lagNanos.accept(System.nanoTime() - batch.firstAtNanos);
            keysByJob.computeIfPresent(jobId, (job, known) -> {
                long entry = Retention.entryBytes(key, bytes.length);
                known.bytes += entry;
                if (known.ended) { // a group of end records went first, and took this job's along
                    retention.outcomesChanged(entry);
                }
                return known;
            });
        }
        synchronized (open) {
            writing.computeIfPresent(jobId, (job, pending) -> { // a job's last batch written: it leaves
                pending.remove(key);
                return pending.isEmpty() ? null : pending;
            });
        }
    }

    /** Tells {@code recorder} how long each batch took from its first outcome handed over to being in the map. */
    void recordLagTo(LongConsumer recorder) {
        lagNanos = recorder;
    }

    /** See {@link StateStore#outcomes}. */
    StateStore.StoredOutcomes read(String jobId) {
        if (dropping.contains(jobId)) {
            return new StateStore.StoredOutcomes(List.of(), List.of());
        }
        // Batches open or being written first: one whose write completes after this look is in the
        // map when getAll reads it (the other order could miss a batch between the two looks).
        Map<String, StoreCodec.OutcomeBatch> batchesByKey = new HashMap<>();
        synchronized (open) {
            batchesByKey.putAll(writing.getOrDefault(jobId, Map.of()));
            OpenBatch gathering = open.get(jobId);
            if (gathering != null) {
                batchesByKey.put(gathering.key, gathering.snapshot());
            }
        }
        JobKeys known = keysByJob.get(jobId);
        // a job this store never saw: a scan, which may miss writes of the last moments
        Set<String> keys = known != null ? new HashSet<>(known.keys) : new HashSet<>(outcomes.keySet(keysOf(jobId)));
        keys.removeAll(batchesByKey.keySet());
        outcomes.getAll(keys).forEach((key, bytes) -> batchesByKey.put(key, codec.decodeBatch(bytes)));
        List<GatewayMessage.SubtaskResults> results = new ArrayList<>();
        List<SubtaskFailure> failures = new ArrayList<>();
        for (StoreCodec.OutcomeBatch batch : batchesByKey.values()) {
            results.addAll(batch.results());
            failures.addAll(batch.failures());
        }
        return new StateStore.StoredOutcomes(results, failures);
    }

    /**
     * The job ended (on the writer's thread, with its end record): its batches count towards the
     * retention's bound from now on, those written so far and any written after.
     */
    void ended(String jobId) {
        keysByJob.computeIfPresent(jobId, (job, known) -> {
            known.ended = true;
            retention.outcomesChanged(known.bytes);
            return known;
        });
    }

    /** See {@link StateStore#dropOutcomes}: at once for readers, deleted behind the writes handed over before. */
    void drop(String jobId) {
        JobKeys known = detach(jobId);
        if (known == null) {
            return; // nothing written by this store or inherited into it; the rest goes with the job
        }
        dropping.add(jobId); // from now on the job has no outcomes, though their deletion takes a moment
        writer.execute(() -> { // after the writes and the end record handed over before
            known.keys.removeIf(skipped::remove);
            housekeeping.execute(() -> {
                awaitWrites(jobId);
                known.keys.forEach(outcomes::delete);
                dropping.remove(jobId);
            });
        });
    }

    /** Deletes an ended job's batches now (on the housekeeping thread): its time is over, or its bytes are needed. */
    void forget(String jobId) {
        JobKeys known = detach(jobId);
        if (known != null) {
            awaitWrites(jobId); // a batch written after its job's end record, then deleted, not left behind
            known.keys.forEach(outcomes::delete);
        }
    }

    private JobKeys detach(String jobId) {
        JobKeys known = keysByJob.remove(jobId);
        if (known != null && known.ended) {
            retention.outcomesChanged(-known.bytes);
        }
        return known;
    }

    /**
     * Takes over the batches a coordinator before this one wrote, on takeover or restart: the
     * unfinished jobs' (one scan each, as they resume) and the ended jobs' (one scan of all keys),
     * which count towards the retention at once.
     */
    void inherit(Set<String> unfinished, Set<String> ended) {
        for (String jobId : unfinished) {
            outcomes.keySet(keysOf(jobId)).forEach(key -> adopt(jobId, key, false));
        }
        for (String key : outcomes.keySet()) {
            String jobId = key.substring(0, Math.max(0, key.lastIndexOf('/')));
            if (ended.contains(jobId)) {
                adopt(jobId, key, true);
            }
        }
    }

    private void adopt(String jobId, String key, boolean ended) {
        EntryView<String, byte[]> entry = outcomes.getEntryView(key);
        long bytes = entry == null ? 0 : Retention.entryBytes(key, entry.getValue().length);
        keysByJob.compute(jobId, (job, known) -> {
            JobKeys keys = known != null ? known : new JobKeys();
            if (keys.keys.add(key)) {
                keys.bytes += bytes;
                if (ended) {
                    keys.ended = true;
                    retention.outcomesChanged(bytes);
                }
            }
            return keys;
        });
    }

    private static com.hazelcast.query.Predicate<String, byte[]> keysOf(String jobId) {
        return Predicates.like("__key", jobId + "/%");
    }

    private boolean isBeingWritten(String jobId) {
        synchronized (open) {
            return open.containsKey(jobId) || writing.containsKey(jobId);
        }
    }

    /** Waits (on the housekeeping thread) until the job's batches being written are in the map. */
    private void awaitWrites(String jobId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (isBeingWritten(jobId) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
