package io.taskgrid.coordinator.scheduling;

import java.util.Arrays;

/** A FIFO queue of ints in a growable ring, without boxing. */
final class IntQueue {

    private int[] ring = new int[8];
    private int head;
    private int size;

    void add(int value) {
        if (size == ring.length) {
            int[] bigger = new int[ring.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = ring[(head + i) % ring.length];
            }
            ring = bigger;
            head = 0;
        }
        ring[(head + size) % ring.length] = value;
        size++;
    }

    int poll() {
        if (size == 0) {
            throw new IllegalStateException("the queue is empty");
        }
        int value = ring[head];
        head = (head + 1) % ring.length;
        size--;
        return value;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        head = 0;
        size = 0;
        Arrays.fill(ring, 0);
    }
}
