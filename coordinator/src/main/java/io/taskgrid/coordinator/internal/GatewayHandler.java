package io.taskgrid.coordinator.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.taskgrid.ClusterStatus;
import io.taskgrid.cluster.CoordinatorMessage;
import io.taskgrid.internal.Secrets;
import io.taskgrid.internal.TaskgridVersion;
import io.taskgrid.internal.protocol.ArtifactRef;
import io.taskgrid.internal.protocol.ClientMessage;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.ProtocolVersion;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection at the gateway: the handshake first, then requests passed on to the job
 * manager. Anything wrong with the connection's bytes ends that connection with a
 * {@link GatewayMessage.Refused} that says why; other clients never notice.
 */
final class GatewayHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(GatewayHandler.class);

    private final ActiveJobManager active;
    private ActorRef<CoordinatorMessage> jobManager;
    private final String coordinatorId;
    private final int maxFrameBytes;
    private final String token;
    private final ArtifactStore artifacts;
    private final ArtifactUploads uploads;
    private ChannelSession session;

    GatewayHandler(ActiveJobManager active, String coordinatorId, int maxFrameBytes, String token, ArtifactStore artifacts) {
        this.active = active;
        this.artifacts = artifacts;
        this.uploads = new ArtifactUploads(artifacts);
        this.coordinatorId = coordinatorId;
        this.maxFrameBytes = maxFrameBytes;
        this.token = token;
    }

    /** How long a new connection may take to say hello. */
    private static final long HANDSHAKE_SECONDS = 10;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.executor().schedule(() -> {
            if (session == null) {
                refuse(ctx, "no hello within " + HANDSHAKE_SECONDS + " s: this port speaks the Taskgrid client protocol");
            }
        }, HANDSHAKE_SECONDS, TimeUnit.SECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (session == null) {
            onHandshake(ctx, message);
        } else if (message instanceof ClientMessage.SubmitJob submit) {
            onSubmit(submit);
        } else if (message instanceof ClientMessage.UploadArtifact chunk) {
            answer(uploads.onChunk(chunk));
        } else if (message instanceof ClientMessage.OfferArtifacts offer) {
            answer(uploads.onOffer(offer));
        } else if (message instanceof ClientMessage.AttachJob attach) {
            jobManager.tell(new JobManagerRequests.Attach(attach.jobId(), session, attach.requestId()));
        } else if (message instanceof ClientMessage.ResultsCollected collected) {
            jobManager.tell(new JobManagerRequests.Collected(collected.jobId()));
        } else if (message instanceof ClientMessage.CancelJob cancel) {
            jobManager.tell(new JobManagerRequests.Cancel(cancel.jobId(), session, cancel.requestId()));
        } else if (message instanceof ClientMessage.DrainWorker drain) {
            onDrain(drain);
        } else if (message instanceof ClientMessage.GetClusterStatus status) {
            CompletableFuture<ClusterStatus> reply = new CompletableFuture<>();
            jobManager.tell(new JobManagerRequests.GetStatus(reply));
            ChannelSession to = session;
            reply.thenAccept(cluster -> to.send(new GatewayMessage.StatusReport(status.requestId(), cluster)));
        } else {
            refuse(ctx, "unexpected " + message.getClass().getSimpleName() + " after the handshake");
        }
    }

    private void onDrain(ClientMessage.DrainWorker drain) {
        CompletableFuture<Boolean> known = new CompletableFuture<>();
        jobManager.tell(new JobManagerRequests.DrainWorker(drain.workerId(), session.describe(), known));
        ChannelSession to = session;
        known.thenAccept(registered -> to.send(registered
                ? new GatewayMessage.DrainAccepted(drain.requestId(), drain.workerId())
                : new GatewayMessage.RequestFailed(drain.requestId(), "there is no worker " + drain.workerId()
                        + ": it has left already, or the id is wrong ('taskgrid workers' lists them)")));
    }

    /** Passes the job on once its code is stored; a job whose code is missing is refused, saying which. */
    private void onSubmit(ClientMessage.SubmitJob submit) {
        List<ArtifactRef> needed = submit.spec().artifacts() == null ? List.of() : submit.spec().artifacts();
        if (needed.stream().allMatch(ref -> artifacts.isKnownComplete(ref.hash()))) {
            jobManager.tell(new JobManagerRequests.Submit(submit.spec(), session, submit.requestId()));
            return;
        }
        ChannelSession to = session;
        ActorRef<CoordinatorMessage> manager = jobManager;
        CompletableFuture<List<String>> missing = CompletableFuture.completedFuture(List.of());
        for (ArtifactRef ref : needed) {
            missing = missing.thenCombine(artifacts.isComplete(ref.hash()), (names, complete) -> complete ? names
                    : java.util.stream.Stream.concat(names.stream(), java.util.stream.Stream.of(ref.name())).toList());
        }
        missing.whenComplete((names, error) -> {
            if (error == null && names.isEmpty()) {
                manager.tell(new JobManagerRequests.Submit(submit.spec(), to, submit.requestId()));
            } else {
                to.send(new GatewayMessage.RequestFailed(submit.requestId(), error != null
                        ? "the coordinator could not check the job's code: " + error.getMessage()
                        : "the job's code " + names + " is not on the coordinator: upload it first (the Taskgrid "
                        + "client does; a client that skipped it is not of this version)"));
            }
        });
    }

    private void answer(java.util.concurrent.CompletionStage<GatewayMessage> reply) {
        if (reply != null) {
            ChannelSession to = session;
            reply.thenAccept(to::send);
        }
    }

    private void onHandshake(ChannelHandlerContext ctx, Object message) {
        if (!(message instanceof ClientMessage.Hello hello)) {
            refuse(ctx, "the first message must be a hello, not " + message.getClass().getSimpleName());
            return;
        }
        if (hello.protocolVersion() != ProtocolVersion.CURRENT) {
            refuse(ctx, "this coordinator speaks protocol version " + ProtocolVersion.CURRENT + " (Taskgrid "
                    + TaskgridVersion.get() + "), the client speaks version " + hello.protocolVersion()
                    + ": use a client of the coordinator's version");
            return;
        }
        if (!Secrets.matches(token, hello.token())) {
            refuse(ctx, hello.token() == null || hello.token().isEmpty()
                    ? "this coordinator requires the cluster's token and the client presented none: set "
                    + Secrets.TOKEN_ENV + ", or put the token in ~/.taskgrid/token (the coordinator's machine has "
                    + "it there), or pass it with TaskgridClient.builder().token(...)"
                    : "the token this client presented is not the cluster's token: use the one in the "
                    + "coordinator's ~/.taskgrid/token (or its " + Secrets.TOKEN_ENV + ")");
            return;
        }
        jobManager = active.get();
        if (jobManager == null) {
            refuse(ctx, "this is a standby coordinator; it takes over when the active one fails. Connect to the "
                    + "active coordinator, or list every coordinator's gateway (the client tries each)");
            return;
        }
        session = new ChannelSession(ctx.channel());
        log.debug("Client {} connected: {} (Taskgrid {})", ctx.channel().remoteAddress(), hello.clientName(),
                hello.taskgridVersion());
        ctx.writeAndFlush(new GatewayMessage.Welcome(ProtocolVersion.CURRENT, TaskgridVersion.get(), coordinatorId));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            jobManager.tell(new JobManagerRequests.ClientDisconnected(session));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            refuse(ctx, "a frame is longer than the gateway's limit of " + maxFrameBytes + " bytes: "
                    + "send smaller jobs, or raise the limit on the coordinator");
        } else if (cause instanceof CorruptedFrameException || cause instanceof DecoderException) {
            refuse(ctx, cause.getMessage());
        } else if (cause instanceof IOException) {
            log.debug("Connection to {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            log.warn("Closing the connection to {} after an unexpected error", ctx.channel().remoteAddress(), cause);
            refuse(ctx, "internal error in the gateway: " + cause);
        }
    }

    private void refuse(ChannelHandlerContext ctx, String reason) {
        log.info("Refusing client {}: {}", ctx.channel().remoteAddress(), reason);
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new GatewayMessage.Refused(reason)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
