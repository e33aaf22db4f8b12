package io.taskgrid.coordinator.scheduling;

import java.util.Arrays;
import java.util.function.IntConsumer;

/** A set of non-negative ints with open addressing: no boxing, no object per element. */
final class IntSet {

    private static final int FREE = -1;
    private static final int REMOVED = -2;

    private int[] slots = newSlots(16);
    private int size;
    private int used;

    boolean add(int value) {
        if ((used + 1) * 2 > slots.length) {
            rehash(size * 4 > slots.length ? slots.length * 2 : slots.length);
        }
        int slot = find(value);
        if (slots[slot] == value) {
            return false;
        }
        if (slots[slot] == FREE) {
            used++;
        }
        slots[slot] = value;
        size++;
        return true;
    }

    boolean remove(int value) {
        int slot = find(value);
        if (slots[slot] != value) {
            return false;
        }
        slots[slot] = REMOVED;
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
        used = 0;
    }

    void forEach(IntConsumer action) {
        for (int value : slots) {
            if (value >= 0) {
                action.accept(value);
            }
        }
    }

    /** The slot holding {@code value}, or the slot where it would go. */
    private int find(int value) {
        int mask = slots.length - 1;
        int slot = mix(value) & mask;
        int firstRemoved = -1;
        while (slots[slot] != FREE) {
            if (slots[slot] == value) {
                return slot;
            }
            if (slots[slot] == REMOVED && firstRemoved < 0) {
                firstRemoved = slot;
            }
            slot = (slot + 1) & mask;
        }
        return firstRemoved >= 0 ? firstRemoved : slot;
    }

    private void rehash(int capacity) {
        int[] old = slots;
        slots = newSlots(capacity);
        size = 0;
        used = 0;
        for (int value : old) {
            if (value >= 0) {
                add(value);
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
