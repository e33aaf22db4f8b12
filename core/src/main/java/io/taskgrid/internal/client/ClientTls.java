package io.taskgrid.internal.client;

import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.taskgrid.TaskgridException;
import io.taskgrid.internal.HostAndPort;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** The client's side of TLS to the gateway. */
public final class ClientTls {

    private ClientTls() {
    }

    /** A client context trusting the certificates in {@code trustStore} (PKCS#12), or this JVM's defaults when null. */
    public static SslContext context(Path trustStore, String password) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().protocols("TLSv1.3", "TLSv1.2");
            if (trustStore != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(trustStore)) {
                    store.load(in, password.toCharArray());
                }
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
                builder.trustManager(trust);
            }
            return builder.build();
        } catch (IOException | GeneralSecurityException e) {
            throw new TaskgridException("Cannot use the TLS trust store " + trustStore + ": " + e.getMessage()
                    + " (a wrong password, or not a PKCS#12 file?)", e);
        }
    }

    /** The handler that speaks TLS to {@code address}, checking that the certificate names it. */
    static SslHandler handler(SslContext context, SocketChannel channel, HostAndPort address) {
        SslHandler handler = context.newHandler(channel.alloc(), address.host(), address.port());
        SSLParameters parameters = handler.engine().getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        handler.engine().setSSLParameters(parameters);
        return handler;
    }
}
