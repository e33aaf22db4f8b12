package io.taskgrid.deploy;

import io.taskgrid.TaskgridClient;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import static org.awaitility.Awaitility.await;

/**
 * A cluster on several "hosts" of a {@link TestNetwork}: a coordinator from the distribution on
 * the host {@code coordinator}, at port 7710 of its own address, and workers from the distribution
 * on the others, started as README's "Several machines" starts them. Clients run on the machine
 * itself. Each node's output goes to files in its own directory, for failure messages.
 */
final class NamespaceCluster implements AutoCloseable {

    /** Set (by .ci/run) when a network of namespaces that cannot be made must fail the test rather than skip it. */
    static final String REQUIRED_ENV = "TASKGRID_REQUIRE_NETNS";

    private final TestNetwork network;
    private final Path directory;
    private final Path tokenFile;
    private final Map<String, Path> logs = new LinkedHashMap<>();
    private String gateway;

    private NamespaceCluster(TestNetwork network, Path directory) {
        this.network = network;
        this.directory = directory;
        this.tokenFile = directory.resolve("cluster-token");
    }

    /**
     * Makes the network of a coordinator and {@code workerHosts}, and starts the coordinator; skips
     * the test (an assumption that fails), saying why, where no such network can be made here, or
     * fails it when {@value #REQUIRED_ENV} is set.
     */
    static NamespaceCluster startOrSkip(Path directory, String... workerHosts) throws Exception {
        String unavailable = TestNetwork.unavailableBecause();
        if (unavailable != null && System.getenv(REQUIRED_ENV) != null) {
            throw new AssertionError("no private network of namespaces: " + unavailable + " ($" + REQUIRED_ENV
                    + " is set, so this fails rather than skips: the test needs root and iproute2's ip; .ci/run "
                    + "installs Debian's iproute2)");
        }
        Assumptions.assumeTrue(unavailable == null, () -> "skipped, no private network of namespaces: " + unavailable);
        List<String> hosts = new ArrayList<>(List.of("coordinator"));
        hosts.addAll(List.of(workerHosts));
        NamespaceCluster cluster = new NamespaceCluster(TestNetwork.create(hosts.toArray(String[]::new)), directory);
        try {
            cluster.startCoordinator();
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    private void startCoordinator() throws Exception {
        Path dir = nodeDirectory("coordinator");
        Process coordinator = network.start("coordinator", dir, CliRunner.distributionCommand("coordinator",
                "--host", address("coordinator"), "--token-file", tokenFile.toString()));
        Matcher ready = CliRunner.awaitReady(coordinator, dir);
        if (!ready.group(3).equals(address("coordinator") + ":7710")) {
            throw new AssertionError("the coordinator advertises " + ready.group(3) + ", not its host's address");
        }
        gateway = ready.group(1);
    }

    /** Starts a worker on {@code host} that joins the coordinator, with {@code extraArgs}. */
    void startWorker(String host, String... extraArgs) throws Exception {
        Path dir = nodeDirectory(host);
        List<String> args = new ArrayList<>(List.of("worker", "--coordinator", address("coordinator") + ":7710",
                "--threads", "1", "--token-file", tokenFile.toString(), "--cache-dir", dir.resolve("cache").toString()));
        args.addAll(List.of(extraArgs));
        network.start(host, dir, CliRunner.distributionCommand(args.toArray(String[]::new)));
    }

    /** Waits until {@code count} workers are registered. */
    void awaitWorkers(int count) {
        try (TaskgridClient client = connect()) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> client.status().workers().size() == count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(count + " workers did not register with the coordinator at " + gateway
                    + " within 90 s" + nodeLogs(), e);
        }
    }

    TestNetwork network() {
        return network;
    }

    String address(String host) {
        return network.address(host);
    }

    String gateway() {
        return gateway;
    }

    Path tokenFile() {
        return tokenFile;
    }

    TaskgridClient connect() {
        return TaskgridClient.builder().gateways(gateway).tokenFile(tokenFile).connect();
    }

    /** What a node wrote to its stderr so far. */
    String log(String host) throws IOException {
        return CliRunner.read(logs.get(host));
    }

    /** The end of each node's stderr, for failure messages. */
    String nodeLogs() {
        StringBuilder text = new StringBuilder();
        logs.forEach((host, file) -> {
            try {
                String log = CliRunner.read(file);
                text.append("\n--- ").append(host).append(" stderr (end) ---\n")
                        .append(log.substring(Math.max(0, log.length() - 3000)));
            } catch (IOException e) {
                text.append("\n--- ").append(host).append(": cannot read ").append(file).append(": ").append(e);
            }
        });
        return text.toString();
    }

    private Path nodeDirectory(String host) throws IOException {
        Path dir = Files.createDirectories(directory.resolve(host));
        logs.put(host, dir.resolve("stderr"));
        return dir;
    }

    /** Stops every node and removes the network. */
    @Override
    public void close() {
        network.close();
    }
}
