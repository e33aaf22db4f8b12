package io.taskgrid.deploy.cli;

import io.taskgrid.TaskgridClient;
import io.taskgrid.cluster.TlsSettings;
import io.taskgrid.internal.Secrets;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** How a command that connects to a cluster proves itself and checks the coordinator: its token and TLS trust. */
final class ClientCredentials {

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "The file with the cluster's token (default: $" + Secrets.TOKEN_ENV + ", else $"
                    + Secrets.TOKEN_FILE_ENV + ", else ~/.taskgrid/token).")
    Path tokenFile;

    @Option(names = "--tls-truststore", paramLabel = "FILE",
            description = "Connect over TLS, trusting the certificates in this PKCS#12 file (the cluster's key store "
                    + "will do); its password comes from $" + TlsSettings.PASSWORD_ENV + ".")
    Path trustStore;

    /** A client for the comma-separated {@code gateways}. */
    TaskgridClient connect(String gateways) {
        TaskgridClient.Builder builder = TaskgridClient.builder().gateways(gateways.split(","))
                .tokenFile(Secrets.tokenFile(tokenFile));
        if (trustStore != null) {
            builder.trustStore(trustStore, TlsSettings.fromEnvironment(trustStore).password());
        }
        return builder.connect();
    }
}
