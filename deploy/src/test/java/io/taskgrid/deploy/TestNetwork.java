package io.taskgrid.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static io.taskgrid.testing.Waits.join;

/**
 * A private network of "hosts" on this machine, for tests that need several: each host is a Linux
 * network namespace with a veth pair to one bridge and its own address in a /24 that no route of
 * this machine covers (10.213.X.0/24); the machine itself, where the test JVM runs, is .254 on the
 * bridge. It needs root and iproute2: {@link #unavailableBecause()} says why it cannot be made.
 *
 * <p>Every name carries a random suffix, so a run that crashed cannot collide with the next.
 * {@link #close()} kills the processes started in the hosts, then deletes the namespaces, veths and
 * bridge; a shutdown hook does the same should the JVM stop before the test's own cleanup runs.
 */
final class TestNetwork implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern IPV4_PREFIX = Pattern.compile("\\b(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)(?:/(\\d+))?");
    private static final Pattern ALREADY_GONE = Pattern.compile("Cannot find device|No such file or directory");
    private static final List<String> IP_LOCATIONS = List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip");

    private final String ip = ipBinary();
    private final String suffix = newSuffix();
    private final String bridge = "tgb" + suffix;
    private final String subnet;
    /** The namespace of each host, by the host's name, in the order they were added. */
    private final Map<String, String> namespaces = new LinkedHashMap<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final List<String> hostVeths = new ArrayList<>();
    /** The bridge's end of each host's link, by the host's name. */
    private final Map<String, String> links = new LinkedHashMap<>();
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private final Thread shutdownHook = new Thread(this::closeQuietly, "test-network-cleanup");
    private boolean closed;

    private TestNetwork() {
        this.subnet = freeSubnet();
    }

    /** Why no network can be made here, or {@code null} when it can: not Linux, no ip binary, not root, no netns. */
    static String unavailableBecause() {
        if (!System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")) {
            return "network namespaces need Linux, this is " + System.getProperty("os.name");
        }
        if (ipBinary() == null) {
            return "no ip binary (iproute2) in " + IP_LOCATIONS;
        }
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!Integer.valueOf(0).equals(uid)) {
                return "network namespaces need root, this JVM runs as uid " + uid;
            }
            String probe = "tgprobe" + newSuffix();
            run(ipBinary(), "netns", "add", probe);
            run(ipBinary(), "netns", "del", probe);
            return null;
        } catch (IOException | UnsupportedOperationException | IllegalStateException e) {
            return "'ip netns add' is not usable here: " + e.getMessage();
        }
    }

    /** Makes the bridge and one namespace per name, addressed .1, .2, ... in the order given. */
    static TestNetwork create(String... hostNames) {
        TestNetwork network = new TestNetwork();
        Runtime.getRuntime().addShutdownHook(network.shutdownHook);
        try {
            network.ip("link", "add", network.bridge, "type", "bridge");
            network.ip("addr", "add", network.subnet + "254/24", "dev", network.bridge);
            network.ip("link", "set", network.bridge, "up");
            for (String name : hostNames) {
                network.addHost(name);
            }
            return network;
        } catch (RuntimeException e) {
            network.closeQuietly();
            throw e;
        }
    }

    private void addHost(String name) {
        int index = namespaces.size() + 1;
        String namespace = "taskgrid-" + suffix + "-" + name;
        String hostEnd = "tgh" + suffix + index;
        String namespaceEnd = "tgn" + suffix + index;
        String address = subnet + index;
        ip("netns", "add", namespace);
        namespaces.put(name, namespace);
        ip("link", "add", hostEnd, "type", "veth", "peer", "name", namespaceEnd);
        hostVeths.add(hostEnd);
        links.put(name, hostEnd);
        ip("link", "set", namespaceEnd, "netns", namespace);
        ip("link", "set", hostEnd, "master", bridge);
        ip("link", "set", hostEnd, "up");
        ip("netns", "exec", namespace, ip, "addr", "add", address + "/24", "dev", namespaceEnd);
        ip("netns", "exec", namespace, ip, "link", "set", namespaceEnd, "up");
        ip("netns", "exec", namespace, ip, "link", "set", "lo", "up");
        addresses.put(name, address);
    }

    /** The address of a host, such as 10.213.7.2. */
    String address(String host) {
        return require(addresses, host);
    }

    /** Starts {@code command} inside {@code host}'s namespace, its output in files in {@code directory}. */
    Process start(String host, Path directory, List<String> command) throws IOException {
        List<String> inNamespace = new ArrayList<>(List.of(ip, "netns", "exec", require(namespaces, host)));
        inNamespace.addAll(command);
        Process process = CliRunner.start(directory, inNamespace); // ip netns exec execs: this is the command's pid
        processes.add(process);
        return process;
    }

    /** Cuts {@code host} off the network: its link to the bridge goes down, as if its cable were pulled. */
    void cut(String host) {
        ip("link", "set", require(links, host), "down");
    }

    /** Plugs {@code host}'s cable back in. */
    void restore(String host) {
        ip("link", "set", require(links, host), "up");
    }

    /** Kills the processes started here, then deletes the namespaces, veths and bridge; fails if one stays. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is what is running
        }
        processes.forEach(TestNetwork::kill);
        List<String> failures = new ArrayList<>();
        // veths first: deleting one takes its peer at once, a deleted namespace frees them later
        hostVeths.forEach(veth -> delete(failures, "link", "del", veth));
        namespaces.values().forEach(namespace -> delete(failures, "netns", "del", namespace));
        delete(failures, "link", "del", bridge);
        if (!failures.isEmpty()) {
            throw new IllegalStateException("the test network " + suffix + " was not fully removed (see 'ip netns "
                    + "list' and 'ip link'; remove the rest with 'ip netns del NAME', 'ip link del NAME'):\n"
                    + String.join("\n", failures));
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
        }
    }

    private static void kill(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Runs an {@code ip ... del}; one whose object is already gone counts as done. */
    private void delete(List<String> failures, String... args) {
        try {
            ip(args);
        } catch (RuntimeException e) {
            if (!ALREADY_GONE.matcher(String.valueOf(e.getMessage())).find()) {
                failures.add(e.getMessage());
            }
        }
    }

    /** "10.213.X." for an X whose /24 no route or address of this machine overlaps. */
    private String freeSubnet() {
        List<int[]> taken = new ArrayList<>();
        for (String output : List.of(ip("-4", "-o", "route", "show", "table", "all"), ip("-4", "-o", "addr", "show"))) {
            Matcher prefix = IPV4_PREFIX.matcher(output);
            while (prefix.find()) {
                long start = (Long.parseLong(prefix.group(1)) << 24) | (Long.parseLong(prefix.group(2)) << 16)
                        | (Long.parseLong(prefix.group(3)) << 8) | Long.parseLong(prefix.group(4));
                int length = prefix.group(5) == null ? 32 : Integer.parseInt(prefix.group(5));
                taken.add(new int[] {(int) (start >>> 8), length}); // as a /24 number, and the prefix length
            }
        }
        List<Integer> candidates = new ArrayList<>(IntStream.rangeClosed(1, 254).boxed().toList());
        Collections.shuffle(candidates, RANDOM);
        for (int x : candidates) {
            int candidate = (10 << 16) | (213 << 8) | x;
            boolean overlaps = taken.stream().anyMatch(t -> t[1] >= 24 ? t[0] == candidate
                    : (t[0] >>> (24 - t[1])) == (candidate >>> (24 - t[1])));
            if (!overlaps) {
                return "10.213." + x + ".";
            }
        }
        throw new IllegalStateException("every 10.213.X.0/24 overlaps a route of this machine (ip route): "
                + "no free subnet for the test network");
    }

    private String ip(String... args) {
        List<String> command = new ArrayList<>(List.of(ip));
        command.addAll(List.of(args));
        try {
            return run(command.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command to its end; fails with its stderr when it exits non-zero. */
    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        String stdout = readAll(process.getInputStream());
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("'" + String.join(" ", command) + "' did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running '" + String.join(" ", command) + "'", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("'" + String.join(" ", command) + "' failed (exit " + process.exitValue()
                    + "): " + join(stderr, 30, "the stderr of '" + String.join(" ", command) + "'").strip());
        }
        return stdout;
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String ipBinary() {
        return IP_LOCATIONS.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst().orElse(null);
    }

    private static String newSuffix() {
        String digits = Integer.toString(RANDOM.nextInt(36 * 36 * 36 * 36 * 36), 36);
        return "0".repeat(5 - digits.length()) + digits;
    }

    private static String require(Map<String, String> byHost, String host) {
        String value = byHost.get(host);
        if (value == null) {
            throw new IllegalArgumentException("no host '" + host + "' in the test network; it has " + byHost.keySet());
        }
        return value;
    }
}
