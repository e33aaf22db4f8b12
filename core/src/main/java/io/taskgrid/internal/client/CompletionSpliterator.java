package io.taskgrid.internal.client;

import io.taskgrid.SubtaskResult;
import io.taskgrid.TaskgridException;

import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Walks a job's outcomes in arrival order, blocking until the next one arrives or the job ends. */
final class CompletionSpliterator<R> extends Spliterators.AbstractSpliterator<SubtaskResult<R>> {

    private final ClientJobHandle<R> handle;
    private int position;

    CompletionSpliterator(ClientJobHandle<R> handle) {
        super(handle.subtaskCount(), Spliterator.ORDERED | Spliterator.NONNULL);
        this.handle = handle;
    }

    Stream<SubtaskResult<R>> stream() {
        return StreamSupport.stream(this, false);
    }

    @Override
    public boolean tryAdvance(Consumer<? super SubtaskResult<R>> action) {
        SubtaskResult<R> next;
        try {
            next = handle.awaitOutcome(position);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskgridException("interrupted while waiting for the results of job " + handle.id(), e);
        }
        if (next == null) {
            return false;
        }
        position++;
        action.accept(next);
        return true;
    }
}
