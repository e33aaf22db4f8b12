package io.taskgrid.deploy;

import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridException;
import io.taskgrid.cluster.TlsSettings;
import io.taskgrid.examples.Pi;
import io.taskgrid.examples.PiHere;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import static io.taskgrid.testing.Waits.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * TLS everywhere: a coordinator and a worker that speak mutual TLS between them and TLS to the
 * client, with a key store that keytool makes for the test. Plain clients and workers stay out.
 */
class TlsIT {

    private static final String PASSWORD = "test-password-1";

    @TempDir
    Path directory;

    @Test
    void aJobRunsOverTlsAndClientsOrWorkersWithoutItAreKeptOut() throws Exception {
        Path keyStore = makeKeyStore();
        Map<String, String> env = Map.of(TlsSettings.PASSWORD_ENV, PASSWORD);
        List<Process> processes = new ArrayList<>();
        try {
            Path coordinatorDir = Files.createDirectory(directory.resolve("coordinator"));
            processes.add(CliRunner.start(coordinatorDir, env, "coordinator", "--port", "0", "--gateway-port", "0",
                    "--http-port", "0", "--store-port", "0", "--tls-keystore", keyStore.toString()));
            Matcher ready = CliRunner.awaitReady(processes.get(0), coordinatorDir);
            String gateway = ready.group(1);
            processes.add(CliRunner.start(Files.createDirectory(directory.resolve("plain-worker")),
                    "worker", "--coordinator", ready.group(3), "--threads", "1"));
            processes.add(CliRunner.start(Files.createDirectory(directory.resolve("tls-worker")), env,
                    "worker", "--coordinator", ready.group(3), "--threads", "1", "--tls-keystore", keyStore.toString()));

            try (TaskgridClient client = TaskgridClient.builder().gateways(gateway).tokenFile(CliRunner.TOKEN_FILE)
                    .trustStore(keyStore, PASSWORD).connect()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> client.status().workers().size() == 1);
                double expected = PiHere.estimate(1_000_000, 100_000);
                assertThat(expected).as("the seeded estimate, computed here").isCloseTo(Math.PI, within(0.01));
                assertThat(call(120, "π over TLS", () -> Pi.estimate(client, 1_000_000, 100_000))).isEqualTo(expected);
                assertThat(client.status().workers()).as("the worker without TLS never joined").hasSize(1);
            }
            assertThatThrownBy(() -> TaskgridClient.builder().gateways(gateway).tokenFile(CliRunner.TOKEN_FILE)
                    .connectTimeout(Duration.ofSeconds(5)).reconnectFor(Duration.ZERO).connect())
                    .isInstanceOf(TaskgridException.class).hasMessageContaining("require TLS");
        } finally {
            for (Process process : processes) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private Path makeKeyStore() throws Exception {
        Path keyStore = directory.resolve("cluster.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "taskgrid", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", "CN=taskgrid", "-ext", "san=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).as("keytool: " + output).isTrue();
        return keyStore;
    }
}
