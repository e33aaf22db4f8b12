package io.taskgrid.deploy.bench;

import java.util.Arrays;
import java.util.List;

/** Medians and percentiles of measurements. */
final class Stats {

    private Stats() {
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** The {@code percent} percentile of {@code nanos}, in microseconds. */
    static double percentileMicros(long[] nanos, double percent) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.ceil(percent / 100 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e3;
    }

    static double maxMicros(long[] nanos) {
        return Arrays.stream(nanos).max().orElse(0) / 1e3;
    }
}
