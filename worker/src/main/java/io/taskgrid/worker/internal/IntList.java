package io.taskgrid.worker.internal;

import java.util.Arrays;

/** A growable list of ints without boxing, for building the columns of a report. */
final class IntList {

    private int[] values;
    private int size;

    IntList() {
        this(16);
    }

    IntList(int capacity) {
        values = new int[Math.max(1, capacity)];
    }

    void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    /** A copy of the values, exactly as many as were added. */
    int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
