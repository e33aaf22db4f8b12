package io.taskgrid.examples;

import io.taskgrid.Range;

/**
 * The estimate {@link Pi#estimate} gives, computed in this JVM from the same seeded chunks, with
 * the example's own {@code pointsInside} (package-private, hence this class in the example's
 * package): what a cluster must return, to the last bit, however it spreads the chunks.
 */
public final class PiHere {

    private PiHere() {
    }

    /** π estimated from {@code samples} points in chunks of {@code chunk}, as {@link Pi#estimate} splits them. */
    public static double estimate(long samples, long chunk) {
        long inside = 0;
        for (long from = 0; from < samples; from += chunk) {
            inside += Pi.pointsInside(new Range(from, Math.min(from + chunk, samples)));
        }
        return 4.0 * inside / samples;
    }
}
