package io.taskgrid.internal.protocol;

import io.taskgrid.Range;

/**
 * The subtasks of a job in encoded form, from which the coordinator hands out subtasks lazily:
 * subtask {@code i} is a slice of a byte array, or for ranges just its index. The one encoding of
 * a job's shape: the client's {@code JobEncoder} writes it, and workers receive it, without the
 * items ({@link #withoutItems()}), as the code they run each subtask with.
 */
public sealed interface SubtaskSource {

    /** How many subtasks there are. */
    int count();

    /** Whether the subtasks are {@code AsyncTask}s (or an {@code AsyncFunction}'s calls), run on the event loop. */
    boolean async();

    /** The encoded function the subtasks apply; empty when they are tasks of their own. */
    byte[] function();

    /**
     * This source without its per-subtask items: what a worker keeps of a job (the shape, the
     * function, the range), since each subtask's own item travels with the subtask.
     */
    SubtaskSource withoutItems();

    /** One encoded {@code Task} (or {@code AsyncTask}, when {@code async}) per subtask. */
    record TaskListSource(EncodedItems tasks, boolean async) implements SubtaskSource {
        @Override
        public int count() {
            return tasks.count();
        }

        @Override
        public byte[] function() {
            return new byte[0];
        }

        @Override
        public TaskListSource withoutItems() {
            return tasks.count() == 0 ? this : new TaskListSource(EncodedItems.EMPTY, async);
        }
    }

    /** An encoded function ({@code AsyncFunction} when {@code async}) and one encoded input per subtask. */
    record MapSource(byte[] function, EncodedItems inputs, boolean async) implements SubtaskSource {
        @Override
        public int count() {
            return inputs.count();
        }

        @Override
        public MapSource withoutItems() {
            return inputs.count() == 0 ? this : new MapSource(function, EncodedItems.EMPTY, async);
        }
    }

    /** An encoded function over {@code Range} chunks; subtask {@code i} is chunk {@code i}. */
    record RangeSource(byte[] function, long from, long to, long chunkSize) implements SubtaskSource {
        @Override
        public boolean async() {
            return false;
        }

        @Override
        public RangeSource withoutItems() {
            return this;
        }

        @Override
        public int count() {
            long chunks = chunkCount(from, to, chunkSize);
            return chunks > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) chunks;
        }

        /** The chunk that subtask {@code index} works on. */
        public Range chunk(int index) {
            return chunkOf(from, to, chunkSize, index);
        }

        /** How many chunks of {@code chunkSize} cover {@code [from, to)}, the last one possibly shorter. */
        public static long chunkCount(long from, long to, long chunkSize) {
            long span = to - from;
            return span / chunkSize + (span % chunkSize == 0 ? 0 : 1);
        }

        /** The chunk {@code index} of {@code [from, to)} split into pieces of {@code chunkSize}. */
        public static Range chunkOf(long from, long to, long chunkSize, int index) {
            long start = from + index * chunkSize;
            return new Range(start, to - start <= chunkSize ? to : start + chunkSize);
        }
    }
}
