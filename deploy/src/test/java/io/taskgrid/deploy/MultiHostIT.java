package io.taskgrid.deploy;

import io.taskgrid.Job;
import io.taskgrid.TaskFunction;
import io.taskgrid.TaskgridClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.taskgrid.testing.Waits.join;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's "Several machines" on three hosts: a coordinator and two workers from the distribution,
 * each in its own network namespace with its own address on a private bridge ({@link TestNetwork}),
 * and the clients (the command line and this JVM) on the machine itself. Needs root and iproute2;
 * skipped, saying why, where they are missing. Only addresses of that network are contacted.
 */
class MultiHostIT {

    private static final Pattern HOST = Pattern.compile("\"host\":\"([^\"]*)\"");

    @TempDir
    static Path directory;

    private static NamespaceCluster cluster;

    @BeforeAll
    static void startACoordinatorAndTwoWorkersEachOnItsOwnHost() throws Exception {
        cluster = NamespaceCluster.startOrSkip(directory, "worker-a", "worker-b");
        cluster.startWorker("worker-a", "--host", cluster.address("worker-a"));
        cluster.startWorker("worker-b"); // as README starts one, without --host: it must find its own address
        cluster.awaitWorkers(2);
    }

    @AfterAll
    static void stopTheClusterAndRemoveTheNetwork() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void bothWorkersRegisterWithTheAddressOfTheirOwnHost() throws Exception {
        CliRunner.Result workers = runOnMachine("workers", "workers", "--coordinator", cluster.gateway(),
                "--token-file", cluster.tokenFile().toString(), "--json");

        assertThat(workers.exitCode()).as("taskgrid workers: %s", workers.stderr()).isZero();
        assertThat(hostsIn(workers.stdout())).as("taskgrid workers --json: %s", workers.stdout())
                .containsExactlyInAnyOrder(cluster.address("worker-a"), cluster.address("worker-b"));

        String http = "http://" + cluster.address("coordinator") + ":7712/api/workers";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", http, response.body()).isEqualTo(200);
        assertThat(hostsIn(response.body())).as("GET %s: %s", http, response.body())
                .containsExactlyInAnyOrder(cluster.address("worker-a"), cluster.address("worker-b"));
    }

    @Test
    void primesSubmittedFromTheMachineRunOnTheWorkersHosts() throws Exception {
        CliRunner.Result submit = runOnMachine("submit-primes", "submit", "--coordinator", cluster.gateway(),
                "--token-file", cluster.tokenFile().toString(), "--json", "primes", "--limit", "1000000");

        assertThat(submit.exitCode()).as("taskgrid submit: %s%s", submit.stderr(), cluster.nodeLogs()).isZero();
        assertThat(submit.stdout()).contains("\"state\":\"SUCCEEDED\"", "\"result\":78498");
    }

    @Test
    void subtasksRunOnBothWorkerHostsAndSeeTheirAddresses() {
        try (TaskgridClient client = cluster.connect()) {
            List<String> where = join(client.submit(Job.map(new WhereItRuns(), IntStream.range(0, 40).boxed().toList()))
                    .results(), 120, "the addresses the 40 subtasks ran on");

            assertThat(new HashSet<>(where)).as("the addresses the subtasks ran on")
                    .containsExactlyInAnyOrder(cluster.address("worker-a"), cluster.address("worker-b"));
        }
    }

    /**
     * A subtask that answers with the IPv4 addresses of the host it runs on, besides loopback; the
     * workers get it with this test's classes, shipped with the job.
     */
    static final class WhereItRuns implements TaskFunction<Integer, String> {
        @Override
        public String apply(Integer input) throws Exception {
            Thread.sleep(50); // long enough that each one-thread worker gets its share of the 40
            return NetworkInterface.networkInterfaces().filter(i -> !isLoopback(i))
                    .flatMap(NetworkInterface::inetAddresses).filter(Inet4Address.class::isInstance)
                    .map(InetAddress::getHostAddress).sorted().collect(Collectors.joining(","));
        }

        private static boolean isLoopback(NetworkInterface networkInterface) {
            try {
                return networkInterface.isLoopback();
            } catch (SocketException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static List<String> hostsIn(String json) {
        List<String> hosts = new ArrayList<>();
        Matcher host = HOST.matcher(json);
        while (host.find()) {
            hosts.add(host.group(1));
        }
        return hosts;
    }

    /** Runs a command of the distribution on this machine (outside the namespaces) to its end. */
    private static CliRunner.Result runOnMachine(String name, String... args) throws Exception {
        Path dir = Files.createDirectories(directory.resolve(name));
        Process process = CliRunner.start(dir, CliRunner.distributionCommand(args));
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("taskgrid " + String.join(" ", args) + " did not finish within 120 s; stderr:\n"
                    + CliRunner.read(dir.resolve("stderr")) + cluster.nodeLogs());
        }
        return new CliRunner.Result(process.exitValue(), CliRunner.read(dir.resolve("stdout")),
                CliRunner.read(dir.resolve("stderr")));
    }
}
