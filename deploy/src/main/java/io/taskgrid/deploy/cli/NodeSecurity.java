package io.taskgrid.deploy.cli;

import io.taskgrid.cluster.TlsSettings;
import io.taskgrid.internal.Secrets;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** What a coordinator or worker node needs to be let in: the cluster's token, and its TLS key store. */
final class NodeSecurity {

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "Use TLS between the nodes (mutual) and, on a coordinator, on the client gateway: the "
                    + "cluster's PKCS#12 key store, the same file on every node; its password comes from $"
                    + TlsSettings.PASSWORD_ENV + ". Make one with: keytool -genkeypair -alias taskgrid -keyalg EC "
                    + "-dname CN=taskgrid -ext san=dns:localhost,ip:127.0.0.1 -storetype PKCS12 -keystore cluster.p12")
    Path keyStore;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "The file with the cluster's token (default: $" + Secrets.TOKEN_ENV + ", else $"
                    + Secrets.TOKEN_FILE_ENV + ", else ~/.taskgrid/token); a coordinator creates it with a new "
                    + "random token when it is missing.")
    Path tokenFile;

    TlsSettings tls() {
        return TlsSettings.fromEnvironment(keyStore);
    }
}
