package io.taskgrid.internal.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.taskgrid.ClusterStatus;
import io.taskgrid.Job;
import io.taskgrid.JobHandle;
import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridException;
import io.taskgrid.TaskgridExecutorService;
import io.taskgrid.internal.protocol.ClientMessage;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.serialization.PayloadCodec;
import io.taskgrid.internal.wire.Frames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The client: one TCP connection at a time to one of the coordinators' gateways, Kryo frames both
 * ways. This class sends the requests and matches the answers to them; {@link FollowedJobs} keeps
 * the handles of the jobs it follows up to date, and when the connection is lost
 * {@link Reconnection} connects again and attaches to every job followed; the coordinator replays
 * the outcomes it kept and the handles keep the first outcome of each subtask.
 *
 * <p>Threads: one Netty I/O thread decodes frames and hands each message to one delivery thread,
 * which decodes user payloads, updates job handles and completes futures, in arrival order. User
 * code therefore never runs on the I/O thread.
 */
public final class GatewayClient implements TaskgridClient, ArtifactUploader.Connection {

    private static final Logger log = LoggerFactory.getLogger(GatewayClient.class);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final ClientConfig config;
    private final EventLoopGroup ioGroup;
    private final ExecutorService delivery;
    private final PayloadCodec payloads;
    private final GatewayConnector connector;
    private final String clientId = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24);
    private final AtomicLong sequence = new AtomicLong();
    private final Map<Long, CompletableFuture<GatewayMessage>> pending = new ConcurrentHashMap<>();
    private final FollowedJobs followed;
    private final CodeArtifacts code = new CodeArtifacts();
    private final ArtifactUploader uploader = new ArtifactUploader(code, this);
    private final Reconnection reconnection;
    private volatile GatewayConnector.Connected connection;
    private final LazyWrites lazyWrites = new LazyWrites(() -> {
        GatewayConnector.Connected open = connection;
        return open == null ? null : open.channel();
    });
    private volatile boolean closed;

    private GatewayClient(ClientConfig config) {
        this.config = config;
        this.ioGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("taskgrid-client-io", true),
                NioIoHandler.newFactory());
        this.delivery = Executors.newSingleThreadExecutor(new DefaultThreadFactory("taskgrid-client-delivery", true));
        this.payloads = new PayloadCodec(Thread.currentThread().getContextClassLoader());
        this.connector = new GatewayConnector(ioGroup, config, this);
        this.followed = new FollowedJobs(this, payloads);
        this.reconnection = new Reconnection(this, connector, config, uploader, followed);
    }

    /** Connects to the first gateway that accepts this client; see {@link TaskgridClient#connect(String)}. */
    public static GatewayClient connect(ClientConfig config) {
        GatewayClient client = new GatewayClient(config);
        try {
            client.connection = client.connector.connectToAny();
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    @Override
    public <R> JobHandle<R> submit(Job<R> job) {
        ensureOpen();
        String jobId = clientId + "-" + sequence.incrementAndGet();
        JobSpec spec = JobEncoder.encode(job, jobId, payloads, Frames.DEFAULT_MAX_FRAME_BYTES, code);
        uploader.ensureStored(spec.artifacts());
        ClientJobHandle<R> handle = new ClientJobHandle<>(this, jobId, job.name(), spec.subtaskCount());
        followed.submitting(spec, handle);
        try {
            sendSubmit(spec);
        } catch (TaskgridException e) {
            followed.forget(jobId);
            throw e;
        }
        return handle;
    }

    /** Sends a job; if the coordinator refuses it, or the request fails but for a reconnect, its handle fails. */
    void sendSubmit(JobSpec spec) {
        String jobId = spec.jobId();
        request(id -> new ClientMessage.SubmitJob(id, spec)).whenCompleteAsync((reply, error) -> {
            if (reply instanceof GatewayMessage.RequestFailed failed) {
                followed.fail(jobId, new TaskgridException("The coordinator refused job " + jobId + ": " + failed.message()));
            } else if (error != null && !(error instanceof Reconnecting)) {
                followed.fail(jobId, asTaskgridException(error));
            }
        }, delivery);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> JobHandle<R> attach(String jobId) {
        long[] requestId = new long[1];
        GatewayMessage reply = await(request(id -> {
            requestId[0] = id;
            return new ClientMessage.AttachJob(id, jobId);
        }), "job " + jobId);
        ClientJobHandle<?> handle = followed.takeAttached(requestId[0]);
        if (!(reply instanceof GatewayMessage.JobAttached) || handle == null) {
            throw new TaskgridException("The coordinator did not attach this client to job " + jobId);
        }
        return (JobHandle<R>) handle;
    }

    @Override
    public TaskgridExecutorService executor() {
        return new ClusterExecutor(this);
    }

    @Override
    public ClusterStatus status() {
        GatewayMessage reply = await(request(ClientMessage.GetClusterStatus::new), "the cluster status");
        return ((GatewayMessage.StatusReport) reply).status();
    }

    @Override
    public String address() {
        GatewayConnector.Connected current = connection;
        return (current == null ? config.gateways().get(0) : current.address()).toString();
    }

    @Override
    public void cancel(String jobId) {
        await(request(id -> new ClientMessage.CancelJob(id, jobId)), "the cancellation of job " + jobId);
    }

    @Override
    public void drain(String workerId) {
        await(request(id -> new ClientMessage.DrainWorker(id, workerId)), "draining worker " + workerId);
    }

    /** Asks for the cancellation without waiting for the answer (a handle's cancel). */
    void requestCancel(String jobId) {
        request(id -> new ClientMessage.CancelJob(id, jobId));
    }

    @Override
    public CompletableFuture<GatewayMessage> request(LongFunction<ClientMessage> message) {
        ensureOpen();
        Channel channel = connection.channel();
        long requestId = sequence.incrementAndGet();
        CompletableFuture<GatewayMessage> reply = new CompletableFuture<>();
        pending.put(requestId, reply);
        channel.writeAndFlush(message.apply(requestId)).addListener(written -> {
            if (!written.isSuccess()) {
                pending.remove(requestId);
                boolean willReconnect = !closed && !config.reconnectFor().isZero();
                reply.completeExceptionally(willReconnect ? new Reconnecting() : connectionLost(written.cause(), null));
            }
        });
        return reply;
    }

    @Override
    public void send(ClientMessage message) {
        ensureOpen();
        Channel channel = connection.channel();
        ChannelFuture written = channel.writeAndFlush(message);
        if (!channel.isWritable()) {
            written.awaitUninterruptibly(); // let the socket drain instead of buffering a whole jar
        }
    }

    @Override
    public GatewayMessage await(CompletableFuture<GatewayMessage> reply, String what) {
        try {
            GatewayMessage message = reply.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (message instanceof GatewayMessage.RequestFailed failed) {
                throw new TaskgridException("The coordinator could not give " + what + ": " + failed.message());
            }
            return message;
        } catch (ExecutionException e) {
            throw asTaskgridException(e.getCause());
        } catch (TimeoutException e) {
            throw new TaskgridException("The coordinator at " + address() + " did not send " + what + " within "
                    + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskgridException("interrupted while waiting for " + what, e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new TaskgridException("This client is closed; connect a new one with TaskgridClient.connect");
        }
        if (reconnection.underway()) {
            throw new TaskgridException("The connection to the coordinator at " + address() + " was lost and the "
                    + "client is reconnecting; try again in a moment (jobs already submitted are followed again "
                    + "once it is back)");
        }
        if (!connection.channel().isActive()) {
            throw connectionLost(null, null);
        }
    }

    // ---- inbound, called on the I/O thread ----

    /** Messages from the gateway, in arrival order; applied on the delivery thread. */
    void onMessages(Channel from, List<GatewayMessage> messages) {
        onDeliveryThread(() -> {
            for (GatewayMessage message : messages) {
                try {
                    deliver(message);
                } catch (RuntimeException e) {
                    log.error("Could not apply {} from the coordinator at {}", message.getClass().getSimpleName(),
                            from.remoteAddress(), e);
                }
            }
        });
    }

    void onDisconnected(Channel channel, String refusal) {
        GatewayConnector.Connected current = connection;
        if (current == null || current.channel() != channel) {
            return; // an older connection
        }
        if (closed || config.reconnectFor().isZero()) {
            TaskgridException error = connectionLost(null, refusal);
            onDeliveryThread(() -> failEverything(error));
            return;
        }
        reconnection.start(current.address(), refusal);
    }

    // ---- the delivery thread and the connection, for this class and Reconnection ----

    /** Runs {@code action} on the delivery thread, or at once when the client is closed. */
    void onDeliveryThread(Runnable action) {
        try {
            delivery.execute(action);
        } catch (RejectedExecutionException closedAlready) {
            action.run();
        }
    }

    Executor deliveryThread() {
        return delivery;
    }

    boolean isClosed() {
        return closed;
    }

    /** Makes a new connection this client's; returns whether it is still open, else its close went unnoticed. */
    boolean adopt(GatewayConnector.Connected connected) {
        connection = connected;
        return connected.channel().isActive();
    }

    // ---- on the delivery thread ----

    private void deliver(GatewayMessage message) {
        if (!followed.deliver(message)) {
            completeRequest(message);
        }
    }

    /** Tells the coordinator, when connected, that this client has all of a job's outcomes. */
    void resultsCollected(String jobId) {
        Channel channel = connection.channel();
        if (channel.isActive()) {
            lazyWrites.write(channel, new ClientMessage.ResultsCollected(jobId));
        }
    }

    private void completeRequest(GatewayMessage message) {
        if (message instanceof GatewayMessage.Answer answer) {
            CompletableFuture<GatewayMessage> reply = pending.remove(answer.requestId());
            if (reply != null) {
                reply.complete(message);
            }
        }
    }

    /** A request's answer was lost with the connection; a submit is sent again once reconnected. */
    private static final class Reconnecting extends TaskgridException {
        Reconnecting() {
            super("The connection to the coordinator was lost before it answered; the client is reconnecting, "
                    + "try again in a moment");
        }
    }

    /** While reconnecting: requests other than submits fail (a submit is sent again once connected). */
    void failRequestsButSubmits() {
        TaskgridException error = new Reconnecting();
        for (Map.Entry<Long, CompletableFuture<GatewayMessage>> entry : pending.entrySet()) {
            pending.remove(entry.getKey());
            entry.getValue().completeExceptionally(error);
        }
    }

    void failEverything(TaskgridException error) {
        pending.values().forEach(reply -> reply.completeExceptionally(error));
        pending.clear();
        followed.failAll(error);
    }

    TaskgridException connectionLost(Throwable cause, String refusal) {
        if (closed) {
            return new TaskgridException("This client was closed; jobs keep running on the cluster");
        }
        String why = refusal != null ? ": the coordinator said: " + refusal : "";
        String retried = config.reconnectFor().isZero() ? "" : " and could not reconnect within "
                + config.reconnectFor().toSeconds() + " s";
        return new TaskgridException("Lost the connection to the coordinator at " + address() + why + retried
                + ". Jobs already submitted keep running on the cluster; follow one again with "
                + "TaskgridClient.attach(jobId)", cause);
    }

    private static TaskgridException asTaskgridException(Throwable error) {
        return error instanceof TaskgridException t ? t : new TaskgridException(String.valueOf(error.getMessage()), error);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        GatewayConnector.Connected open = connection;
        if (open != null) {
            lazyWrites.flushNow(); // runs on the event loop before the close
            open.channel().close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        TaskgridException error = connectionLost(null, null);
        onDeliveryThread(() -> failEverything(error));
        delivery.shutdown();
        reconnection.close();
    }
}
