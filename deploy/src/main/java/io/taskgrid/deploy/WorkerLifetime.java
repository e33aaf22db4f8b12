package io.taskgrid.deploy;

import io.taskgrid.worker.WorkerNode;
import io.taskgrid.worker.WorkerSettings;

import java.util.concurrent.CompletionException;

/**
 * A worker process's life, whichever way it was started: join, register, run (joining again as a
 * new worker whenever it loses its coordinator) until it stops for good.
 */
public final class WorkerLifetime {

    private WorkerLifetime() {
    }

    /**
     * Starts a worker with {@code settings} and returns once it was closed or drained.
     *
     * @throws io.taskgrid.TaskgridException when the coordinator refused it, or it reached no
     *                                       coordinator for {@link WorkerSettings#reconnectFor()}
     */
    public static void run(WorkerSettings settings) {
        WorkerNode worker = WorkerNode.start(settings);
        try {
            worker.whenTerminated().toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
