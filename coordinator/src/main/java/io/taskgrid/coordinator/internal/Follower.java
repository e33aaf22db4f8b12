package io.taskgrid.coordinator.internal;

import io.taskgrid.internal.protocol.GatewayMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * A client that follows a running job. One that attached while the job ran first gets the job's
 * recorded outcomes from {@link StoreReads}, on its thread; meanwhile the live outcomes that the
 * job manager sends it wait here, and go out once the replay is done. So the client gets each
 * outcome once, the recorded ones first, and the job manager never waits for the store.
 */
final class Follower {

    final ClientSession client;
    /** Live messages held back while the replay runs; {@code null} once it is done. Guarded by this. */
    private List<GatewayMessage> heldBack;

    private Follower(ClientSession client, boolean replaying) {
        this.client = client;
        this.heldBack = replaying ? new ArrayList<>() : null;
    }

    /** A client that submitted the job: it has missed nothing. */
    static Follower fromStart(ClientSession client) {
        return new Follower(client, false);
    }

    /** A client that attached to a running job: it follows once {@link #replayed} is called. */
    static Follower afterReplay(ClientSession client) {
        return new Follower(client, true);
    }

    synchronized void send(GatewayMessage message) {
        if (heldBack != null) {
            heldBack.add(message);
        } else {
            client.send(message);
        }
    }

    /** The recorded outcomes went out: what was held back goes now, and the rest as it comes. */
    synchronized void replayed() {
        if (heldBack != null) {
            heldBack.forEach(client::send);
            heldBack = null;
        }
    }
}
