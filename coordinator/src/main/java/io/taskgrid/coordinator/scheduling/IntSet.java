package io.taskgrid.coordinator.scheduling;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * A set of non-negative ints with open addressing: no boxing, no object per element. A removal
 * shifts the entries after it back (no tombstones), so a set that holds a window sliding over a
 * job's indices never needs a rebuild, and a set emptied by removals is as good as a new one of
 * its size.
 */
final class IntSet {

    private static final int FREE = -1;

    private int[] slots = newSlots(16);
    private int size;

    boolean add(int value) {
        if ((size + 1) * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        int slot = find(value);
        if (slots[slot] == value) {
            return false;
        }
        slots[slot] = value;
        size++;
        return true;
    }

    boolean remove(int value) {
        int gap = find(value);
        if (slots[gap] != value) {
            return false;
        }
        int mask = slots.length - 1;
        for (int next = (gap + 1) & mask; slots[next] != FREE; next = (next + 1) & mask) {
            int home = mix(slots[next]) & mask;
            if (((next - home) & mask) >= ((next - gap) & mask)) { // its probe passes the gap: move it there
                slots[gap] = slots[next];
                gap = next;
            }
        }
        slots[gap] = FREE;
        size--;
        return true;
    }

    boolean contains(int value) {
        return slots[find(value)] == value;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        slots = newSlots(16);
        size = 0;
    }

    void forEach(IntConsumer action) {
        for (int value : slots) {
            if (value >= 0) {
                action.accept(value);
            }
        }
    }

    /** The slot holding {@code value}, or the free slot where it would go. */
    private int find(int value) {
        int mask = slots.length - 1;
        int slot = mix(value) & mask;
        while (slots[slot] != FREE && slots[slot] != value) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void rehash(int capacity) {
        int[] old = slots;
        slots = newSlots(capacity);
        for (int value : old) {
            if (value >= 0) {
                slots[find(value)] = value;
            }
        }
    }

    private static int mix(int value) {
        int h = value * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static int[] newSlots(int capacity) {
        int[] slots = new int[capacity];
        Arrays.fill(slots, FREE);
        return slots;
    }
}
