package io.taskgrid.worker;

import io.taskgrid.internal.HostAndPort;

/**
 * How to start a worker.
 *
 * @param coordinator     the coordinator's cluster address (its Pekko host and port)
 * @param host            the address this worker advertises to the cluster; {@code null} picks
 *                        the local address that routes to the coordinator
 * @param port            the cluster port to listen on; 0 picks a free one
 * @param threads         the size of the CPU thread pool
 * @param exitJvmWhenDown whether the JVM exits when the worker leaves the cluster (for worker
 *                        processes; off when a worker is embedded in another program)
 */
public record WorkerSettings(HostAndPort coordinator, String host, int port, int threads, boolean exitJvmWhenDown) {

    public WorkerSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("a worker needs at least one thread, but threads = " + threads);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }

    /** A worker of {@code threads} threads (one per core by default) for the coordinator at {@code coordinator}. */
    public static WorkerSettings forCoordinator(HostAndPort coordinator) {
        return new WorkerSettings(coordinator, null, 0, Runtime.getRuntime().availableProcessors(), false);
    }

    public WorkerSettings withThreads(int newThreads) {
        return new WorkerSettings(coordinator, host, port, newThreads, exitJvmWhenDown);
    }

    public WorkerSettings withHost(String newHost) {
        return new WorkerSettings(coordinator, newHost, port, threads, exitJvmWhenDown);
    }

    public WorkerSettings withPort(int newPort) {
        return new WorkerSettings(coordinator, host, newPort, threads, exitJvmWhenDown);
    }

    public WorkerSettings withExitJvmWhenDown(boolean exit) {
        return new WorkerSettings(coordinator, host, port, threads, exit);
    }
}
