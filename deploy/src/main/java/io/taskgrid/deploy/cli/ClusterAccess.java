package io.taskgrid.deploy.cli;

import io.taskgrid.TaskgridClient;
import io.taskgrid.cluster.TlsSettings;
import io.taskgrid.internal.Secrets;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options every command that talks to a running cluster shares: where, and with which token. */
final class ClusterAccess {

    @Option(names = "--coordinator", required = true, paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "The gateway address of the coordinator; with standbys, all of their gateways, "
                    + "comma-separated.")
    String coordinator;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "The file with the cluster's token (default: $" + Secrets.TOKEN_ENV + ", else $"
                    + Secrets.TOKEN_FILE_ENV + ", else ~/.taskgrid/token).")
    Path tokenFile;

    @Option(names = "--tls-truststore", paramLabel = "FILE",
            description = "Connect over TLS, trusting the certificates in this PKCS#12 file (the cluster's key store "
                    + "will do); its password comes from $" + TlsSettings.PASSWORD_ENV + ".")
    Path trustStore;

    TaskgridClient connect() {
        return connect(coordinator, tokenFile, trustStore);
    }

    /** A client for the comma-separated {@code gateways}, with the token and TLS options of the command line. */
    static TaskgridClient connect(String gateways, Path tokenFile, Path trustStore) {
        TaskgridClient.Builder builder = TaskgridClient.builder().gateways(gateways.split(","))
                .tokenFile(Secrets.tokenFile(tokenFile));
        if (trustStore != null) {
            builder.trustStore(trustStore, TlsSettings.fromEnvironment(trustStore).password());
        }
        return builder.connect();
    }
}
