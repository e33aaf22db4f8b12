package io.taskgrid.internal.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.taskgrid.ClusterStatus;
import io.taskgrid.Job;
import io.taskgrid.JobHandle;
import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridException;
import io.taskgrid.TaskgridExecutorService;
import io.taskgrid.internal.HostAndPort;
import io.taskgrid.internal.TaskgridVersion;
import io.taskgrid.internal.protocol.ClientMessage;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.protocol.ProtocolVersion;
import io.taskgrid.internal.protocol.RemoteFailure;
import io.taskgrid.internal.protocol.SubtaskFailure;
import io.taskgrid.internal.serialization.KryoPool;
import io.taskgrid.internal.serialization.PayloadCodec;
import io.taskgrid.internal.serialization.WireKryo;
import io.taskgrid.internal.wire.FrameDecoder;
import io.taskgrid.internal.wire.FrameEncoder;
import io.taskgrid.internal.wire.Frames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The client: one TCP connection to the coordinator's gateway, Kryo frames both ways.
 *
 * <p>Threads: one Netty I/O thread decodes frames and hands each message to one dispatch thread,
 * which decodes user payloads, updates job handles and completes futures, in arrival order. User
 * code therefore never runs on the I/O thread.
 */
public final class GatewayClient implements TaskgridClient {

