package io.taskgrid.deploy.cli;

import io.taskgrid.coordinator.CoordinatorNode;
import io.taskgrid.coordinator.CoordinatorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

    @Override
    public Integer call() {
        CoordinatorNode coordinator = CoordinatorNode.start(
                CoordinatorSettings.defaults(host).withPorts(clusterPort, gatewayPort, httpPort));
        Runtime.getRuntime().addShutdownHook(new Thread(coordinator::close, "taskgrid-coordinator-stop"));
        System.out.println("ready: gateway=" + coordinator.gatewayAddress() + " http=" + coordinator.httpAddress()
                + " cluster=" + coordinator.clusterAddress());
        System.out.println("start workers with: taskgrid worker --coordinator " + coordinator.clusterAddress());
        System.out.flush();
        coordinator.whenTerminated().join();
        return 0;
    }
}
