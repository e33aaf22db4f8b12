package io.taskgrid.deploy.bench;

/**
 * A fixed amount of pure computation, sized once in this JVM to take a given time on one core, so
 * that running it on more cores can only help if they really run in parallel.
 */
final class CpuWork {

    private CpuWork() {
    }

    /** Mixes {@code rounds} times; the result keeps the JIT from removing the loop. */
    static long spin(long rounds) {
        long x = rounds;
        for (long i = 0; i < rounds; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /** How many rounds of {@link #spin} take about {@code millis} on one core here. */
    static long roundsFor(int millis) {
        spin(50_000_000); // warm up the JIT
        long rounds = 1_000_000;
        while (true) {
            long start = System.nanoTime();
            spin(rounds);
            long took = System.nanoTime() - start;
            if (took > 20_000_000) {
                return (long) (rounds * (millis * 1e6 / took));
            }
            rounds *= 2;
        }
    }
}
