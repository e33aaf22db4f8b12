package io.taskgrid.internal.protocol;

import java.util.Arrays;

/**
 * Many encoded objects in one byte array: item {@code i} is {@code blob[offsets[i]..offsets[i+1])}.
 * One array and one int per item, instead of one object per item: subtask payloads and results
 * travel this way, so a batch of a thousand results is two arrays wherever it goes (the worker's
 * report, the coordinator, the state store, the client's frame), not a thousand.
 */
public record EncodedItems(byte[] blob, int[] offsets) {

    /** No items. */
    public static final EncodedItems EMPTY = new EncodedItems(new byte[0], new int[] {0});

    public EncodedItems {
        if (offsets.length == 0 || offsets[0] != 0 || offsets[offsets.length - 1] != blob.length) {
            throw new IllegalArgumentException("offsets must start at 0 and end at the blob's length "
                    + blob.length + ", got " + offsets.length + " offsets");
        }
    }

    /** How many items there are. */
    public int count() {
        return offsets.length - 1;
    }

    /** A copy of item {@code index}'s bytes. */
    public byte[] item(int index) {
        return Arrays.copyOfRange(blob, offsets[index], offsets[index + 1]);
    }

    /** The size of item {@code index} in bytes. */
    public int itemSize(int index) {
        return offsets[index + 1] - offsets[index];
    }

    /** The items at {@code positions[0..count)}, in that order. */
    public EncodedItems select(int[] positions, int count) {
        Builder kept = new Builder(count);
        for (int i = 0; i < count; i++) {
            kept.add(blob, offsets[positions[i]], itemSize(positions[i]));
        }
        return kept.build();
    }

    /** Gathers items one after another into one blob. Not thread-safe. */
    public static final class Builder {
        private byte[] blob;
        private int[] offsets;
        private int count;

        public Builder(int expectedItems) {
            this.offsets = new int[Math.max(1, expectedItems) + 1];
            this.blob = new byte[Math.max(16, 16 * expectedItems)];
        }

        /** Appends one item. */
        public Builder add(byte[] item) {
            return add(item, 0, item.length);
        }

        /** Appends {@code item[from..from+length)} as one item. */
        public Builder add(byte[] item, int from, int length) {
            int end = offsets[count];
            if (end + length > blob.length) {
                blob = Arrays.copyOf(blob, Math.max(end + length, blob.length * 2));
            }
            System.arraycopy(item, from, blob, end, length);
            if (count + 2 > offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            offsets[++count] = end + length;
            return this;
        }

        /** The items added; it may hand over its own arrays, so add nothing after it. */
        public EncodedItems build() {
            int end = offsets[count];
            return new EncodedItems(end == blob.length ? blob : Arrays.copyOf(blob, end),
                    count + 1 == offsets.length ? offsets : Arrays.copyOf(offsets, count + 1));
        }
    }
}
