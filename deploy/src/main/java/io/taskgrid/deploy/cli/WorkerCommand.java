package io.taskgrid.deploy.cli;

import io.taskgrid.internal.HostAndPort;
import io.taskgrid.deploy.WorkerLifetime;
import io.taskgrid.worker.WorkerSettings;
import picocli.CommandLine.Command;
import io.taskgrid.internal.Secrets;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;


import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code taskgrid worker}: one worker process, joining a coordinator's cluster. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run a worker: join the cluster of the coordinator at HOST:PORT (its cluster port),",
                "take subtasks and run them. Runs until interrupted or drained. A worker that loses its coordinator",
                "joins again as a new worker when one is back, and stops when none was for --reconnect-for."})
final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--coordinator", required = true, paramLabel = "HOST:PORT",
            description = "The coordinator's cluster address, as 'taskgrid coordinator' printed it.")
    String coordinator;

    @Option(names = "--threads", description = "CPU threads for subtasks (default: one per core).")
    Integer threads;

    @Option(names = "--async-slots", defaultValue = "1000", paramLabel = "N",
            description = "How many async subtasks (AsyncTask) to keep in flight at once on the event loop, next to "
                    + "the CPU threads; 0 for none (default: ${DEFAULT-VALUE}).")
    int asyncSlots;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where to cache the jars that jobs ship, by content hash (default: $TASKGRID_CACHE_DIR, "
                    + "else ~/.taskgrid/cache/artifacts).")
    Path cacheDir;

    @Option(names = "--host", description = "The address to advertise to the cluster "
            + "(default: the local address on the route to the coordinator).")
    String host;

    @Option(names = "--port", defaultValue = "0", description = "The cluster port to listen on (default: any free port).")
    int port;

    @Mixin
    NodeSecurity security;

    @Option(names = "--worker-loss-after", defaultValue = "5s", paramLabel = "DURATION",
            description = "The coordinator's --worker-loss-after: every node of a cluster needs the same value "
                    + "(default: ${DEFAULT-VALUE}).")
    String lossDetection;

    @Option(names = "--reconnect-for", defaultValue = "60s", paramLabel = "DURATION",
            description = "How long to keep trying to reach a coordinator, at the start and after losing it (it died, "
                    + "the network failed), before the worker stops with exit code 1 (default: ${DEFAULT-VALUE}).")
    String reconnectFor;

    @Override
    public Integer call() {
        String token = Secrets.forClient(security.tokenFile);
        if (token == null) {
            throw new IllegalArgumentException("no cluster token: copy the coordinator's token file (it printed "
                    + "where it is) to " + Secrets.tokenFile(security.tokenFile) + ", pass --token-file, or set $"
                    + Secrets.TOKEN_ENV);
        }
        WorkerSettings settings = WorkerSettings.forCoordinator(HostAndPort.parse(coordinator))
                .withToken(token)
                .withTls(security.tls())
                .withLossDetection(Durations.parse(lossDetection, "--worker-loss-after"))
                .withHost(host)
                .withPort(port)
                .withReconnectFor(Durations.parse(reconnectFor, "--reconnect-for"))
                .withAsyncSlots(asyncSlots);
        if (cacheDir != null) {
            settings = settings.withCacheDir(cacheDir);
        }
        if (threads != null) {
            settings = settings.withThreads(threads);
        }
        WorkerLifetime.run(settings);
        return 0;
    }
}
