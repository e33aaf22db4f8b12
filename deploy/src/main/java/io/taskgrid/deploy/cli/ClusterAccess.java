package io.taskgrid.deploy.cli;

import io.taskgrid.TaskgridClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every command that talks to a running cluster shares: where, and with which credentials. */
final class ClusterAccess {

    @Option(names = "--coordinator", required = true, paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "The gateway address of the coordinator; with standbys, all of their gateways, "
                    + "comma-separated.")
    String coordinator;

    @Mixin
    ClientCredentials credentials;

    TaskgridClient connect() {
        return credentials.connect(coordinator);
    }
}
