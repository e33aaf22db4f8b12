package io.taskgrid;

import java.io.Serializable;
import java.util.stream.LongStream;

/**
 * A half-open interval of longs, {@code [from, to)}: the chunk of a range job that one subtask
 * works on (see {@link Job#range(long, long, long, TaskFunction)}).
 *
 * @param from the first value, inclusive
 * @param to   the end, exclusive
 */
public record Range(long from, long to) implements Serializable {

    public Range {
        if (to < from) {
            throw new IllegalArgumentException("range end " + to + " is before its start " + from);
        }
    }

    /** How many values the range holds. */
    public long size() {
        return to - from;
    }

    /** The values of the range, in order. */
    public LongStream values() {
        return LongStream.range(from, to);
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
