package io.taskgrid.cluster;

import java.util.Arrays;

/** A growable list of ints without boxing, for building message columns. */
public final class IntList {

    private int[] values;
    private int size;

    public IntList() {
        this(16);
    }

    public IntList(int capacity) {
        values = new int[Math.max(1, capacity)];
    }

    public void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    public int get(int position) {
        if (position >= size) {
            throw new IndexOutOfBoundsException(position + " >= " + size);
        }
        return values[position];
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public void clear() {
        size = 0;
    }

    /** A copy of the values, exactly {@link #size()} long. */
    public int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
