package io.taskgrid;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;

/**
 * A submitted job, seen from the client: its results as they arrive, its progress, and a way to
 * cancel it. Results stream from the cluster as subtasks finish; the handle keeps them, so every
 * view below sees all of them whenever it is called.
 *
 * <p>Futures returned here complete on the client's delivery thread, never on a network thread.
 * A callback that blocks there delays the delivery of later results: attach slow work with the
 * {@code ...Async} methods of {@link CompletableFuture}.
 *
 * @param <R> the type of each subtask's result
 */
public interface JobHandle<R> {

    /** The job's id, unique in the cluster. */
    String id();

    /** The job's name. */
    String name();

    /** How many subtasks the job has. */
    int subtaskCount();

    /**
     * Every result, in subtask order. Completes when the job ends: normally when every subtask
     * succeeded; with a {@link JobFailedException} listing each failure when some failed; with a
     * {@link java.util.concurrent.CancellationException} when the job was cancelled; with a
     * {@link TaskgridException} when the coordinator refused the job or the connection was lost.
     */
    CompletableFuture<List<R>> results();

    /** The result of subtask {@code index}, completing as soon as that subtask has one. */
    CompletableFuture<R> result(int index);

    /**
     * The outcomes in the order they finish, as a stream that blocks while it waits for the
     * next one and ends when the job does. Failed subtasks appear as outcomes whose
     * {@link SubtaskResult#failure()} is set.
     */
    Stream<SubtaskResult<R>> asCompleted();

    /**
     * Combines every result with {@code operator} as results arrive, so that a job such as a word
     * count ends in one value. The operator must be associative and commutative: results are
     * combined in the order they finish. Completes like {@link #results()}.
     */
    CompletableFuture<R> reduce(BinaryOperator<R> operator);

    /** How far the job has come, as known by this client now. */
    Progress progress();

    /** The job's state, as known by this client now. */
    JobState state();

    /** Completes with the job's final state when it ends, whatever that state is. */
    CompletableFuture<JobState> completion();

    /**
     * Asks the coordinator to cancel the job: subtasks not started never start, running ones are
     * interrupted. Returns {@code false} if the job had already ended.
     */
    boolean cancel();
}
