package io.taskgrid.coordinator.internal;

import io.taskgrid.internal.protocol.GatewayMessage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A client that follows a running job. One that attached while the job ran first gets the job's
 * recorded outcomes from {@link StoreReads}, on its thread; meanwhile the live outcomes that the
 * job manager sends it wait here, and go out once the replay is done. The store may already hold
 * some of those live ones when the replay reads it, so the replay leaves out the subtasks that wait
 * here ({@link #heldBackSubtasks}): the client gets each outcome once, and the job manager never
 * waits for the store.
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

    /**
     * The subtasks whose outcomes wait here now. Called after the replay read the store: a live
     * outcome the store held by then is among these, so the replay leaves these out.
     */
    synchronized Set<Integer> heldBackSubtasks() {
        Set<Integer> subtasks = new HashSet<>();
        if (heldBack != null) {
            for (GatewayMessage message : heldBack) {
                if (message instanceof GatewayMessage.SubtaskResults results) {
                    Arrays.stream(results.indices()).forEach(subtasks::add);
                } else if (message instanceof GatewayMessage.SubtaskFailures failures) {
                    failures.failures().forEach(failure -> subtasks.add(failure.index()));
                }
            }
        }
        return subtasks;
    }

    /** The recorded outcomes went out: what was held back goes now, and the rest as it comes. */
    synchronized void replayed() {
        if (heldBack != null) {
            heldBack.forEach(client::send);
            heldBack = null;
        }
    }
}
