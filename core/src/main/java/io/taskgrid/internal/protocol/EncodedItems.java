package io.taskgrid.internal.protocol;

import java.util.Arrays;

/**
 * Many encoded objects in one byte array: item {@code i} is {@code blob[offsets[i]..offsets[i+1])}.
 * One array and one int per item, instead of one object per item.
 */
public record EncodedItems(byte[] blob, int[] offsets) {

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
}
