package io.taskgrid.internal.client;

import io.netty.handler.ssl.SslContext;
import io.taskgrid.internal.HostAndPort;

import java.time.Duration;
import java.util.List;

/**
 * How a client connects.
 *
 * @param gateways       the coordinators' gateways, tried in order (an active one and its standbys)
 * @param token          the cluster's secret, or {@code null} to present none
 * @param connectTimeout how long to wait for one gateway to answer
 * @param reconnectFor   after losing the connection, how long to keep trying the gateways before
 *                       the open jobs fail; {@link Duration#ZERO} gives up at once
 * @param tls            TLS to the gateway, checking its certificate and that it names the
 *                       gateway's address; {@code null} for plain TCP
 */
public record ClientConfig(List<HostAndPort> gateways, String token, Duration connectTimeout, Duration reconnectFor,
                           SslContext tls) {

    public ClientConfig {
        gateways = List.copyOf(gateways);
        if (gateways.isEmpty()) {
            throw new IllegalArgumentException("name at least one coordinator gateway, such as 127.0.0.1:7711");
        }
    }
}
