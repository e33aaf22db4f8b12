package io.taskgrid.deploy;

import io.taskgrid.TaskgridException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The worker processes of one {@link LocalCluster}: starts them in waves and keeps the cluster at
 * the size asked for, restarting a process that dies (a nanny, like Dask's).
 *
 * <p><b>Slots.</b> Each worker has a slot, numbered from 1; a restarted process takes its
 * predecessor's slot, number and log file (the log goes on after a separator line), so
 * {@link #processes()} always has one entry per worker, the newest process of each slot.
 *
 * <p><b>Waves.</b> At most {@code width} processes (the cores) are <em>booting</em> at once: started,
 * and neither registered with the coordinator nor exited. Many more JVMs than cores starting together
 * starve each other's heartbeats until the cluster removes them; in waves no wider than the cores,
 * each JVM boots with a core to itself. The first wave starts before the coordinator is up (see
 * {@link #watch}), so its JVMs boot while the coordinator does; a booting process only counts as
 * registered once the coordinator reports it. The window slides: the next process starts as soon as
 * any booting one has registered. Restarts go through the same waves.
 *
 * <p><b>Restarts.</b> A process that exits unasked is reported to the exit listener at once (which
 * removes it from the cluster) and restarted in its slot when {@link RestartPolicy} says so, within
 * its limit per minute: one WARN line per restart, and one when the limit holds restarts back. Only
 * until {@link #startupOver()}, while the cluster starts, a process that exits without having
 * registered fails the start instead: a JVM that cannot start once will not start the second time
 * either.
 *
 * <p><b>Concurrency.</b> One daemon thread starts every process; the slots, the queue of starts and
 * the booting set are guarded by {@code this}. Exits arrive on the JDK's process-reaper threads and
 * only queue a restart. Once {@link #stopAll} or {@link #killAll} has begun, nothing starts again.
 */
final class WorkerSupervisor {

    /** Starts one worker process for the slot {@code number}. */
    @FunctionalInterface
    interface Launcher {
        WorkerProcess launch(int number);
    }

    private static final Logger log = LoggerFactory.getLogger(WorkerSupervisor.class);
    private static final long POLL_MILLIS = 50;

    private final Launcher launcher;
    private final int width;
    private final LongSupplier nanoTime;
    private final RestartPolicy policy = new RestartPolicy();
    /** Index {@code number - 1}: the newest process of each slot, or null before its first start. */
    private final List<WorkerProcess> slots = new ArrayList<>();
    private final Queue<PendingStart> pending = new ArrayDeque<>();
    private final Set<WorkerProcess> booting = new HashSet<>();
    /** The coordinator's worker id of each process seen registered, by process id. */
    private final Map<Long, String> workerIds = new HashMap<>();
    private Supplier<Map<Long, String>> registered;
    private Consumer<WorkerProcess> exitListener = worker -> { };
    private boolean startupOver;
    private boolean stopping;
    private boolean limitAnnounced;
    private TaskgridException startFailure;

    /** A start waiting for its turn: a slot's first process, or the replacement of {@code previous}. */
    private record PendingStart(int number, WorkerProcess previous, CompletableFuture<WorkerProcess> started) {
    }

    /**
     * @param launcher starts a process
     * @param width    how many processes may boot at once: the cores
     * @param nanoTime the clock of the restart limit ({@link System#nanoTime} but in tests)
     */
    WorkerSupervisor(Launcher launcher, int width, LongSupplier nanoTime) {
        if (width < 1) {
            throw new IllegalArgumentException("at least one process must be allowed to boot at once, not " + width);
        }
        this.launcher = launcher;
        this.width = width;
        this.nanoTime = nanoTime;
        Thread thread = new Thread(this::run, "taskgrid-local-workers");
        thread.setDaemon(true);
        thread.start();
    }

    /** How many processes may boot at once. */
    int width() {
        return width;
    }

    /**
     * Adds {@code count} slots; their processes start in waves (see the class comment).
     *
     * @return one stage per slot, completed when its process has started (not registered)
     */
    synchronized List<CompletableFuture<WorkerProcess>> add(int count) {
        checkNotStopping();
        List<CompletableFuture<WorkerProcess>> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slots.add(null);
            PendingStart start = new PendingStart(slots.size(), null, new CompletableFuture<>());
            pending.add(start);
            started.add(start.started());
        }
        notifyAll();
        return started;
    }

    /**
     * Tells this supervisor where to learn which processes have registered (process id to the
     * coordinator's worker id), and whom to tell when one exits unasked.
     */
    synchronized void watch(Supplier<Map<Long, String>> registeredWorkers, Consumer<WorkerProcess> onExit) {
        this.registered = Objects.requireNonNull(registeredWorkers);
        this.exitListener = Objects.requireNonNull(onExit);
        notifyAll();
    }

    /**
     * Ends the start-up: from now on a process that exits before it registered is restarted like
     * any other, instead of failing the start (see {@link #startFailure()}).
     */
    synchronized void startupOver() {
        startupOver = true;
    }

    /** The newest process of each slot that has started one, in slot order. */
    synchronized List<WorkerProcess> processes() {
        return slots.stream().filter(Objects::nonNull).toList();
    }

    /** How many slots there are: the size the cluster is kept at. */
    synchronized int size() {
        return slots.size();
    }

    /** How many processes are booting now: started, and neither registered nor exited. */
    synchronized int booting() {
        return booting.size();
    }

    /** Why the start failed: a process that exited before it registered, or could not be started; else null. */
    synchronized TaskgridException startFailure() {
        return startFailure;
    }

    /**
     * Asks every process to leave and exit (SIGTERM), waits up to {@code grace} for each, kills the
     * ones still there. Nothing is restarted from now on.
     */
    void stopAll(Duration grace) {
        List<WorkerProcess> all = stopStarting();
        all.forEach(WorkerProcess::stop);
        all.forEach(worker -> worker.awaitExit(grace));
    }

    /**
     * Kills every process at once (SIGKILL), without waiting for them to be gone: a killed JVM's
     * memory takes the kernel up to a few hundred milliseconds to free, which nobody needs to wait
     * for. Nothing is restarted from now on.
     */
    void killAll() {
        stopStarting().forEach(WorkerProcess::kill);
    }

    private synchronized List<WorkerProcess> stopStarting() {
        stopping = true;
        pending.forEach(start -> start.started().completeExceptionally(
                new TaskgridException("the local cluster stopped before worker " + start.number() + " started")));
        pending.clear();
        notifyAll();
        return processes();
    }

    private void checkNotStopping() {
        if (stopping) {
            throw new IllegalStateException("the local cluster's workers are stopping");
        }
    }

    private void run() {
        while (true) {
            Supplier<Map<Long, String>> source = registrationSourceIfBooting();
            Map<Long, String> registeredNow = source == null ? Map.of() : poll(source);
            synchronized (this) {
                if (stopping) {
                    return;
                }
                noteRegistered(registeredNow);
                startWhatIsDue();
                try {
                    wait(pending.isEmpty() && booting.isEmpty() ? 0 : POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private synchronized Supplier<Map<Long, String>> registrationSourceIfBooting() {
        return booting.isEmpty() ? null : registered;
    }

    private static Map<Long, String> poll(Supplier<Map<Long, String>> source) {
        try {
            return source.get();
        } catch (RuntimeException notNow) { // the coordinator busy or shutting down: ask again next time
            log.debug("Cannot tell which local workers registered yet: {}", notNow.toString());
            return Map.of();
        }
    }

    private void noteRegistered(Map<Long, String> registeredNow) {
        for (Iterator<WorkerProcess> it = booting.iterator(); it.hasNext(); ) {
            WorkerProcess worker = it.next();
            String id = registeredNow.get(worker.process().pid());
            if (id != null) {
                workerIds.put(worker.process().pid(), id);
                it.remove();
            } else if (!worker.process().isAlive()) {
                it.remove();
            }
        }
    }

    /** Starts pending processes, oldest first, while fewer than {@code width} boot; restarts only within the limit. */
    private void startWhatIsDue() {
        for (Iterator<PendingStart> it = pending.iterator(); it.hasNext() && booting.size() < width; ) {
            PendingStart next = it.next();
            if (next.previous() != null && !policy.tryRestart(nanoTime.getAsLong(), slots.size())) {
                announceLimit(next);
                continue;
            }
            it.remove();
            start(next);
        }
        if (pending.stream().noneMatch(start -> start.previous() != null)) {
            limitAnnounced = false;
        }
    }

    private void start(PendingStart next) {
        WorkerProcess started;
        try {
            if (next.previous() != null) {
                markRestartInLog(next.previous());
            }
            started = launcher.launch(next.number());
        } catch (RuntimeException failed) {
            notStarted(next, failed);
            return;
        }
        slots.set(next.number() - 1, started);
        booting.add(started);
        started.process().onExit().thenRun(() -> exited(started));
        next.started().complete(started);
        if (next.previous() != null) {
            log.warn("Local worker process {} {} {}; restarted it as pid {}", next.number(), name(next.previous()),
                    RestartPolicy.describeExit(next.previous().process().exitValue()), started.process().pid());
        }
    }

    private void notStarted(PendingStart next, RuntimeException failed) {
        if (next.previous() == null) {
            startFailure = new TaskgridException("cannot start local worker process " + next.number() + ": "
                    + failed.getMessage(), failed);
            next.started().completeExceptionally(startFailure);
        } else { // counted against the limit, so this retries at most at the limit's rate
            log.warn("Local worker process {} could not be restarted: {}; trying again", next.number(), failed.getMessage());
            pending.add(next);
        }
    }

    private void announceLimit(PendingStart held) {
        if (limitAnnounced) {
            return;
        }
        limitAnnounced = true;
        long now = nanoTime.getAsLong();
        long waitNanos = policy.nanosUntilAllowed(now, slots.size());
        log.warn("Local worker process {} {} {}; not restarted yet: {} restarts within {} s is the limit for {} workers "
                        + "(a job may be killing them); restarts resume in {} s, at {}", held.number(), name(held.previous()),
                RestartPolicy.describeExit(held.previous().process().exitValue()), policy.recentRestarts(now),
                RestartPolicy.WINDOW.toSeconds(), slots.size(), TimeUnit.NANOSECONDS.toSeconds(waitNanos) + 1,
                LocalTime.now().plusNanos(waitNanos).truncatedTo(ChronoUnit.SECONDS));
    }

    private synchronized void exited(WorkerProcess worker) {
        booting.remove(worker);
        notifyAll();
        if (stopping) {
            return;
        }
        exitListener.accept(worker);
        int exitCode = worker.process().exitValue();
        boolean registeredOnce = workerIds.containsKey(worker.process().pid());
        if (!startupOver && !registeredOnce) {
            if (startFailure == null) {
                startFailure = new TaskgridException("worker process " + worker.number() + " "
                        + RestartPolicy.describeExit(exitCode) + " before it registered; its log: " + worker.log()
                        + "\n" + worker.logTail(20));
            }
        } else if (RestartPolicy.restarts(exitCode)) {
            pending.add(new PendingStart(worker.number(), worker, new CompletableFuture<>()));
        } else {
            log.info("Local worker process {} {} exited with code 0 (drained, or told to leave): not restarted",
                    worker.number(), name(worker));
        }
    }

    /** "(worker-3, pid 4242)", or "(pid 4242)" before it registered. */
    private String name(WorkerProcess worker) {
        String id = workerIds.get(worker.process().pid());
        return "(" + (id == null ? "" : id + ", ") + "pid " + worker.process().pid() + ")";
    }

    private static void markRestartInLog(WorkerProcess previous) {
        String line = "---- " + LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " the process above (pid "
                + previous.process().pid() + ") " + RestartPolicy.describeExit(previous.process().exitValue())
                + "; restarted below ----\n";
        try {
            Files.writeString(previous.log(), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the separator is a courtesy to whoever reads the log
        }
    }
}
