package io.taskgrid.coordinator.scheduling;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntSetTest {

    @Test
    void addRemoveAndContainsAnswerLikeAHashSet() {
        Random random = new Random(42);
        IntSet set = new IntSet();
        Set<Integer> model = new HashSet<>();
        for (int step = 0; step < 200_000; step++) {
            int value = random.nextInt(3_000); // small range: many collisions, long runs, re-adds
            switch (random.nextInt(3)) {
                case 0 -> assertEquals(model.add(value), set.add(value), "add " + value);
                case 1 -> assertEquals(model.remove(value), set.remove(value), "remove " + value);
                default -> assertEquals(model.contains(value), set.contains(value), "contains " + value);
            }
            assertEquals(model.size(), set.size());
        }
        assertEquals(model, elementsOf(set));
    }

    @Test
    void aSlidingWindowOfIndicesKeepsEveryHeldOneFindable() {
        IntSet set = new IntSet();
        int window = 700;
        for (int index = 0; index < 100_000; index++) {
            assertTrue(set.add(index));
            if (index >= window) {
                assertTrue(set.remove(index - window), "remove " + (index - window));
            }
        }
        assertEquals(window, set.size());
        for (int index = 100_000 - window; index < 100_000; index++) {
            assertTrue(set.contains(index), "held " + index);
        }
        assertFalse(set.contains(100_000 - window - 1));
    }

    @Test
    void aSetEmptiedByRemovalsKeepsItsCapacityAndWorksAsNew() {
        IntSet set = new IntSet();
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 1_000; i++) {
                assertTrue(set.add(round * 1_000 + i * 13));
            }
            for (int i = 999; i >= 0; i--) {
                assertTrue(set.remove(round * 1_000 + i * 13), "round " + round + ", remove " + i);
            }
            assertTrue(set.isEmpty());
            assertEquals(Set.of(), elementsOf(set));
        }
    }

    @Test
    void clearEmptiesIt() {
        IntSet set = new IntSet();
        for (int i = 0; i < 100; i++) {
            set.add(i * 7);
        }
        set.clear();

        assertTrue(set.isEmpty());
        assertFalse(set.contains(7));
        assertEquals(Set.of(), elementsOf(set));
    }

    private static Set<Integer> elementsOf(IntSet set) {
        Set<Integer> elements = new HashSet<>();
        set.forEach(elements::add);
        return elements;
    }
}
