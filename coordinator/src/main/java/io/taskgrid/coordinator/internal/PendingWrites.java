package io.taskgrid.coordinator.internal;

import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.SubtaskFailure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's outcomes not yet written to the {@link StateStore}: gathered here so that the store
 * sees one batch per worker per flush instead of one write per report.
 */
final class PendingWrites {

    /** Flush once this much is buffered, whatever the timer says. */
    static final long FLUSH_BYTES = 256 * 1024;

    private final Map<String, Column> resultsByWorker = new LinkedHashMap<>();
    private final List<SubtaskFailure> failures = new ArrayList<>();
    private long bytes;

    void addResults(String workerId, int[] indices, byte[][] values) {
        Column column = resultsByWorker.computeIfAbsent(workerId, id -> new Column());
        for (int i = 0; i < indices.length; i++) {
            column.add(indices[i], values[i]);
            bytes += 8 + (values[i] == null ? 0 : values[i].length);
        }
    }

    void addFailures(List<SubtaskFailure> failed) {
        failures.addAll(failed);
        for (SubtaskFailure failure : failed) {
            bytes += 64 + failure.failure().size();
        }
    }

    boolean isFull() {
        return bytes >= FLUSH_BYTES;
    }

    boolean isEmpty() {
        return resultsByWorker.isEmpty() && failures.isEmpty();
    }

    /** Hands everything buffered to the store (which writes asynchronously) and empties the buffer. */
    void flushTo(StateStore store, String jobId) {
        if (isEmpty()) {
            return;
        }
        boolean failuresWritten = false;
        for (Map.Entry<String, Column> entry : resultsByWorker.entrySet()) {
            Column column = entry.getValue();
            store.saveOutcomes(jobId, new GatewayMessage.SubtaskResults(jobId, entry.getKey(), column.indices(),
                    column.values()), failuresWritten ? List.of() : List.copyOf(failures));
            failuresWritten = true;
        }
        if (!failuresWritten) {
            store.saveOutcomes(jobId, null, List.copyOf(failures));
        }
        resultsByWorker.clear();
        failures.clear();
        bytes = 0;
    }

    /** One worker's results: indices and values side by side. */
    private static final class Column {
        private int[] indices = new int[16];
        private final List<byte[]> values = new ArrayList<>();

        void add(int index, byte[] value) {
            if (values.size() == indices.length) {
                indices = Arrays.copyOf(indices, indices.length * 2);
            }
            indices[values.size()] = index;
            values.add(value);
        }

        int[] indices() {
            return Arrays.copyOf(indices, values.size());
        }

        byte[][] values() {
            return values.toArray(new byte[0][]);
        }
    }
}
