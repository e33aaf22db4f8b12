package io.taskgrid.internal.client;

import io.taskgrid.JobFailedException;
import io.taskgrid.JobHandle;
import io.taskgrid.JobState;
import io.taskgrid.Progress;
import io.taskgrid.RemoteTaskException;
import io.taskgrid.SubtaskResult;
import io.taskgrid.TaskgridException;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.RemoteFailure;
import io.taskgrid.internal.protocol.SubtaskFailure;
import io.taskgrid.internal.serialization.PayloadCodec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;

/**
 * The client's view of one job. It keeps every outcome as it arrives: values by subtask index,
 * and the order of arrival for {@link #asCompleted()} and {@link #reduce}.
 *
 * <p>Concurrency: outcomes are applied by the client's single delivery thread; users read from
 * any thread. Every field below is guarded by {@code this}; futures are completed outside the
 * lock, on the delivery thread.
 */
final class ClientJobHandle<R> implements JobHandle<R> {

    private final GatewayClient client;
    private final String id;
    private final String name;
    private final int total;

    private final Object[] values;
    private final String[] workerIds;
    private final Map<Integer, RemoteTaskException> failures = new TreeMap<>();
    private final int[] arrivals;
    private int arrived;
    private int running;
    private double partial;
    private JobState state = JobState.RUNNING;
    private TaskgridException localFailure;
    private final List<Reduction<R>> reductions = new ArrayList<>();

    private final CompletableFuture<List<R>> results = new CompletableFuture<>();
    private final CompletableFuture<JobState> completion = new CompletableFuture<>();
    private final Map<Integer, CompletableFuture<R>> resultByIndex = new ConcurrentHashMap<>();

