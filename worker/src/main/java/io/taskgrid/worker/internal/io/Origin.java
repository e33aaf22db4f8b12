package io.taskgrid.worker.internal.io;

import java.net.URI;
import java.util.Locale;

/**
 * Where a request goes: scheme, host and port. Kept-alive connections are pooled per origin.
 *
 * @param scheme {@code http} or {@code https}, in lower case
 * @param host   the host as the URI spells it, in lower case (an IPv6 literal keeps its brackets)
 * @param port   the port, the scheme's default when the URI names none
 */
record Origin(String scheme, String host, int port) {

    /** The origin of an absolute http or https URI. */
    static Origin of(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : defaultPort(scheme);
        return new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }

    boolean isHttps() {
        return "https".equals(scheme);
    }

    /** The host without the brackets of an IPv6 literal, for resolving and for TLS. */
    String bareHost() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The value of the Host header: the host, and the port when it is not the scheme's default. */
    String hostHeader() {
        return port == defaultPort(scheme) ? host : host + ":" + port;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
