package io.taskgrid.deploy;

import io.taskgrid.worker.WorkerNode;
import io.taskgrid.worker.WorkerSettings;

import java.time.Duration;

/** A worker process's life, whichever way it was started: join, register, run until the node stops. */
public final class WorkerLifetime {

    private static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(60);

    private WorkerLifetime() {
    }

    /** Starts a worker with {@code settings} and returns once it has stopped. */
    public static void run(WorkerSettings settings) {
        WorkerNode worker = WorkerNode.start(settings);
        worker.awaitRegistered(REGISTRATION_TIMEOUT);
        worker.whenTerminated().toCompletableFuture().join();
    }
}
