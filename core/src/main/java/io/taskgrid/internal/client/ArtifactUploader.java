package io.taskgrid.internal.client;

import io.taskgrid.TaskgridException;
import io.taskgrid.internal.protocol.ArtifactRef;
import io.taskgrid.internal.protocol.ClientMessage;
import io.taskgrid.internal.protocol.GatewayMessage;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure the coordinator holds the artifacts a job needs before the job is sent: offers the
 * ones this client has not seen it take, and uploads those it lacks, in chunks. Remembers what
 * the coordinator holds until the connection changes.
 */
final class ArtifactUploader {

    /** What the uploader needs from the connection to the gateway (the client implements it). */
    interface Connection {
        /** Sends the message made from a new request id; the future completes with the answer. */
        CompletableFuture<GatewayMessage> request(java.util.function.LongFunction<ClientMessage> message);

        /** Sends one more message of a request, waiting while the connection's buffer is full. */
        void send(ClientMessage message);

        /** Waits for an answer; throws a {@link TaskgridException} for failures. */
        GatewayMessage await(CompletableFuture<GatewayMessage> reply, String what);
    }

    private final CodeArtifacts artifacts;
    private final Connection connection;
    private final Set<String> stored = ConcurrentHashMap.newKeySet();

    ArtifactUploader(CodeArtifacts artifacts, Connection connection) {
        this.artifacts = artifacts;
        this.connection = connection;
    }

    /** Forgets what the coordinator holds (another coordinator may answer now). */
    void connectionChanged() {
        stored.clear();
    }

    /** Uploads what the coordinator lacks of {@code refs}; returns when all of it is stored. */
    void ensureStored(List<ArtifactRef> refs) {
        List<ArtifactRef> unknown = new ArrayList<>();
        for (ArtifactRef ref : refs) {
            if (!stored.contains(ref.hash())) {
                unknown.add(ref);
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        GatewayMessage.ArtifactsWanted wanted = (GatewayMessage.ArtifactsWanted) connection.await(
                connection.request(id -> new ClientMessage.OfferArtifacts(id, unknown)), "which code it lacks");
        for (ArtifactRef ref : unknown) {
            if (wanted.hashes().contains(ref.hash())) {
                upload(ref);
            }
            stored.add(ref.hash());
        }
    }

    private void upload(ArtifactRef ref) {
        try (InputStream in = artifacts.open(ref.hash())) {
            byte[] first = in.readNBytes(ArtifactRef.CHUNK_BYTES);
            long offset = first.length;
            boolean last = offset >= ref.size();
            long[] requestId = new long[1];
            CompletableFuture<GatewayMessage> reply = connection.request(id -> {
                requestId[0] = id;
                return new ClientMessage.UploadArtifact(id, ref, 0, first, last);
            });
            while (offset < ref.size() && !reply.isDone()) {
                byte[] chunk = in.readNBytes(ArtifactRef.CHUNK_BYTES);
                if (chunk.length == 0) {
                    throw new IOException("it changed while it was uploaded (shorter than " + ref.size() + " bytes)");
                }
                connection.send(new ClientMessage.UploadArtifact(requestId[0], ref, offset, chunk,
                        offset + chunk.length >= ref.size()));
                offset += chunk.length;
            }
            connection.await(reply, "a confirmation that it stored " + ref.name());
        } catch (IOException e) {
            throw new TaskgridException("Cannot upload " + ref.name() + " to the coordinator: " + e.getMessage(), e);
        }
    }
}
