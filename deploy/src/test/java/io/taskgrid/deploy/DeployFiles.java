package io.taskgrid.deploy;

import io.taskgrid.deploy.cli.Cli;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the deployment files under {@code deploy/} (YAML, a Dockerfile, systemd units, the Maven
 * build's distribution settings) and checks {@code taskgrid} command lines against the real
 * picocli commands, for {@link DeployFilesTest}.
 */
final class DeployFiles {

    /** The deploy module's directory (surefire runs tests there). */
    static final Path MODULE = moduleDirectory();

    private DeployFiles() {
    }

    private static Path moduleDirectory() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("k8s")) ? here : here.resolve("deploy");
    }

    /** Every YAML document in {@code file}, as maps. */
    static List<Map<String, Object>> yamlDocuments(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                if (document != null) {
                    documents.add(map(document));
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files directly in {@code directory} whose names end with {@code suffix}, sorted. */
    static List<Path> files(Path directory, String suffix) {
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(file -> file.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node at {@code path} (map keys, or list indexes as numbers) under {@code node}; null if absent. */
    static Object at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else if (current instanceof List<?> list && step instanceof Integer index) {
                current = index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
        }
        return current;
    }

    /** A probe's or a Service's port, a number or the name of one of the container's ports, as a number. */
    static int containerPort(Map<String, Object> container, Object port) {
        if (port instanceof Integer number) {
            return number;
        }
        return list(container.get("ports")).stream().filter(p -> port.equals(at(p, "name")))
                .map(p -> (Integer) at(p, "containerPort")).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port));
    }

    /** A container's environment variables by name, each as its manifest entry. */
    static Map<String, Object> environment(Map<String, Object> container) {
        Map<String, Object> env = new HashMap<>();
        list(container.get("env")).forEach(variable -> env.put(String.valueOf(at(variable, "name")), variable));
        return env;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        return node == null ? List.of() : (List<Object>) node;
    }

    static List<String> strings(Object node) {
        return list(node).stream().map(String::valueOf).toList();
    }

    /**
     * Parses a {@code taskgrid} command line (without the launcher) with the real command line, so
     * that an unknown or misspelt flag, or a value of the wrong type, throws picocli's error.
     *
     * @return the subcommand, with every option's value (given or default) set
     */
    static CommandLine taskgrid(List<String> arguments) {
        CommandLine cli = Cli.create();
        if (!cli.getSubcommands().containsKey(arguments.get(0))) {
            throw new AssertionError("'" + arguments.get(0) + "' is not a taskgrid command: " + arguments);
        }
        return cli.parseArgs(arguments.toArray(String[]::new)).subcommand().commandSpec().commandLine();
    }

    /** The variables TASKGRID_OPTION that set an option of every command that has it (see ConfigDefaults). */
    static Set<String> unscopedOptionVariables() {
        Set<String> variables = new TreeSet<>();
        collectOptionVariables(Cli.create(), variables);
        return variables;
    }

    private static void collectOptionVariables(CommandLine command, Set<String> variables) {
        command.getCommandSpec().options().forEach(option -> variables.add("TASKGRID_"
                + option.longestName().replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_')));
        command.getSubcommands().values().forEach(subcommand -> collectOptionVariables(subcommand, variables));
    }

    /** The value of option {@code name} of a command that {@link #taskgrid} parsed, as text. */
    static String option(CommandLine command, String name) {
        Object value = command.getCommandSpec().findOption(name).getValue();
        return String.valueOf(value);
    }

    /** The Dockerfile's instructions, continuation lines joined, comments dropped: {@code [INSTRUCTION, rest]}. */
    static List<String[]> dockerfileInstructions(Path dockerfile) throws IOException {
        List<String[]> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || (stripped.isEmpty() && pending.isEmpty())) {
                continue;
            }
            boolean continues = stripped.endsWith("\\");
            pending.append(continues ? stripped.substring(0, stripped.length() - 1) : stripped).append(' ');
            if (!continues) {
                String[] parts = pending.toString().strip().split("\\s+", 2);
                instructions.add(new String[]{parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""});
                pending.setLength(0);
            }
        }
        return instructions;
    }

    /** The settings of a systemd unit's section, key to values (a key may repeat). */
    static Map<String, List<String>> unitSection(Path unit, String section) throws IOException {
        Map<String, List<String>> settings = new LinkedHashMap<>();
        String current = null;
        for (String line : Files.readAllLines(unit)) {
            String stripped = line.strip();
            if (stripped.startsWith("[")) {
                current = stripped;
            } else if (("[" + section + "]").equals(current) && stripped.contains("=") && !stripped.startsWith("#")) {
                int equals = stripped.indexOf('=');
                settings.computeIfAbsent(stripped.substring(0, equals).strip(), key -> new ArrayList<>())
                        .add(stripped.substring(equals + 1).strip());
            }
        }
        return settings;
    }

    /** The assignments of a systemd EnvironmentFile, quotes removed. */
    static Map<String, String> environmentFile(Path file) throws IOException {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            int equals = stripped.indexOf('=');
            String value = stripped.substring(equals + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            variables.put(stripped.substring(0, equals).strip(), value);
        }
        return variables;
    }

    /** An ExecStart line split into words, with {@code ${NAME}} and {@code $NAME} replaced from {@code variables}. */
    static List<String> expandCommandLine(String commandLine, Map<String, String> variables) {
        Matcher matcher = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)").matcher(commandLine);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            if (!variables.containsKey(name)) {
                throw new AssertionError("$" + name + " in '" + commandLine + "' is not set in the environment file");
            }
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(variables.get(name)));
        }
        matcher.appendTail(expanded);
        return Arrays.asList(expanded.toString().strip().split("\\s+"));
    }

    /**
     * Where {@code ./mvnw package} puts the distribution's tarball, relative to the repository root,
     * and the directory at its top: read from the assembly plugin's execution in deploy/pom.xml and
     * from its descriptor.
     */
    static Distribution distribution() throws Exception {
        Document pom = xml(MODULE.resolve("pom.xml"));
        Element execution = assemblyExecution(pom);
        String finalName = text(execution, "finalName");
        Document assembly = xml(MODULE.resolve(text(execution, "descriptor")));
        List<String> formats = new ArrayList<>();
        NodeList formatNodes = assembly.getElementsByTagName("format");
        for (int i = 0; i < formatNodes.getLength(); i++) {
            formats.add(formatNodes.item(i).getTextContent().strip());
        }
        if (!formats.contains("tar.gz")) {
            throw new AssertionError("the assembly makes no tar.gz: " + formats);
        }
        String baseDirectory = text(assembly.getDocumentElement(), "baseDirectory");
        return new Distribution(MODULE.getFileName() + "/target/" + finalName + ".tar.gz", baseDirectory);
    }

    /** The tarball's path from the repository root, and the directory its files are in. */
    record Distribution(String tarball, String baseDirectory) {
    }

    private static Element assemblyExecution(Document pom) {
        NodeList executions = pom.getElementsByTagName("execution");
        for (int i = 0; i < executions.getLength(); i++) {
            Element execution = (Element) executions.item(i);
            if (execution.getElementsByTagName("descriptor").getLength() > 0) {
                return execution;
            }
        }
        throw new AssertionError("deploy/pom.xml has no assembly execution with a descriptor");
    }

    private static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().strip();
    }
}
