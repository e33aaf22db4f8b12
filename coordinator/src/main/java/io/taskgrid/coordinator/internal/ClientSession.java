package io.taskgrid.coordinator.internal;

import io.taskgrid.internal.protocol.GatewayMessage;

/** A connected client, as the job manager sees it: somewhere to send gateway messages. */
public interface ClientSession {

    /** A short description for logs, such as the client's address. */
    String describe();

    /** Whether messages can still reach the client. */
    boolean isOpen();

    /** Sends a message to the client; dropped if the connection has closed. */
    void send(GatewayMessage message);
}
