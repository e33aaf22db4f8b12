package io.taskgrid.deploy.cli;

import io.taskgrid.coordinator.CoordinatorNode;
import io.taskgrid.coordinator.CoordinatorSettings;
import picocli.CommandLine.Command;
import io.taskgrid.internal.HostAndPort;
import io.taskgrid.internal.Secrets;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

import java.util.concurrent.Callable;

/** {@code taskgrid coordinator}: the coordinator alone, for workers started by hand. */
@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = {"Run a coordinator. Workers join its cluster port; clients connect to its gateway port.",
                "Prints 'ready: gateway=HOST:PORT http=HOST:PORT cluster=HOST:PORT' when it accepts both."})
final class CoordinatorCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "The address to listen on and advertise; use one the workers and clients can reach "
                    + "(default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "" + CoordinatorSettings.DEFAULT_CLUSTER_PORT,
            description = "The cluster port that workers join (default: ${DEFAULT-VALUE}).")
    int clusterPort;

    @Option(names = "--gateway-port", defaultValue = "" + CoordinatorSettings.DEFAULT_GATEWAY_PORT,
            description = "The port clients connect to (default: ${DEFAULT-VALUE}).")
    int gatewayPort;

    @Option(names = "--http-port", defaultValue = "" + CoordinatorSettings.DEFAULT_HTTP_PORT,
            description = "The HTTP API port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Mixin
    NodeSecurity security;

    @Option(names = "--store-port", defaultValue = "" + CoordinatorSettings.DEFAULT_STORE_PORT,
            description = "The port of the state store (Hazelcast) that a standby coordinator joins "
                    + "(default: ${DEFAULT-VALUE}; 0 for any free port).")
    int storePort;

    @Option(names = "--store-dir", paramLabel = "DIR",
            description = "Keep the state store on disk in DIR, so that a coordinator restarted on it resumes its "
                    + "unfinished jobs (for a coordinator without a standby; default: in memory).")
    Path storeDirectory;

    @Option(names = "--standby-of", paramLabel = "HOST:PORT",
            description = "Run as a standby of the active coordinator whose cluster port this is: hold a copy of "
                    + "its state and take over, with its workers, when it fails. Clients list both gateways.")
    String standbyOf;

    @Option(names = "--max-frame-mib", defaultValue = "64", paramLabel = "MIB",
            description = "The largest message a client may send (a job with its inputs), in MiB; a larger one "
                    + "is refused with this limit in the error (default: ${DEFAULT-VALUE}).")
    int maxFrameMib;

    @Option(names = "--worker-loss-after", defaultValue = "5s", paramLabel = "DURATION",
            description = "How long, roughly, from a worker's death until its subtasks run elsewhere, such as 5s or "
                    + "1m; shorter mistakes long GC pauses for deaths (default: ${DEFAULT-VALUE}).")
    String workerLossAfter;

    @Mixin
    RetentionOptions retention = new RetentionOptions();

    @Override
    public Integer call() {
        String token = Secrets.forCoordinator(security.tokenFile);
        CoordinatorSettings settings = CoordinatorSettings.defaults(host).withPorts(clusterPort, gatewayPort, httpPort)
                .withStorePort(storePort).withStoreDirectory(storeDirectory).withMaxFrameBytes(maxFrameBytes())
                .withToken(token)
                .withTls(security.tls())
                .withWorkerLossAfter(Durations.parse(workerLossAfter, "--worker-loss-after"))
                .withRetention(retention.time(), retention.bytes());
        if (standbyOf != null) {
            settings = settings.asStandbyOf(HostAndPort.parse(standbyOf));
        }
        CoordinatorNode coordinator = CoordinatorNode.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(coordinator::close, "taskgrid-coordinator-stop"));
        System.out.println("ready: gateway=" + coordinator.gatewayAddress() + " http=" + coordinator.httpAddress()
                + " cluster=" + coordinator.clusterAddress());
        if (standbyOf != null) {
            System.out.println("standby of " + standbyOf + ": it takes over when that coordinator fails");
        }
        System.out.println("start workers with: taskgrid worker --coordinator " + coordinator.clusterAddress());
        System.out.println("clients and workers present the cluster's token: " + tokenSource());
        System.out.flush();
        coordinator.whenTerminated().join();
        System.err.println("taskgrid: the coordinator stopped: " + coordinator.stopReason());
        return Cli.FAILED;
    }

    private int maxFrameBytes() {
        if (maxFrameMib < 1 || maxFrameMib > 1024) {
            throw new IllegalArgumentException("--max-frame-mib must be between 1 and 1024, not " + maxFrameMib);
        }
        return maxFrameMib * 1024 * 1024;
    }

    private String tokenSource() {
        String fromEnv = System.getenv(Secrets.TOKEN_ENV);
        return fromEnv != null && !fromEnv.isBlank() ? "the one in $" + Secrets.TOKEN_ENV
                : "copy " + Secrets.tokenFile(security.tokenFile) + " to their machines (or set $" + Secrets.TOKEN_ENV + ")";
    }
}