    private static final Logger log = LoggerFactory.getLogger(GatewayClient.class);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HostAndPort address;
    private final EventLoopGroup ioGroup;
    private final ExecutorService dispatcher;
    private final PayloadCodec payloads;
    private final String clientId = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24);
    private final AtomicLong sequence = new AtomicLong();
    private final Map<Long, CompletableFuture<GatewayMessage>> pending = new ConcurrentHashMap<>();
    private final Map<String, ClientJobHandle<?>> jobs = new ConcurrentHashMap<>();
    private final CompletableFuture<GatewayMessage.Welcome> handshake = new CompletableFuture<>();
    private volatile Channel channel;
    private volatile boolean closed;
    private volatile String refusal;

    private GatewayClient(HostAndPort address) {
        this.address = address;
        this.ioGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("taskgrid-client-io", true),
                NioIoHandler.newFactory());
        this.dispatcher = Executors.newSingleThreadExecutor(new DefaultThreadFactory("taskgrid-client-dispatch", true));
        this.payloads = new PayloadCodec(Thread.currentThread().getContextClassLoader());
    }

    /** Connects and shakes hands; see {@link TaskgridClient#connect(String, Duration)}. */
    public static GatewayClient connect(String address, Duration timeout) {
        HostAndPort target;
        try {
            target = HostAndPort.parse(address);
        } catch (IllegalArgumentException e) {
            throw new TaskgridException("Cannot connect: " + e.getMessage());
        }
        GatewayClient client = new GatewayClient(target);
        try {
            client.open(timeout);
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private void open(Duration timeout) {
        KryoPool wire = new KryoPool(WireKryo::newGatewayKryo);
        FrameEncoder encoder = new FrameEncoder(wire);
        Bootstrap bootstrap = new Bootstrap()
                .group(ioGroup)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new FrameDecoder(wire, Frames.DEFAULT_MAX_FRAME_BYTES), encoder,
                                new ClientInboundHandler(GatewayClient.this));
                    }
                });
        ChannelFuture connecting = bootstrap.connect(address.host(), address.port());
        connecting.awaitUninterruptibly();
        if (!connecting.isSuccess()) {
            throw ConnectErrors.cannotConnect(address, connecting.cause());
        }
        channel = connecting.channel();
        channel.writeAndFlush(new ClientMessage.Hello(ProtocolVersion.CURRENT, TaskgridVersion.get(),
                "java-client@" + ProcessHandle.current().pid()));
        awaitHandshake(timeout);
    }

    private void awaitHandshake(Duration timeout) {
        try {
            GatewayMessage.Welcome welcome = handshake.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (welcome.protocolVersion() != ProtocolVersion.CURRENT) {
                throw ConnectErrors.versionMismatch(address, welcome.protocolVersion(), welcome.taskgridVersion());
            }
        } catch (TimeoutException e) {
            throw new TaskgridException("The server at " + address + " accepted the connection but did not "
                    + "answer the Taskgrid handshake within " + timeout.toSeconds() + " s: is this the "
                    + "coordinator's gateway port (not its cluster or HTTP port)?");
        } catch (ExecutionException e) {
            throw (TaskgridException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskgridException("interrupted while connecting to " + address, e);
        }
    }

    @Override
    public <R> JobHandle<R> submit(Job<R> job) {
        ensureOpen();
        String jobId = clientId + "-" + sequence.incrementAndGet();
        JobSpec spec = JobEncoder.encode(job, jobId, payloads, Frames.DEFAULT_MAX_FRAME_BYTES);
        ClientJobHandle<R> handle = new ClientJobHandle<>(this, jobId, job.name(), spec.subtaskCount());
        jobs.put(jobId, handle);
        CompletableFuture<GatewayMessage> accepted;
        try {
            accepted = request(id -> new ClientMessage.SubmitJob(id, spec));
        } catch (TaskgridException e) {
            jobs.remove(jobId);
            throw e;
        }
        accepted.whenCompleteAsync((reply, error) -> {
            if (error != null) {
                jobs.remove(jobId);
                handle.failLocally(asTaskgridException(error));
            } else if (reply instanceof GatewayMessage.RequestFailed failed) {
                jobs.remove(jobId);
                handle.failLocally(new TaskgridException("The coordinator refused job " + jobId + ": " + failed.message()));
            }
        }, dispatcher);
        return handle;
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
        return address.toString();
    }

    void cancel(String jobId) {
        request(id -> new ClientMessage.CancelJob(id, jobId));
    }

    private CompletableFuture<GatewayMessage> request(LongFunction<ClientMessage> message) {
        ensureOpen();
        long requestId = sequence.incrementAndGet();
        CompletableFuture<GatewayMessage> reply = new CompletableFuture<>();
        pending.put(requestId, reply);
        channel.writeAndFlush(message.apply(requestId)).addListener(written -> {
            if (!written.isSuccess()) {
                pending.remove(requestId);
                reply.completeExceptionally(connectionLost(written.cause()));
            }
        });
        return reply;
    }

    private GatewayMessage await(CompletableFuture<GatewayMessage> reply, String what) {
        try {
            GatewayMessage message = reply.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (message instanceof GatewayMessage.RequestFailed failed) {
                throw new TaskgridException("The coordinator could not give " + what + ": " + failed.message());
            }
            return message;
        } catch (ExecutionException e) {
            throw asTaskgridException(e.getCause());
        } catch (TimeoutException e) {
            throw new TaskgridException("The coordinator at " + address + " did not send " + what + " within "
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
        if (channel == null || !channel.isActive()) {
            throw connectionLost(null);
        }
    }

    // ---- inbound, called on the I/O thread ----

    void onMessage(GatewayMessage message) {
        if (message instanceof GatewayMessage.Welcome welcome) {
            handshake.complete(welcome);
        } else if (message instanceof GatewayMessage.Refused refused) {
            refusal = refused.reason();
            handshake.completeExceptionally(new TaskgridException("The coordinator at " + address
                    + " refused this client: " + refused.reason()));
        } else {
            onDispatcher(() -> {
                try {
                    dispatch(message);
                } catch (RuntimeException e) {
                    log.error("Could not apply {} from the coordinator at {}", message.getClass().getSimpleName(), address, e);
                }
            });
        }
    }

    void onDisconnected() {
        TaskgridException error = connectionLost(null);
        if (!handshake.isDone()) {
            handshake.completeExceptionally(new TaskgridException("The server at " + address + " closed the "
                    + "connection during the Taskgrid handshake: is this the coordinator's gateway port "
                    + "(not its cluster or HTTP port)?"));
        }
        onDispatcher(() -> failEverything(error));
    }

    private void onDispatcher(Runnable action) {
        try {
            dispatcher.execute(action);
        } catch (RejectedExecutionException closedAlready) {
            action.run();
        }
    }

    // ---- on the dispatch thread ----

    private void dispatch(GatewayMessage message) {
        if (message instanceof GatewayMessage.SubtaskResults results) {
            ClientJobHandle<?> handle = jobs.get(results.jobId());
            if (handle != null) {
                deliver(handle, results);
            }
        } else if (message instanceof GatewayMessage.SubtaskFailures failures) {
            ClientJobHandle<?> handle = jobs.get(failures.jobId());
            if (handle != null) {
                handle.onFailures(failures.failures());
            }
        } else if (message instanceof GatewayMessage.JobProgressed progress) {
            ClientJobHandle<?> handle = jobs.get(progress.jobId());
            if (handle != null) {
                handle.onProgress(progress.running(), progress.partial());
            }
        } else if (message instanceof GatewayMessage.JobFinished finished) {
            ClientJobHandle<?> handle = jobs.remove(finished.jobId());
            if (handle != null) {
                handle.onFinished(finished.state(), finished.reason());
            }
        } else {
            completeRequest(message);
        }
    }

    private void completeRequest(GatewayMessage message) {
        long requestId;
        if (message instanceof GatewayMessage.JobAccepted accepted) {
            requestId = accepted.requestId();
        } else if (message instanceof GatewayMessage.RequestFailed failed) {
            requestId = failed.requestId();
        } else if (message instanceof GatewayMessage.CancelAccepted cancelled) {
            requestId = cancelled.requestId();
        } else if (message instanceof GatewayMessage.StatusReport status) {
            requestId = status.requestId();
        } else {
            return;
        }
        CompletableFuture<GatewayMessage> reply = pending.remove(requestId);
        if (reply != null) {
            reply.complete(message);
        }
    }

    /** Decodes each result; one that cannot be decoded here becomes that subtask's failure. */
    private void deliver(ClientJobHandle<?> handle, GatewayMessage.SubtaskResults results) {
        int[] indices = results.indices();
        Object[] decoded = new Object[indices.length];
        int good = 0;
        List<SubtaskFailure> undecodable = new ArrayList<>(0);
        for (int i = 0; i < indices.length; i++) {
            try {
                decoded[good] = payloads.decode(results.values()[i]);
                indices[good++] = indices[i];
            } catch (RuntimeException | LinkageError e) {
                undecodable.add(new SubtaskFailure(indices[i], 1, results.workerId(), RemoteFailure.of(
                        "io.taskgrid.UndecodableResult", "the result of subtask " + indices[i] + " arrived but this "
                                + "client cannot decode it (" + e + "): put the result's classes on the client's classpath")));
            }
        }
        handle.onResults(results.workerId(), Arrays.copyOf(indices, good), Arrays.copyOf(decoded, good));
        if (!undecodable.isEmpty()) {
            handle.onFailures(undecodable);
        }
    }

    private void failEverything(TaskgridException error) {
        pending.values().forEach(reply -> reply.completeExceptionally(error));
        pending.clear();
        jobs.values().forEach(handle -> handle.failLocally(error));
        jobs.clear();
    }

    private TaskgridException connectionLost(Throwable cause) {
        if (closed) {
            return new TaskgridException("This client was closed; jobs keep running on the cluster");
        }
        String why = refusal != null ? ": the coordinator said: " + refusal : "";
        return new TaskgridException("Lost the connection to the coordinator at " + address + why
                + ". Jobs already submitted keep running on the cluster, but this client can no longer "
                + "follow them", cause);
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
        Channel open = channel;
        if (open != null) {
            open.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        TaskgridException error = connectionLost(null);
        onDispatcher(() -> failEverything(error));
        dispatcher.shutdown();
    }
}
