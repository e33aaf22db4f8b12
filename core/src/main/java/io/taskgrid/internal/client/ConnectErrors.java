package io.taskgrid.internal.client;

import io.taskgrid.TaskgridException;
import io.taskgrid.internal.HostAndPort;
import io.taskgrid.internal.TaskgridVersion;
import io.taskgrid.internal.protocol.ProtocolVersion;

import java.net.ConnectException;
import java.net.UnknownHostException;

/** The messages a user sees when a connection cannot be made; each says what to check. */
final class ConnectErrors {

    private ConnectErrors() {
    }

    static TaskgridException cannotConnect(HostAndPort address, Throwable cause) {
        String why;
        if (cause instanceof UnknownHostException || cause.getCause() instanceof UnknownHostException) {
            why = "the host '" + address.host() + "' is unknown";
        } else if (cause instanceof ConnectException && String.valueOf(cause.getMessage()).contains("refused")) {
            why = "nothing is listening there (connection refused)";
        } else if (cause instanceof io.netty.channel.ConnectTimeoutException) {
            why = "it did not answer in time (a firewall, or a wrong host?)";
        } else {
            why = String.valueOf(cause.getMessage());
        }
        return new TaskgridException("Cannot reach a Taskgrid coordinator at " + address + ": " + why
                + ". Check the address (the gateway port that 'taskgrid coordinator' or 'taskgrid local' "
                + "printed) and that the coordinator is running", cause);
    }

    static TaskgridException versionMismatch(HostAndPort address, int theirVersion, String theirRelease) {
        return new TaskgridException("The coordinator at " + address + " speaks protocol version "
                + theirVersion + " (Taskgrid " + theirRelease + "), this client speaks version "
                + ProtocolVersion.CURRENT + " (Taskgrid " + TaskgridVersion.get()
                + "): use a client of the coordinator's version");
    }
}
