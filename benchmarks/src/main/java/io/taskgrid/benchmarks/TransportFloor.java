package io.taskgrid.benchmarks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.taskgrid.cluster.ClusterConfig;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Props;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The round trip between two JVMs on this machine with nothing of Taskgrid's on it: one message
 * and its echo over Artery (with the Pekko settings every Taskgrid node runs) and over a plain TCP
 * socket, measured in the same run. It is the floor under the round trip that {@code taskgrid bench}
 * reports, which crosses Artery twice (the coordinator to a worker and back) besides the client's
 * socket to the gateway.
 *
 * <pre>java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.taskgrid.benchmarks.TransportFloor [ROUNDS]</pre>
 */
public final class TransportFloor {

    private static final int WARM_UP_TRIPS = 20_000;
    private static final int TRIPS_PER_ROUND = 5_000;
    private static final int MESSAGE_BYTES = 64;

    private TransportFloor() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--echo")) {
            runEcho();
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        Process echo = startEchoJvm();
        try {
            String ready = new BufferedReader(new InputStreamReader(echo.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (ready == null || !ready.startsWith("ready ")) {
                throw new IllegalStateException("The echo JVM did not start (it printed '" + ready
                        + "'); its errors are above");
            }
            String[] ports = ready.split(" ");
            measure(Integer.parseInt(ports[1]), Integer.parseInt(ports[2]), rounds);
        } finally {
            echo.getOutputStream().close(); // the echo JVM exits when its standard input closes
            echo.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void measure(int arteryPort, int socketPort, int rounds) throws Exception {
        ActorSystem system = ActorSystem.create("floor", pekkoConfig());
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), socketPort)) {
            socket.setTcpNoDelay(true);
            ActorRef echo = system.actorSelection("pekko://floor@127.0.0.1:" + arteryPort + "/user/echo")
                    .resolveOne(Duration.ofSeconds(10)).toCompletableFuture().get();
            socketTrips(socket, WARM_UP_TRIPS);
            arteryTrips(system, echo, WARM_UP_TRIPS);
            List<long[]> sockets = new ArrayList<>();
            List<long[]> artery = new ArrayList<>();
            for (int round = 0; round < rounds; round++) { // alternating, so that both see the same noise
                sockets.add(socketTrips(socket, TRIPS_PER_ROUND));
                artery.add(arteryTrips(system, echo, TRIPS_PER_ROUND));
            }
            System.out.printf("round trip between two JVMs on 127.0.0.1, medians of %d rounds of %,d trips "
                    + "(after %,d to warm up)%n", rounds, TRIPS_PER_ROUND, WARM_UP_TRIPS);
            System.out.printf("%-34s %8s %8s %8s%n", "", "p50 us", "p90 us", "p99 us");
            print("plain TCP socket, 64 bytes", sockets);
            print("Artery (Taskgrid's settings)", artery);
            System.out.printf("Artery / socket, p50: %.1f%n", medianOf(artery, 50) / medianOf(sockets, 50));
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static long[] socketTrips(Socket socket, int trips) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] message = new byte[MESSAGE_BYTES];
        long[] nanos = new long[trips];
        for (int i = 0; i < trips; i++) {
            long start = System.nanoTime();
            out.write(message);
            out.flush();
            if (in.readNBytes(message, 0, MESSAGE_BYTES) != MESSAGE_BYTES) {
                throw new IOException("the echo JVM closed its socket");
            }
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    private static long[] arteryTrips(ActorSystem system, ActorRef echo, int trips) throws Exception {
        CompletableFuture<long[]> done = new CompletableFuture<>();
        system.actorOf(Props.create(Pinger.class, () -> new Pinger(echo, trips, done)));
        return done.get(5, TimeUnit.MINUTES);
    }

    /** Sends one message, waits for its echo, and times it, {@code trips} times in a row. */
    static final class Pinger extends AbstractActor {
        private final ActorRef echo;
        private final long[] nanos;
        private final CompletableFuture<long[]> done;
        private final String message = "x".repeat(MESSAGE_BYTES);
        private int trip;
        private long sentAt;

        Pinger(ActorRef echo, int trips, CompletableFuture<long[]> done) {
            this.echo = echo;
            this.nanos = new long[trips];
            this.done = done;
        }

        @Override
        public void preStart() {
            send();
        }

        private void send() {
            sentAt = System.nanoTime();
            echo.tell(message, getSelf());
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder().match(String.class, reply -> {
                nanos[trip++] = System.nanoTime() - sentAt;
                if (trip < nanos.length) {
                    send();
                } else {
                    done.complete(nanos);
                    getContext().stop(getSelf());
                }
            }).build();
        }
    }

    /** Replies to every message with the same message. */
    static final class Echo extends AbstractActor {
        @Override
        public Receive createReceive() {
            return receiveBuilder().match(String.class, message -> getSender().tell(message, getSelf())).build();
        }
    }

    private static void runEcho() throws Exception {
        ActorSystem system = ActorSystem.create("floor", pekkoConfig());
        system.actorOf(Props.create(Echo.class, Echo::new), "echo");
        int arteryPort = (Integer) ((ExtendedActorSystem) system).provider().getDefaultAddress().port().get();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.out.println("ready " + arteryPort + " " + server.getLocalPort());
            System.out.flush();
            Thread socketEcho = new Thread(() -> echoSocket(server), "socket-echo");
            socketEcho.setDaemon(true);
            socketEcho.start();
            while (System.in.read() >= 0) {
                // runs until the measuring JVM closes this one's standard input
            }
        } finally {
            system.terminate();
        }
    }

    private static void echoSocket(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] message = new byte[MESSAGE_BYTES];
            while (in.readNBytes(message, 0, MESSAGE_BYTES) == MESSAGE_BYTES) {
                out.write(message);
                out.flush();
            }
        } catch (IOException closed) {
            // the measuring JVM is done
        }
    }

    /** Taskgrid's own Pekko settings (dispatchers, Artery over TCP), with plain remoting instead of the cluster. */
    private static Config pekkoConfig() {
        return ConfigFactory.parseString(String.join("\n",
                        "pekko.actor.provider = remote",
                        "pekko.loggers = [\"org.apache.pekko.event.Logging$DefaultLogger\"]",
                        "pekko.logging-filter = \"org.apache.pekko.event.DefaultLoggingFilter\"",
                        "pekko.remote.warn-about-direct-use = off",
                        "pekko.remote.warn-unsafe-watch-outside-cluster = off",
                        "pekko.remote.artery.canonical.hostname = 127.0.0.1",
                        "pekko.remote.artery.canonical.port = 0"))
                .withFallback(ConfigFactory.parseResources(ClusterConfig.class, "taskgrid-cluster.conf"))
                .withFallback(ConfigFactory.load());
    }

    private static Process startEchoJvm() throws IOException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments()); // the same JVM flags on both sides
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(TransportFloor.class.getName(), "--echo"));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void print(String what, List<long[]> rounds) {
        System.out.printf("%-34s %8.0f %8.0f %8.0f%n", what, medianOf(rounds, 50), medianOf(rounds, 90),
                medianOf(rounds, 99));
    }

    /**
     * The median over rounds of each round's {@code percentile} (nearest rank, as {@code taskgrid
     * bench} computes it), in microseconds.
     */
    private static double medianOf(List<long[]> rounds, int percentile) {
        double[] values = new double[rounds.size()];
        for (int i = 0; i < values.length; i++) {
            long[] sorted = rounds.get(i).clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
            values[i] = sorted[Math.max(0, Math.min(sorted.length, rank) - 1)] / 1000.0;
        }
        Arrays.sort(values);
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
}
