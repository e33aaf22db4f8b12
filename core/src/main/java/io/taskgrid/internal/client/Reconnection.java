package io.taskgrid.internal.client;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.taskgrid.TaskgridException;
import io.taskgrid.internal.HostAndPort;
import io.taskgrid.internal.protocol.ClientMessage;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.JobSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What a client does when it loses its connection and may reconnect: fails the requests that
 * wait for an answer (but submits, which are sent again), connects again, to the same or another
 * gateway (such as a standby that took over), for up to {@link ClientConfig#reconnectFor()}, then
 * attaches to every job it follows and submits again those the coordinator never stored. It
 * connects on a thread of its own and resubmits on another, never on the delivery thread, which
 * delivers the answers they wait for.
 */
final class Reconnection {

    private static final Logger log = LoggerFactory.getLogger(GatewayClient.class);

    private final GatewayClient client;
    private final GatewayConnector connector;
    private final ClientConfig config;
    private final ArtifactUploader uploader;
    private final FollowedJobs followed;
    private final ExecutorService resubmitter =
            Executors.newSingleThreadExecutor(new DefaultThreadFactory("taskgrid-client-resubmit", true));
    private volatile boolean underway;

    Reconnection(GatewayClient client, GatewayConnector connector, ClientConfig config, ArtifactUploader uploader,
                 FollowedJobs followed) {
        this.client = client;
        this.connector = connector;
        this.config = config;
        this.uploader = uploader;
        this.followed = followed;
    }

    /** Whether the client is reconnecting now. */
    boolean underway() {
        return underway;
    }

    /** Starts reconnecting after the connection to {@code lost} ended ({@code refusal}: what the coordinator said, if anything). */
    void start(HostAndPort lost, String refusal) {
        underway = true;
        log.warn("Lost the connection to the coordinator at {}{}; reconnecting for up to {} s", lost,
                refusal == null ? "" : " (" + refusal + ")", config.reconnectFor().toSeconds());
        client.onDeliveryThread(client::failRequestsButSubmits);
        Thread reconnect = new Thread(() -> reconnect(refusal), "taskgrid-client-reconnect");
        reconnect.setDaemon(true);
        reconnect.start();
    }

    void close() {
        resubmitter.shutdownNow();
    }

    private void reconnect(String refusal) {
        long deadline = System.nanoTime() + config.reconnectFor().toNanos();
        long pause = 100;
        TaskgridException last = null;
        while (!client.isClosed() && System.nanoTime() < deadline) {
            try {
                GatewayConnector.Connected connected = connector.connectToAny();
                if (!client.adopt(connected)) {
                    continue; // it closed before it became the connection: its close notice was ignored
                }
                uploader.connectionChanged();
                underway = false;
                log.warn("Reconnected to the coordinator at {}; following {} jobs again", connected.address(),
                        followed.handles().size());
                client.onDeliveryThread(this::followAgain);
                return;
            } catch (TaskgridException e) {
                last = e;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                break;
            }
            pause = Math.min(1000, pause * 2);
        }
        underway = false;
        TaskgridException error = client.connectionLost(last, refusal);
        client.onDeliveryThread(() -> client.failEverything(error));
    }

    /**
     * On the delivery thread, once reconnected: attaches to every job followed; a job the
     * coordinator does not know and that was never accepted is sent again.
     */
    private void followAgain() {
        for (ClientJobHandle<?> handle : followed.handles()) {
            long[] requestId = new long[1];
            try {
                client.request(id -> {
                    requestId[0] = id;
                    return new ClientMessage.AttachJob(id, handle.id());
                }).whenCompleteAsync((reply, error) -> {
                    followed.takeAttached(requestId[0]);
                    JobSpec spec = followed.submitted(handle.id());
                    if (reply instanceof GatewayMessage.RequestFailed failed && spec != null) {
                        resubmitter.execute(() -> resubmit(spec, handle));
                    } else if (reply instanceof GatewayMessage.RequestFailed failed) {
                        followed.forget(handle.id());
                        handle.failLocally(new TaskgridException("After reconnecting, the coordinator could not "
                                + "follow job " + handle.id() + ": " + failed.message()));
                    }
                }, client.deliveryThread());
            } catch (TaskgridException lostAgain) {
                return; // the next disconnect notice starts over
            }
        }
    }

    private void resubmit(JobSpec spec, ClientJobHandle<?> handle) {
        try {
            uploader.ensureStored(spec.artifacts());
            client.sendSubmit(spec);
        } catch (TaskgridException e) {
            if (!underway) {
                followed.forget(spec.jobId());
                handle.failLocally(e);
            }
        }
    }
}
