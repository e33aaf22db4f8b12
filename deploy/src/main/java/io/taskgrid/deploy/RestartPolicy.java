package io.taskgrid.deploy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Which exits of a local worker process {@link WorkerSupervisor} restarts, and how many restarts it
 * allows per minute. Pure logic: the caller passes the time ({@link System#nanoTime()} or a test's).
 *
 * <p><b>Which exits.</b> Every exit that {@link LocalCluster} did not ask for, except exit code 0. A
 * worker process exits 0 only when it leaves on purpose: drained ({@code taskgrid drain}, the HTTP
 * API), or its standard input closed (the process that started it is gone). Anything else is an
 * accident that the cluster heals: a crash, or {@code System.exit(n)} or {@code Runtime.halt(n)} in a
 * subtask (exit code n); a signal (128 plus its number: SIGKILL from a user or the kernel's
 * out-of-memory killer is 137, SIGTERM 143); a worker that reached no coordinator for its
 * {@code reconnectFor} (1). A worker the cluster removed does not exit: it joins again by itself. A
 * subtask that calls {@code System.exit(0)} looks like a drain and is not restarted.
 *
 * <p><b>How many.</b> At most the number of workers plus {@link #ALLOWANCE} restarts in any
 * {@link #WINDOW}: every worker can be replaced once a minute (something that took them all down at
 * once), plus the workers a poisonous subtask takes down before the coordinator fails it (three, by
 * {@code Job.withMaxWorkerLosses}' default). A job that kills every worker it touches then churns at
 * that rate instead of starting JVMs as fast as they die; the restarts that wait start when the
 * window allows.
 *
 * <p>Not thread-safe: its owner guards it.
 */
final class RestartPolicy {

    /** The sliding window over which restarts are counted. */
    static final Duration WINDOW = Duration.ofMinutes(1);

    /** Restarts allowed per window beyond one per worker. */
    static final int ALLOWANCE = 3;

    private static final Map<Integer, String> SIGNALS = Map.of(1, "SIGHUP", 2, "SIGINT", 3, "SIGQUIT", 4, "SIGILL",
            6, "SIGABRT", 7, "SIGBUS", 8, "SIGFPE", 9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

    /** When the restarts within the last window happened, oldest first. */
    private final Deque<Long> recent = new ArrayDeque<>();

    /** Whether a worker process that exited with {@code exitCode}, unasked, is restarted. */
    static boolean restarts(int exitCode) {
        return exitCode != 0;
    }

    /** How many restarts a cluster of {@code workers} workers allows per {@link #WINDOW}. */
    static int limit(int workers) {
        return workers + ALLOWANCE;
    }

    /**
     * Records a restart at {@code nowNanos} and returns true when the limit for {@code workers}
     * workers allows one; else returns false and records nothing.
     */
    boolean tryRestart(long nowNanos, int workers) {
        forgetBefore(nowNanos - WINDOW.toNanos());
        if (recent.size() >= limit(workers)) {
            return false;
        }
        recent.addLast(nowNanos);
        return true;
    }

    /** How many restarts happened within the window that ends at {@code nowNanos}. */
    int recentRestarts(long nowNanos) {
        forgetBefore(nowNanos - WINDOW.toNanos());
        return recent.size();
    }

    /** Nanoseconds from {@code nowNanos} until the limit for {@code workers} allows a restart: 0 if it does now. */
    long nanosUntilAllowed(long nowNanos, int workers) {
        forgetBefore(nowNanos - WINDOW.toNanos());
        int excess = recent.size() - limit(workers);
        if (excess < 0) {
            return 0;
        }
        long freedAt = recent.stream().skip(excess).findFirst().orElseThrow() + WINDOW.toNanos();
        return Math.max(0, freedAt - nowNanos);
    }

    private void forgetBefore(long startNanos) {
        while (!recent.isEmpty() && recent.peekFirst() - startNanos <= 0) {
            recent.removeFirst();
        }
    }

    /** How a process that ended with {@code exitCode} ended, for a log line: "was killed by SIGKILL (exit code 137)". */
    static String describeExit(int exitCode) {
        String signal = exitCode > 128 ? SIGNALS.get(exitCode - 128) : null;
        if (signal != null) {
            return "was killed by " + signal + " (exit code " + exitCode + ")";
        }
        return "exited with code " + exitCode;
    }
}
