package io.taskgrid.cluster;

/**
 * The buckets of the subtask duration histogram: workers count their attempts into them and the
 * coordinator exports the sums as a Prometheus histogram. Bounds are upper bounds in seconds; the
 * last bucket (not listed) is everything longer.
 */
public final class DurationBuckets {

    /** The upper bounds, in seconds. */
    private static final double[] BOUNDS_SECONDS = {
            0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300};

    private static final long[] BOUNDS_NANOS = new long[BOUNDS_SECONDS.length];

    static {
        for (int i = 0; i < BOUNDS_SECONDS.length; i++) {
            BOUNDS_NANOS[i] = Math.round(BOUNDS_SECONDS[i] * 1e9);
        }
    }

    /** How many buckets there are, the last one unbounded. */
    public static final int COUNT = BOUNDS_SECONDS.length + 1;

    private DurationBuckets() {
    }

    /** The bucket of a duration. */
    public static int of(long nanos) {
        for (int i = 0; i < BOUNDS_NANOS.length; i++) {
            if (nanos <= BOUNDS_NANOS[i]) {
                return i;
            }
        }
        return BOUNDS_NANOS.length;
    }

    /** The upper bounds in seconds, without the unbounded last bucket. */
    public static double[] boundsSeconds() {
        return BOUNDS_SECONDS.clone();
    }
}
