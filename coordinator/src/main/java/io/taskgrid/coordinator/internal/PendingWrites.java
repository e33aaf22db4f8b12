package io.taskgrid.coordinator.internal;

import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.SubtaskFailure;

import java.util.ArrayList;
import java.util.List;

/**
 * A job's outcomes not yet handed to the {@link StateStore}: the very messages sent to the
 * clients, gathered (not copied) so that the store writes one batch per flush instead of one
 * write per report.
 */
final class PendingWrites {

    /** Flush once this much is buffered, whatever the timer says. */
    static final long FLUSH_BYTES = 256 * 1024;

    private List<GatewayMessage.SubtaskResults> results = new ArrayList<>();
    private List<SubtaskFailure> failures = new ArrayList<>();
    private long bytes;
    private boolean flushed;

    void addResults(GatewayMessage.SubtaskResults delivered) {
        results.add(delivered);
        bytes += 16L * delivered.indices().length + delivered.values().blob().length;
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

    /** Whether anything was handed to the store yet. */
    boolean hasFlushed() {
        return flushed;
    }

    /** Hands everything buffered to the store (which writes it asynchronously) and starts afresh. */
    void flushTo(StateStore store, String jobId) {
        if (results.isEmpty() && failures.isEmpty()) {
            return;
        }
        store.saveOutcomes(jobId, results, failures);
        flushed = true;
        results = new ArrayList<>();
        failures = new ArrayList<>();
        bytes = 0;
    }
}
