package io.taskgrid.coordinator.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Which ended jobs the state store keeps: each for the retention time after it ended, and all of
 * them together in at most a number of bytes of heap; past that, the oldest go first. The store
 * tells it of each ended job and of the outcomes it keeps for ended jobs; {@link #poll} names the
 * next job to forget, and the store deletes what it holds of it.
 *
 * <p>The jobs wait in the order they ended, packed: an id and a size in about 20 bytes, next to the
 * ~180 that a small job's end record takes in Hazelcast (a queue of strings would add some 70, a
 * time-to-live per entry takes 65). They wait in chunks of up to a second, which expire together,
 * so a job is forgotten up to a second after its time. Thread-safe.
 */
final class Retention {

    /**
     * What one map entry takes on the heap besides its key and value: Hazelcast's record, its hash
     * entry and the key's serialized form (130-150 bytes measured, Java 17, compressed pointers).
     */
    static final int ENTRY_BYTES = 160;

    /** How long a chunk takes jobs, from its first. */
    private static final long CHUNK_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int CHUNK_BYTES = 64 * 1024;

    /** The next job to forget; {@code specWritten} as {@link #add} was told. */
    record Forgotten(String jobId, boolean specWritten) {
    }

    /**
     * Jobs that ended within a second, packed: per job the varint {@code bytes << 1 | specWritten},
     * the varint length of its id, the id.
     */
    private static final class Chunk {
        final long firstNanos;
        long lastNanos;
        byte[] data = new byte[64];
        int end;
        int read;

        Chunk(long firstNanos) {
            this.firstNanos = firstNanos;
            this.lastNanos = firstNanos;
        }
    }

    private final Duration time;
    private final long timeNanos;
    private final long maxBytes;
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private long bytes;
    private long jobs;
    private long droppedForBytes;

    Retention(Duration time, long maxBytes) {
        if (time.isNegative() || time.isZero() || maxBytes <= 0) {
            throw new IllegalArgumentException("a retention of " + time + " and " + maxBytes
                    + " bytes: both must be positive");
        }
        this.time = time;
        this.timeNanos = time.toNanos();
        this.maxBytes = maxBytes;
    }

    /** The heap a store entry takes: {@link #ENTRY_BYTES}, its key twice (the map's, the store's), its value. */
    static long entryBytes(String key, int valueLength) {
        return ENTRY_BYTES + 2L * key.length() + valueLength;
    }

    /** A job ended at {@code nowNanos}, and its end record takes {@code recordBytes}. */
    synchronized void add(String jobId, long recordBytes, boolean specWritten, long nowNanos) {
        Chunk last = chunks.peekLast();
        if (last == null || nowNanos - last.firstNanos >= CHUNK_NANOS || last.end >= CHUNK_BYTES) {
            if (last != null) {
                last.data = Arrays.copyOf(last.data, last.end); // closed: no room left over
            }
            last = new Chunk(nowNanos);
            chunks.add(last);
        }
        byte[] id = jobId.getBytes(StandardCharsets.UTF_8);
        if (last.data.length < last.end + id.length + 15) {
            last.data = Arrays.copyOf(last.data, Math.max(2 * last.data.length, last.end + id.length + 15));
        }
        last.end = writeVarint(last.data, last.end, recordBytes << 1 | (specWritten ? 1 : 0));
        last.end = writeVarint(last.data, last.end, id.length);
        System.arraycopy(id, 0, last.data, last.end, id.length);
        last.end += id.length;
        last.lastNanos = nowNanos;
        bytes += recordBytes;
        jobs++;
    }

    /** Outcomes of ended jobs take {@code delta} bytes more (less, when negative): collected, dropped, counted. */
    synchronized void outcomesChanged(long delta) {
        bytes += delta;
    }

    /**
     * Takes the next job to forget: the oldest, once its time is over or while the jobs take more
     * than the bound; {@code null} when there is none. Its end record leaves the count; its
     * outcomes leave it when the store drops them ({@link #outcomesChanged}), before the next poll.
     */
    synchronized Forgotten poll(long nowNanos) {
        Chunk head = chunks.peekFirst();
        if (head == null) {
            return null;
        }
        boolean expired = nowNanos - head.lastNanos >= timeNanos;
        if (!expired && bytes <= maxBytes) {
            return null;
        }
        if (!expired) {
            droppedForBytes++;
        }
        long[] value = new long[1];
        head.read = readVarint(head.data, head.read, value);
        long recordBytes = value[0] >>> 1;
        boolean specWritten = (value[0] & 1) != 0;
        head.read = readVarint(head.data, head.read, value);
        String jobId = new String(head.data, head.read, (int) value[0], StandardCharsets.UTF_8);
        head.read += (int) value[0];
        if (head.read == head.end) {
            chunks.removeFirst();
        }
        bytes -= recordBytes;
        jobs--;
        return new Forgotten(jobId, specWritten);
    }

    /** Whether the kept jobs take more than the bound, so that {@link #poll} has one to forget now. */
    synchronized boolean overBound() {
        return bytes > maxBytes;
    }

    /** How many ended jobs are kept. */
    synchronized long jobs() {
        return jobs;
    }

    /** How many bytes the kept ended jobs take, by the store's estimate. */
    synchronized long bytes() {
        return bytes;
    }

    /**
     * What is kept, for a message about a job that is not: the limits, and the oldest end kept
     * (when jobs were dropped to stay under the bound, so that one can tell it from the time).
     */
    synchronized String describe(long nowNanos) {
        String limits = "the coordinator keeps ended jobs for " + text(time) + " and in at most " + size(maxBytes)
                + " of memory, the oldest going first";
        Chunk head = chunks.peekFirst();
        if (droppedForBytes == 0 || head == null) {
            return limits;
        }
        Instant oldest = Instant.now().minusNanos(nowNanos - head.firstNanos).truncatedTo(ChronoUnit.SECONDS);
        return limits + "; it dropped " + droppedForBytes + " to stay under that, and keeps those that ended since "
                + oldest;
    }

    /** A duration as people write it: {@code 1h}, {@code 90s}, {@code 1h30m}. */
    static String text(Duration duration) {
        String text = duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT); // PT1H30M -> 1h30m
        return text.endsWith("m0s") ? text.substring(0, text.length() - 2) : text;
    }

    /** Bytes as MiB, or KiB below one MiB. */
    static String size(long bytes) {
        return bytes >= 1 << 20 ? (bytes + (1 << 19)) / (1 << 20) + " MiB" : (bytes + 512) / 1024 + " KiB";
    }

    private static int writeVarint(byte[] data, int at, long value) {
        while ((value & ~0x7FL) != 0) {
            data[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        data[at++] = (byte) value;
        return at;
    }

    private static int readVarint(byte[] data, int at, long[] value) {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = data[at++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                value[0] = result;
                return at;
            }
        }
    }
}
