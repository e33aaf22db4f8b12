package io.taskgrid.worker.internal;

import io.netty.channel.EventLoop;
import io.taskgrid.TaskgridException;
import io.taskgrid.cluster.JobCode;
import io.taskgrid.internal.protocol.RemoteFailure;
import io.taskgrid.internal.serialization.PayloadCodec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs subtasks, CPU ones on a fixed pool of threads and async ones on the event loop, with
 * per-attempt timeouts, and hands each {@link Outcome} to a consumer (the agent's buffer). CPU
 * subtasks queue here after they arrive; the coordinator's credits bound how many of each kind.
 */
final class SubtaskRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SubtaskRunner.class);

    private final String workerId;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;
    private final Consumer<Outcome> outcomes;
    private final PayloadCodec codec;
    private final WorkerIo io;
    private final CodeLoaders loaders = new CodeLoaders(SubtaskRunner.class.getClassLoader());
    private final Map<String, JobRuntime> jobs = new ConcurrentHashMap<>();
    private final Collection<PoolThread> poolThreads = new CopyOnWriteArrayList<>();

    SubtaskRunner(String workerId, int threads, Consumer<Outcome> outcomes) {
        this.workerId = workerId;
        this.outcomes = outcomes;
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), PoolThread.factory("taskgrid-task-", threads, poolThreads));
        this.timer = Executors.newSingleThreadScheduledExecutor(PoolThread.factory("taskgrid-timeouts-", 0, null));
        this.codec = new PayloadCodec(SubtaskRunner.class.getClassLoader());
        this.io = new WorkerIo(pool);
    }

    /** The job's runtime, created from {@code code} the first time the job is seen. */
    JobRuntime job(String jobId, JobCode code) {
        JobRuntime job = jobs.get(jobId);
        if (job == null) {
            if (code == null) {
                throw new IllegalStateException("subtasks of job " + jobId + " arrived before its code");
            }
            job = new JobRuntime(code, codec, loaders, poolThreads);
            jobs.put(jobId, job);
        }
        return job;
    }

    /** The fetched jars of a job that ships code ({@code jars}), or why they could not be fetched. */
    void codeArrived(JobRuntime job, List<Path> jars, String failure) {
        job.codeArrived(jars, failure);
    }

    /** Queues one attempt of one subtask; it starts once its job's code is loaded. */
    void submit(JobRuntime job, int index, int attempt, byte[] payload) {
        job.whenCodeReady(() -> start(job, index, attempt, payload), failure -> outcomes.accept(
                Outcome.failed(job, index, attempt, RemoteFailure.of(TaskgridException.class.getName(), failure), true, 0)));
    }

    private void start(JobRuntime job, int index, int attempt, byte[] payload) {
        if (job.isAsync()) {
            EventLoop loop = io.eventLoop().next();
            AsyncAttempt execution = new AsyncAttempt(job, index, attempt, payload, workerId, io, outcomes);
            loop.execute(() -> execution.start(loop));
            return;
        }
        CpuAttempt execution = new CpuAttempt(job, index, attempt, payload, workerId, io, outcomes);
        if (job.timeoutMillis() > 0) {
            pool.execute(() -> runWithTimeout(execution, job.timeoutMillis()));
        } else {
            pool.execute(execution);
        }
    }

    private void runWithTimeout(CpuAttempt execution, long timeoutMillis) {
        long grace = Math.max(50, Math.min(1000, timeoutMillis));
        ScheduledFuture<?> timeout = timer.schedule(() -> {
            execution.timeOut();
            timer.schedule(() -> abandonIfStuck(execution, timeoutMillis + grace), grace, TimeUnit.MILLISECONDS);
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        try {
            execution.run();
        } finally {
            timeout.cancel(false);
            if (Thread.currentThread() instanceof PoolThread mark) {
                synchronized (this) { // pairs with abandonIfStuck: the mark is set there or not at all
                    if (mark.abandoned) {
                        mark.abandoned = false;
                        resizePool(-1); // a thread that was given up on came back: the pool shrinks to its size
                    }
                }
            }
        }
    }

    /**
     * An attempt that ignores its interrupt would hold its thread forever: report it failed, and
     * grow the pool by one thread so the worker keeps its capacity until that thread comes back.
     */
    private synchronized void abandonIfStuck(CpuAttempt execution, long ranMillis) {
        Thread stuck = execution.thread();
        if (stuck instanceof PoolThread mark && execution.abandon(ranMillis)) {
            mark.abandoned = true; // under this lock, so the thread's return sees it (it waits for the lock)
            resizePool(+1);
            log.warn("Subtask ignored its timeout's interrupt: job={} subtask={} attempt={} worker={}; its thread {} is "
                    + "abandoned and replaced", execution.jobId(), execution.index(), execution.attempt(), workerId,
                    stuck.getName());
        }
    }

    private synchronized void resizePool(int change) {
        int size = pool.getCorePoolSize() + change;
        if (change > 0) {
            pool.setMaximumPoolSize(size);
            pool.setCorePoolSize(size);
        } else {
            pool.setCorePoolSize(size);
            pool.setMaximumPoolSize(size);
        }
    }

    /** How many class loaders of shipped code are open. */
    int openLoaders() {
        return loaders.open();
    }

    /** How many threads the pool has now, counting replacements for abandoned ones. */
    int poolSize() {
        return pool.getCorePoolSize();
    }

    /**
     * Forgets a job: interrupts its running subtasks; queued ones report as dropped when a thread
     * reaches them. Returns {@code false} if the job was unknown here.
     */
    boolean release(String jobId) {
        JobRuntime job = jobs.remove(jobId);
        if (job == null) {
            return false;
        }
        job.release();
        return true;
    }

    /** The attempts running now, across jobs. */
    List<Attempt> running() {
        List<Attempt> all = new ArrayList<>();
        for (JobRuntime job : jobs.values()) {
            all.addAll(job.running());
        }
        return all;
    }

    @Override
    public void close() {
        jobs.values().forEach(JobRuntime::release);
        pool.shutdownNow();
        timer.shutdownNow();
        io.close();
        loaders.close();
    }
}
