package io.taskgrid.worker.internal;

import io.taskgrid.cluster.CoordinatorMessage.FailedAttempt;
import io.taskgrid.cluster.CoordinatorMessage.JobReport;
import io.taskgrid.internal.protocol.EncodedItems;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects what happened to subtasks, grouped by job, into the columns of {@link JobReport}s. */
final class ReportBuilder {

    private final Map<String, Columns> jobs = new LinkedHashMap<>();
    private long bytes;

    void succeeded(String jobId, int index, int attempt, byte[] value, long runNanos) {
        Columns columns = columns(jobId);
        columns.succeededNanos += runNanos;
        columns.succeeded.add(index);
        columns.succeededAttempts.add(attempt);
        columns.values.add(value);
        bytes += value.length;
    }

    /** About how many bytes of results and failures the report holds. */
    long bytes() {
        return bytes;
    }

    void failed(String jobId, FailedAttempt failure, long runNanos) {
        Columns columns = columns(jobId);
        columns.failed.add(failure);
        columns.failedNanos += runNanos;
        bytes += failure.failure().size();
    }

    void started(String jobId, int index, int attempt) {
        Columns columns = columns(jobId);
        columns.started.add(index);
        columns.startedAttempts.add(attempt);
    }

    void progressed(String jobId, int index, double fraction) {
        Columns columns = columns(jobId);
        columns.progressIndices.add(index);
        columns.progressFractions.add(fraction);
    }

    boolean isEmpty() {
        return jobs.isEmpty();
    }

    List<JobReport> build() {
        List<JobReport> reports = new ArrayList<>(jobs.size());
        jobs.forEach((jobId, c) -> reports.add(new JobReport(jobId, c.started.toArray(),
                c.startedAttempts.toArray(), c.succeeded.toArray(), c.succeededAttempts.toArray(),
                c.values.build(), c.failed, c.succeededNanos, c.failedNanos, c.progressIndices.toArray(),
                c.progressFractions.stream().mapToDouble(Double::doubleValue).toArray())));
        return reports;
    }

    private Columns columns(String jobId) {
        return jobs.computeIfAbsent(jobId, id -> new Columns());
    }

    private static final class Columns {
        final IntList started = new IntList(4);
        final IntList startedAttempts = new IntList(4);
        final IntList succeeded = new IntList();
        final IntList succeededAttempts = new IntList();
        final EncodedItems.Builder values = new EncodedItems.Builder(8);
        final List<FailedAttempt> failed = new ArrayList<>(0);
        final IntList progressIndices = new IntList(4);
        final List<Double> progressFractions = new ArrayList<>(0);
        long succeededNanos;
        long failedNanos;
    }
}
