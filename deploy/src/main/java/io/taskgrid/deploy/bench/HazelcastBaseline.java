package io.taskgrid.deploy.bench;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import io.taskgrid.TaskgridException;
import io.taskgrid.deploy.ClassDataArchive;
import io.taskgrid.deploy.JvmOptions;
import io.taskgrid.internal.HostAndPort;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * The Hazelcast baseline: two member JVMs on 127.0.0.1, each with an executor pool sized like a
 * worker's, and a client in this JVM that submits to their {@code IExecutorService}.
 */
final class HazelcastBaseline implements AutoCloseable {

    /** A task that does nothing; Hazelcast sends it with Java serialization. */
    static final class NoOp implements Callable<Integer>, Serializable {
        @Override
        public Integer call() {
            return 1;
        }
    }

    private final List<Process> members = new ArrayList<>();
    private final HazelcastInstance client;
    private final IExecutorService executor;
    /** Milliseconds from starting the members to the first result. */
    final double startToFirstResultMillis;

    HazelcastBaseline(int poolSize) {
        long start = System.nanoTime();
        String cluster = "taskgrid-bench-" + ProcessHandle.current().pid();
        int first = HostAndPort.freePort();
        int second = HostAndPort.freePort();
        try {
            members.add(startMember(cluster, first, second, poolSize));
            members.add(startMember(cluster, second, first, poolSize));
            for (Process member : members) {
                awaitReady(member);
            }
            ClientConfig config = new ClientConfig();
            config.setClusterName(cluster);
            config.setProperty("hazelcast.logging.type", "none");
            config.getNetworkConfig().addAddress("127.0.0.1:" + first, "127.0.0.1:" + second);
            client = HazelcastClient.newHazelcastClient(config);
            executor = client.getExecutorService(HazelcastMember.EXECUTOR);
            executor.submit(new NoOp()).get();
            startToFirstResultMillis = (System.nanoTime() - start) / 1e6;
        } catch (Exception e) {
            close();
            throw new TaskgridException("the Hazelcast baseline could not start: " + e.getMessage(), e);
        }
    }

    private static Process startMember(String cluster, int port, int otherPort, int poolSize) throws IOException {
        List<String> flags = new ArrayList<>(ClassDataArchive.inheritedFlags());
        flags.add("-Xmx512m");
        List<String> command = JvmOptions.childCommand(flags, HazelcastMember.class.getName(), List.of(cluster,
                Integer.toString(port), Integer.toString(otherPort), Integer.toString(poolSize)));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void awaitReady(Process member) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(member.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"ready".equals(line)) {
            throw new IOException("a Hazelcast member exited before it was ready");
        }
    }

    /** Submits {@code tasks} no-op tasks, then waits for all; returns the seconds it took. */
    double throughputSeconds(int tasks) throws Exception {
        long start = System.nanoTime();
        List<Future<Integer>> futures = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            futures.add(executor.submit(new NoOp()));
        }
        for (Future<Integer> future : futures) {
            future.get();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** One no-op task submitted and awaited {@code times} times in a row; the nanoseconds of each. */
    long[] roundTrips(int times) throws Exception {
        long[] nanos = new long[times];
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            executor.submit(new NoOp()).get();
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    @Override
    public void close() {
        if (client != null) {
            client.shutdown();
        }
        for (Process member : members) {
            try {
                member.getOutputStream().close();
            } catch (IOException ignored) {
                // it is killed below anyway
            }
            member.destroy();
        }
    }
}
