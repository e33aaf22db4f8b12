package io.taskgrid.deploy;

import io.taskgrid.coordinator.CoordinatorSettings;
import io.taskgrid.internal.HostAndPort;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.taskgrid.deploy.DeployFiles.MODULE;
import static io.taskgrid.deploy.DeployFiles.at;
import static io.taskgrid.deploy.DeployFiles.containerPort;
import static io.taskgrid.deploy.DeployFiles.environment;
import static io.taskgrid.deploy.DeployFiles.list;
import static io.taskgrid.deploy.DeployFiles.map;
import static io.taskgrid.deploy.DeployFiles.option;
import static io.taskgrid.deploy.DeployFiles.strings;
import static io.taskgrid.deploy.DeployFiles.taskgrid;
import static io.taskgrid.deploy.DeployFiles.yamlDocuments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kubernetes manifests, the Docker files and the systemd units agree with the command line
 * (every flag they pass exists, with a value of the right type) and with each other: probes ask
 * the port the coordinator serves HTTP on, workers join the address the coordinator advertises,
 * the autoscaler scales the real worker Deployment, the image runs the launcher the build makes.
 * Nothing here needs Docker, a Kubernetes cluster or systemd.
 */
class DeployFilesTest {

    private static final Path K8S = MODULE.resolve("k8s");
    private static final Path DOCKER = MODULE.resolve("docker");
    private static final Path SYSTEMD = MODULE.resolve("systemd");
    private static final String LAUNCHER = "bin/taskgrid";
    private static final String HEALTH = "/api/health";
    private static final String QUEUE_DEPTH = "taskgrid_subtasks_pending";

    /** A Deployment or StatefulSet that runs {@code taskgrid ROLE}, with its first container and parsed command. */
    record Workload(String kind, String name, Map<String, Object> pod, Map<String, Object> container,
                    CommandLine command) {

        Map<String, Object> labels() {
            return map(at(pod, "metadata", "labels"));
        }

        Object spec(String key) {
            return at(pod, "spec", key);
        }
    }

    @Test
    void theManifestsHoldEveryKindTheClusterNeeds() {
        List<String> kinds = kubernetes().stream().map(document -> String.valueOf(document.get("kind"))).toList();
        assertThat(kinds).contains("Service", "Secret", "HorizontalPodAutoscaler");
        assertThat(kinds).containsAnyOf("Deployment", "StatefulSet");
        assertThat(workload("coordinator").kind()).isIn("Deployment", "StatefulSet");
        assertThat(workload("worker").kind()).isEqualTo("Deployment");
    }

