package io.taskgrid.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.taskgrid.TaskgridException;

import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * TLS for a cluster: one PKCS#12 key store with the cluster's certificate and key, used by every
 * node both to prove who it is and to check the others (mutual TLS on Artery), and by the
 * coordinator's gateway as its server certificate. Clients trust the same certificate.
 *
 * <p>Make one with the JDK's keytool, naming the addresses clients connect to:
 * <pre>
 * keytool -genkeypair -alias taskgrid -keyalg EC -groupname secp256r1 -validity 825 \
 *   -dname CN=taskgrid -ext san=dns:localhost,ip:127.0.0.1 -storetype PKCS12 \
 *   -keystore cluster.p12 -storepass "$TASKGRID_TLS_PASSWORD"
 * </pre>
 *
 * @param keyStore the PKCS#12 file
 * @param password its password (the key's password is the same)
 */
public record TlsSettings(Path keyStore, String password) {

    /** The environment variable that holds the key store's password. */
    public static final String PASSWORD_ENV = "TASKGRID_TLS_PASSWORD";

    public TlsSettings {
        if (!Files.isReadable(keyStore)) {
            throw new TaskgridException("Cannot read the TLS key store " + keyStore + ": make one with keytool "
                    + "(see 'taskgrid coordinator --help') or check the path");
        }
        if (password == null) {
            throw new TaskgridException("The TLS key store " + keyStore + " needs its password: set $" + PASSWORD_ENV);
        }
    }

    /** The key store at {@code keyStore} with the password from {@value #PASSWORD_ENV}; {@code null} without a key store. */
    public static TlsSettings fromEnvironment(Path keyStore) {
        return keyStore == null ? null : new TlsSettings(keyStore, System.getenv(PASSWORD_ENV));
    }

    @Override
    public String toString() {
        return "TlsSettings[" + keyStore + "]"; // never the password
    }

    /** Artery over TLS 1.3 with mutual authentication: only nodes with the cluster's key join. */
    Config artery() {
        String store = ConfigUtil.quoteString(keyStore.toAbsolutePath().toString());
        String secret = ConfigUtil.quoteString(password);
        return ConfigFactory.parseString(String.join("\n",
                "pekko.remote.artery.transport = tls-tcp",
                "pekko.remote.artery.ssl.config-ssl-engine {",
                "  key-store = " + store,
                "  trust-store = " + store,
                "  key-store-password = " + secret,
                "  key-password = " + secret,
                "  trust-store-password = " + secret,
                "  protocol = \"TLSv1.3\"",
                "  enabled-algorithms = [\"TLS_AES_256_GCM_SHA384\", \"TLS_AES_128_GCM_SHA256\"]",
                "  require-mutual-authentication = on",
                "  hostname-verification = off",
                "}"));
    }

    /** The gateway's server side of TLS. */
    public SslContext gatewayContext() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password.toCharArray());
            return SslContextBuilder.forServer(keys).protocols("TLSv1.3", "TLSv1.2").build();
        } catch (IOException | GeneralSecurityException e) {
            throw new TaskgridException("Cannot use the TLS key store " + keyStore + ": " + e.getMessage()
                    + " (a wrong password, or not a PKCS#12 file?)", e);
        }
    }
}
