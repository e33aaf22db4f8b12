package io.taskgrid.worker.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.taskgrid.AsyncHttp;
import io.taskgrid.worker.internal.io.NettyHttpClient;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The worker's non-CPU capacity: the event loop that runs async subtasks and their HTTP client,
 * and a pool of threads for blocking calls. The CPU pool itself belongs to the {@link SubtaskRunner}.
 */
final class WorkerIo implements AutoCloseable {

    /** The most threads that wait in blocking calls at once; more calls queue. */
    static final int BLOCKING_THREADS = 64;

    private static final int IDLE_CONNECTIONS_PER_HOST = 256;

    private final EventLoopGroup eventLoop;
    private final NettyHttpClient http;
    private final ThreadPoolExecutor blocking;
    private final Executor cpu;

    WorkerIo(Executor cpu) {
        this.cpu = cpu;
        this.eventLoop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("taskgrid-io", true),
                NioIoHandler.newFactory());
        this.http = new NettyHttpClient(eventLoop, IDLE_CONNECTIONS_PER_HOST);
        this.blocking = new ThreadPoolExecutor(BLOCKING_THREADS, BLOCKING_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DefaultThreadFactory("taskgrid-blocking", true));
        this.blocking.allowCoreThreadTimeOut(true);
    }

    /** The event loop that runs async subtasks. */
    EventLoopGroup eventLoop() {
        return eventLoop;
    }

    AsyncHttp http() {
        return http;
    }

    /** Runs {@code step} on the CPU pool. */
    <T> CompletionStage<T> compute(Callable<T> step) {
        return call(step, cpu);
    }

    /** Runs {@code call} on the threads kept for blocking calls. */
    <T> CompletionStage<T> blocking(Callable<T> call) {
        return call(call, blocking);
    }

    private static <T> CompletionStage<T> call(Callable<T> callable, Executor on) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            on.execute(() -> {
                try {
                    result.complete(callable.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the worker is shutting down", e));
        }
        return result;
    }

    @Override
    public void close() {
        http.close();
        blocking.shutdownNow();
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