    @Test
    void theCoordinatorsProbesAskForHealthOnItsHttpPort() {
        Workload coordinator = workload("coordinator");
        int httpPort = Integer.parseInt(option(coordinator.command(), "--http-port"));
        assertThat(coordinator.container()).containsKeys("livenessProbe", "readinessProbe");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            if (coordinator.container().containsKey(probe)) {
                assertThat(at(coordinator.container(), probe, "httpGet", "path")).as(probe).isEqualTo(HEALTH);
                assertThat(containerPort(coordinator.container(), at(coordinator.container(), probe, "httpGet", "port")))
                        .as(probe + " port").isEqualTo(httpPort);
            }
        }
    }

    @Test
    void theWorkersJoinTheServiceThatTheCoordinatorAdvertises() {
        Workload coordinator = workload("coordinator");
        HostAndPort joined = HostAndPort.parse(option(workload("worker").command(), "--coordinator"));
        Map<String, Object> service = coordinatorService(coordinator);
        assertThat(at(service, "metadata", "name")).as("the workers' --coordinator host").isEqualTo(joined.host());
        // the coordinator listens on and advertises one name, and workers must join by that name: the
        // pod's hostname makes the Service's name resolve to the pod itself inside the pod
        assertThat(option(coordinator.command(), "--host")).isEqualTo(joined.host());
        if (coordinator.kind().equals("Deployment")) {
            assertThat(coordinator.spec("hostname")).isEqualTo(joined.host());
        }
        Map<Integer, Integer> ports = servicePorts(service, coordinator.container());
        assertThat(ports).as("service port -> container port")
                .containsEntry(joined.port(), Integer.parseInt(option(coordinator.command(), "--port")))
                .containsValue(Integer.parseInt(option(coordinator.command(), "--gateway-port")))
                .containsValue(Integer.parseInt(option(coordinator.command(), "--http-port")));
    }

    @Test
    void theAutoscalerScalesTheWorkerDeploymentOnQueueDepth() {
        Workload worker = workload("worker");
        List<Map<String, Object>> autoscalers = ofKind("HorizontalPodAutoscaler");
        assertThat(autoscalers).hasSize(1);
        Map<String, Object> hpa = autoscalers.get(0);
        assertThat(hpa.get("apiVersion")).isEqualTo("autoscaling/v2");
        assertThat(at(hpa, "spec", "scaleTargetRef")).isEqualTo(
                Map.of("apiVersion", "apps/v1", "kind", worker.kind(), "name", worker.name()));
        List<Object> metricNames = list(at(hpa, "spec", "metrics")).stream().map(metric -> {
            String type = String.valueOf(at(metric, "type"));
            assertThat(type).isIn("External", "Object");
            return at(metric, type.toLowerCase(), "metric", "name");
        }).toList();
        assertThat(metricNames).containsExactly(QUEUE_DEPTH);
    }

    @Test
    void bothRolesTakeTheTokenFromTheSecretAndSizeTheirHeapFromTheirLimit() {
        Set<String> secretKeys = new HashSet<>();
        for (Map<String, Object> secret : ofKind("Secret")) {
            for (String field : List.of("data", "stringData")) {
                map(secret.get(field)).keySet().forEach(key -> secretKeys.add(at(secret, "metadata", "name") + "/" + key));
            }
        }
        for (String role : List.of("coordinator", "worker")) {
            Map<String, Object> container = workload(role).container();
            Map<String, Object> env = environment(container);
            Object tokenSource = at(env.get("TASKGRID_TOKEN"), "valueFrom", "secretKeyRef");
            assertThat(tokenSource).as(role + "'s TASKGRID_TOKEN").isNotNull();
            assertThat(secretKeys).contains(at(tokenSource, "name") + "/" + at(tokenSource, "key"));
            assertThat(String.valueOf(at(env.get("TASKGRID_JAVA_OPTS"), "value"))).contains("-XX:MaxRAMPercentage=");
            assertThat(map(at(container, "resources", "requests"))).containsKeys("cpu", "memory");
            assertThat(map(at(container, "resources", "limits"))).containsKey("memory");
        }
        assertThat(workload("worker").container().get("image")).isEqualTo(workload("coordinator").container().get("image"));
    }

    @Test
    void composeRunsACoordinatorAndThreeWorkersThatJoinIt() {
        Map<String, Object> services = map(yamlDocuments(DOCKER.resolve("docker-compose.yml")).get(0).get("services"));
        String coordinatorName = null;
        CommandLine coordinator = null;
        List<CommandLine> workers = new ArrayList<>();
        for (Map.Entry<String, Object> service : services.entrySet()) {
            CommandLine command = taskgrid(strings(at(service.getValue(), "command")));
            int replicas = at(service.getValue(), "deploy", "replicas") instanceof Integer n ? n : 1;
            if (command.getCommandName().equals("coordinator")) {
                coordinatorName = service.getKey();
                coordinator = command;
                assertThat(strings(at(service.getValue(), "ports")))
                        .contains(option(command, "--gateway-port") + ":" + option(command, "--gateway-port"),
                                option(command, "--http-port") + ":" + option(command, "--http-port"));
                assertThat(String.join(" ", strings(at(service.getValue(), "healthcheck", "test"))))
                        .contains(HEALTH, "/" + option(command, "--http-port"));
            } else if (command.getCommandName().equals("worker")) {
                for (int i = 0; i < replicas; i++) {
                    workers.add(command);
                }
            }
            assertThat(String.valueOf(at(service.getValue(), "environment", "TASKGRID_TOKEN")))
                    .as(service.getKey() + "'s token").startsWith("${TASKGRID_TOKEN");
            assertThat(MODULE.resolve("docker").resolve(String.valueOf(at(service.getValue(), "build", "context")))
                    .resolve(String.valueOf(at(service.getValue(), "build", "dockerfile"))).normalize())
                    .isEqualTo(DOCKER.resolve("Dockerfile").normalize());
        }
        assertThat(coordinator).as("a coordinator service").isNotNull();
        assertThat(option(coordinator, "--host")).as("the coordinator advertises its service name")
                .isEqualTo(coordinatorName);
        assertThat(workers).hasSize(3);
        for (CommandLine worker : workers) {
            assertThat(option(worker, "--coordinator")).isEqualTo(coordinatorName + ":" + option(coordinator, "--port"));
        }
    }

    @Test
    void theImageRunsTheLauncherOfTheTarballTheBuildMakes() throws Exception {
        DeployFiles.Distribution distribution = DeployFiles.distribution();
        assertThat(MODULE.resolve("src/main/dist").resolve(LAUNCHER)).exists();
        String unpackedInto = null;
        String entrypoint = null;
        List<String> exposed = new ArrayList<>();
        String user = null;
        for (String[] instruction : DeployFiles.dockerfileInstructions(DOCKER.resolve("Dockerfile"))) {
            List<String> words = List.of(instruction[1].split("\\s+"));
            switch (instruction[0]) {
                case "ADD" -> {
                    assertThat(words).as("ADD of the distribution").containsExactly(distribution.tarball(), "/opt/");
                    unpackedInto = words.get(1) + distribution.baseDirectory();
                }
                case "ENTRYPOINT" -> entrypoint = instruction[1];
                case "EXPOSE" -> exposed.addAll(words);
                case "USER" -> user = words.get(0);
                default -> { }
            }
        }
        assertThat(unpackedInto).as("the Dockerfile ADDs " + distribution.tarball()).isNotNull();
        assertThat(entrypoint).isEqualTo("[\"" + unpackedInto + "/" + LAUNCHER + "\"]");
        assertThat(exposed).contains(String.valueOf(CoordinatorSettings.DEFAULT_CLUSTER_PORT),
                String.valueOf(CoordinatorSettings.DEFAULT_GATEWAY_PORT),
                String.valueOf(CoordinatorSettings.DEFAULT_HTTP_PORT), String.valueOf(CoordinatorSettings.DEFAULT_STORE_PORT));
        assertThat(user).isNotNull().doesNotStartWith("root").doesNotStartWith("0");
        assertThat(Files.readAllLines(DOCKER.resolve("Dockerfile.dockerignore")))
                .as("the build context keeps the tarball").contains("!" + distribution.tarball());
    }

    @Test
    void theSystemdUnitsRunTheLauncherWithRealFlags() throws IOException {
        Map<String, String> environment = DeployFiles.environmentFile(SYSTEMD.resolve("taskgrid.env"));
        CommandLine coordinator = unit("taskgrid-coordinator.service", "on-failure", environment);
        CommandLine worker = unit("taskgrid-worker.service", "always", environment);
        assertThat(coordinator.getCommandName()).isEqualTo("coordinator");
        assertThat(worker.getCommandName()).isEqualTo("worker");
        assertThat(option(worker, "--coordinator"))
                .isEqualTo(option(coordinator, "--host") + ":" + option(coordinator, "--port"));
    }

    @Test
    void noVariableMeantForOneRoleSetsAnOptionOfEveryCommand() throws IOException {
        // taskgrid reads TASKGRID_OPTION as the default of --option for every command: TASKGRID_HOST
        // meant for the coordinator would become the workers' --host too
        Set<String> unscoped = DeployFiles.unscopedOptionVariables();
        unscoped.remove("TASKGRID_TOKEN_FILE"); // the same file for every command, by design
        List<String> variables = new ArrayList<>(DeployFiles.environmentFile(SYSTEMD.resolve("taskgrid.env")).keySet());
        map(yamlDocuments(DOCKER.resolve("docker-compose.yml")).get(0).get("services")).values()
                .forEach(service -> variables.addAll(map(at(service, "environment")).keySet()));
        for (String role : List.of("coordinator", "worker")) {
            variables.addAll(environment(workload(role).container()).keySet());
            // else Kubernetes adds TASKGRID_COORDINATOR_PORT=tcp://... for the Service: coordinator --port
            assertThat(workload(role).spec("enableServiceLinks")).as(role + " enableServiceLinks").isEqualTo(false);
        }
        assertThat(variables).isNotEmpty().doesNotContainAnyElementsOf(unscoped);
    }

    @Test
    void aMisspeltFlagFailsTheCheck() {
        assertThatThrownBy(() -> taskgrid(List.of("worker", "--coordinator", "a:7710", "--cache-dri", "/var/cache")))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--cache-dri");
        assertThatThrownBy(() -> taskgrid(List.of("coordinator", "--http-port", "http")))
                .isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> taskgrid(List.of("cordinator")))
                .isInstanceOf(AssertionError.class);
    }

    private static CommandLine unit(String file, String restart, Map<String, String> environment) throws IOException {
        Map<String, List<String>> service = DeployFiles.unitSection(SYSTEMD.resolve(file), "Service");
        assertThat(service.get("EnvironmentFile")).as(file).containsExactly("/etc/taskgrid/taskgrid.env");
        assertThat(service.get("Restart")).as(file).containsExactly(restart);
        assertThat(String.join(" ", service.get("SuccessExitStatus"))).as(file).contains("143");
        assertThat(service.get("User")).as(file).hasSize(1).doesNotContain("root");
        assertThat(service).as(file).containsEntry("NoNewPrivileges", List.of("true"))
                .containsEntry("ProtectSystem", List.of("full")).containsEntry("PrivateTmp", List.of("true"))
                .doesNotContainKey("MemoryDenyWriteExecute");
        List<String> execStart = DeployFiles.expandCommandLine(service.get("ExecStart").get(0), environment);
        assertThat(execStart.get(0)).isEqualTo("/opt/taskgrid/" + LAUNCHER);
        return taskgrid(execStart.subList(1, execStart.size()));
    }

    private static List<Map<String, Object>> kubernetes() {
        return DeployFiles.files(K8S, ".yaml").stream().flatMap(file -> yamlDocuments(file).stream()).toList();
    }

    private static List<Map<String, Object>> ofKind(String kind) {
        return kubernetes().stream().filter(document -> kind.equals(document.get("kind"))).toList();
    }

    /** The one workload whose container runs {@code taskgrid role}; parsing every workload's command checks its flags. */
    private static Workload workload(String role) {
        List<Workload> found = new ArrayList<>();
        for (Map<String, Object> document : kubernetes()) {
            if (!List.of("Deployment", "StatefulSet").contains(document.get("kind"))) {
                continue;
            }
            Map<String, Object> pod = map(at(document, "spec", "template"));
            Map<String, Object> container = map(at(pod, "spec", "containers", 0));
            if (container.containsKey("command")) {
                assertThat(strings(container.get("command"))).singleElement().asString().endsWith("/" + LAUNCHER);
            }
            CommandLine command = taskgrid(strings(container.get("args")));
            if (command.getCommandName().equals(role)) {
                found.add(new Workload(String.valueOf(document.get("kind")), String.valueOf(at(document, "metadata", "name")),
                        pod, container, command));
            }
        }
        assertThat(found).as("workloads that run taskgrid " + role).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Object> coordinatorService(Workload coordinator) {
        List<Map<String, Object>> matching = ofKind("Service").stream()
                .filter(service -> coordinator.labels().entrySet().containsAll(map(at(service, "spec", "selector")).entrySet()))
                .toList();
        assertThat(matching).as("services that select the coordinator's pod").hasSize(1);
        return matching.get(0);
    }

    /** The Service's ports, each mapped to the container port it forwards to. */
    private static Map<Integer, Integer> servicePorts(Map<String, Object> service, Map<String, Object> container) {
        Map<Integer, Integer> ports = new HashMap<>();
        for (Object port : list(at(service, "spec", "ports"))) {
            Object target = at(port, "targetPort") != null ? at(port, "targetPort") : at(port, "port");
            ports.put((Integer) at(port, "port"), containerPort(container, target));
        }
        return ports;
    }
}