    ClientJobHandle(GatewayClient client, String id, String name, int total) {
        this.client = client;
        this.id = id;
        this.name = name;
        this.total = total;
        this.values = new Object[total];
        this.workerIds = new String[total];
        this.arrivals = new int[total];
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int subtaskCount() {
        return total;
    }

    @Override
    public CompletableFuture<List<R>> results() {
        return results;
    }

    @Override
    public CompletableFuture<R> result(int index) {
        if (index < 0 || index >= total) {
            throw new IndexOutOfBoundsException("job " + id + " has subtasks 0.." + (total - 1) + ", not " + index);
        }
        CompletableFuture<R> future = resultByIndex.computeIfAbsent(index, i -> new CompletableFuture<>());
        synchronized (this) {
            completeIndexIfKnown(index, future);
        }
        return future;
    }

    @Override
    public Stream<SubtaskResult<R>> asCompleted() {
        return new CompletionSpliterator<>(this).stream();
    }

    @Override
    public CompletableFuture<R> reduce(BinaryOperator<R> operator) {
        Reduction<R> reduction = new Reduction<>(operator);
        synchronized (this) {
            for (int i = 0; i < arrived; i++) {
                int index = arrivals[i];
                if (!failures.containsKey(index)) {
                    reduction.add(value(index));
                }
            }
            reductions.add(reduction);
        }
        return results.thenApply(all -> reduction.result());
    }

    @Override
    public synchronized Progress progress() {
        int failed = failures.size();
        return new Progress(total, arrived - failed, failed, running, partial);
    }

    @Override
    public synchronized JobState state() {
        return state;
    }

    @Override
    public CompletableFuture<JobState> completion() {
        return completion;
    }

    @Override
    public boolean cancel() {
        synchronized (this) {
            if (state.isTerminal() || localFailure != null) {
                return false;
            }
        }
        try {
            client.requestCancel(id);
            return true;
        } catch (TaskgridException cannotReachTheCoordinator) {
            return false;
        }
    }

    // ---- applied by the delivery thread ----

    /** How many subtasks have their outcome here. */
    synchronized int outcomeCount() {
        return arrived;
    }

    /**
     * Decodes each result; one that cannot be decoded here becomes that subtask's failure. A result
     * replayed after a reconnect or an attach is decoded too, and dropped: the first outcome stands.
     */
    void onEncodedResults(GatewayMessage.SubtaskResults results, PayloadCodec payloads) {
        int[] indices = results.indices();
        Object[] decoded = new Object[indices.length];
        boolean[] failed = new boolean[indices.length];
        List<SubtaskFailure> undecodable = new ArrayList<>(0);
        payloads.decodeEach(results.values(), (position, value, error) -> {
            if (error == null) {
                decoded[position] = value;
                return;
            }
            failed[position] = true;
            int index = indices[position];
            undecodable.add(new SubtaskFailure(index, 1, results.workerId(), RemoteFailure.of(
                    "io.taskgrid.UndecodableResult", "the result of subtask " + index + " arrived but this "
                            + "client cannot decode it (" + error + "): put the result's classes on the client's classpath")));
        });
        if (undecodable.isEmpty()) {
            onResults(results.workerId(), indices, decoded);
            return;
        }
        int[] goodIndices = new int[indices.length];
        Object[] goodValues = new Object[indices.length];
        int good = 0;
        for (int i = 0; i < indices.length; i++) {
            if (!failed[i]) {
                goodIndices[good] = indices[i];
                goodValues[good++] = decoded[i];
            }
        }
        onResults(results.workerId(), Arrays.copyOf(goodIndices, good), Arrays.copyOf(goodValues, good));
        onFailures(undecodable);
    }

    void onResults(String workerId, int[] indices, Object[] decoded) {
        synchronized (this) {
            for (int i = 0; i < indices.length; i++) {
                int index = indices[i];
                if (workerIds[index] != null) {
                    continue; // the first outcome stands
                }
                values[index] = decoded[i];
                workerIds[index] = workerId;
                arrivals[arrived++] = index;
                for (Reduction<R> reduction : reductions) {
                    reduction.add(value(index));
                }
            }
            notifyAll();
        }
        if (!resultByIndex.isEmpty()) {
            for (int index : indices) {
                CompletableFuture<R> future = resultByIndex.get(index);
                if (future != null) {
                    future.complete(value(index));
                }
            }
        }
    }

    void onFailures(List<SubtaskFailure> failed) {
        List<RemoteTaskException> errors = new ArrayList<>(failed.size());
        synchronized (this) {
            for (SubtaskFailure failure : failed) {
                if (workerIds[failure.index()] != null) {
                    continue; // replayed: the first outcome stands
                }
                RemoteTaskException error = toException(failure);
                failures.put(failure.index(), error);
                workerIds[failure.index()] = failure.workerId();
                arrivals[arrived++] = failure.index();
                errors.add(error);
            }
            notifyAll();
        }
        for (RemoteTaskException error : errors) {
            CompletableFuture<R> future = resultByIndex.get(error.subtaskIndex());
            if (future != null) {
                future.completeExceptionally(error);
            }
        }
    }

    synchronized void onProgress(int runningNow, double partialNow) {
        running = runningNow;
        partial = partialNow;
    }

    void onFinished(JobState reportedState, String reason) {
        JobState finalState;
        synchronized (this) {
            if (state.isTerminal()) {
                return;
            }
            // a result that arrived but could not be decoded here is a failure the coordinator did not see
            finalState = reportedState == JobState.SUCCEEDED && !failures.isEmpty() ? JobState.FAILED : reportedState;
            state = finalState;
            running = 0;
            partial = 0;
            notifyAll();
        }
        if (finalState == JobState.SUCCEEDED) {
            @SuppressWarnings("unchecked")
            List<R> all = (List<R>) Collections.unmodifiableList(Arrays.asList(values));
            results.complete(all);
        } else if (finalState == JobState.FAILED) {
            List<RemoteTaskException> all;
            synchronized (this) {
                all = new ArrayList<>(failures.values());
            }
            results.completeExceptionally(new JobFailedException(id, total, all, reason));
        } else {
            results.completeExceptionally(cancelled(reason));
        }
        resultByIndex.forEach(this::completeIndexIfKnown);
        completion.complete(finalState);
    }

    /** The job could not be followed any more: refused, or the connection was lost or closed. */
    void failLocally(TaskgridException error) {
        synchronized (this) {
            if (state.isTerminal() || localFailure != null) {
                return;
            }
            localFailure = error;
            notifyAll();
        }
        results.completeExceptionally(error);
        resultByIndex.values().forEach(f -> f.completeExceptionally(error));
        completion.completeExceptionally(error);
    }

    // ---- helpers, called with the lock held ----

    @SuppressWarnings("unchecked")
    private R value(int index) {
        return (R) values[index];
    }

    private void completeIndexIfKnown(int index, CompletableFuture<R> future) {
        RemoteTaskException failure = failures.get(index);
        if (failure != null) {
            future.completeExceptionally(failure);
        } else if (workerIds[index] != null) {
            future.complete(value(index));
        } else if (state == JobState.CANCELLED) {
            future.completeExceptionally(cancelled(null));
        } else if (state.isTerminal()) {
            future.completeExceptionally(new TaskgridException("job " + id + " ended as " + state
                    + " without a result for subtask " + index));
        } else if (localFailure != null) {
            future.completeExceptionally(localFailure);
        }
    }

    private CancellationException cancelled(String reason) {
        return new CancellationException("job " + id + " was cancelled" + (reason == null ? "" : ": " + reason));
    }

    private RemoteTaskException toException(SubtaskFailure failure) {
        return new RemoteTaskException(id, failure.index(), failure.attempts(), failure.workerId(),
                failure.failure().className(), failure.failure().message(), failure.failure().stackTrace());
    }

    /**
     * The outcome at arrival position {@code position}, waiting for it; {@code null} when the job
     * ended with fewer outcomes.
     */
    synchronized SubtaskResult<R> awaitOutcome(int position) throws InterruptedException {
        while (position >= arrived && !state.isTerminal() && localFailure == null) {
            wait();
        }
        if (position < arrived) {
            int index = arrivals[position];
            return new SubtaskResult<>(index, workerIds[index], value(index), failures.get(index));
        }
        if (localFailure != null) {
            throw localFailure;
        }
        return null;
    }

    /** A running fold of results, in arrival order; an operator that throws fails the fold, not the handle. */
    private static final class Reduction<R> {
        private final BinaryOperator<R> operator;
        private boolean empty = true;
        private R accumulated;
        private RuntimeException error;

        Reduction(BinaryOperator<R> operator) {
            this.operator = operator;
        }

        void add(R value) {
            if (error != null) {
                return;
            }
            try {
                accumulated = empty ? value : operator.apply(accumulated, value);
                empty = false;
            } catch (RuntimeException e) {
                error = e;
            }
        }

        R result() {
            if (error != null) {
                throw error;
            }
            return accumulated;
        }
    }
}
