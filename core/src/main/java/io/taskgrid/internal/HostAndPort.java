package io.taskgrid.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A {@code host:port} address, parsed with a message that says what was expected. */
public record HostAndPort(String host, int port) {

    public HostAndPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }

    /**
     * Parses {@code host:port}; an IPv6 host goes in brackets ({@code [::1]:7711}).
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static HostAndPort parse(String address) {
        if (address == null) {
            throw new IllegalArgumentException("expected an address HOST:PORT, such as 127.0.0.1:7711, but got nothing");
        }
        String text = address.strip();
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("expected an address HOST:PORT, such as 127.0.0.1:7711, but got '"
                    + address + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new HostAndPort(host, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an address HOST:PORT, such as 127.0.0.1:7711, but the port in '"
                    + address + "' is not a number");
        }
    }

    /** A port that was free on this machine a moment ago (another process may take it before we bind it). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
