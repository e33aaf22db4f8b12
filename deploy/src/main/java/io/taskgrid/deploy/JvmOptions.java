package io.taskgrid.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags of every Taskgrid JVM: those every host needs, read from the one copy in
 * {@code jvm.options}, and the JIT's and the common pool's, which depend on the host's cores.
 */
public final class JvmOptions {

    /** Up to this many cores, {@link #jitFlags} delays compilation. */
    static final int FEW_CORES = 4;

    private JvmOptions() {
    }

    /** The flags, one argument per element. */
    public static List<String> required() {
        try (InputStream in = JvmOptions.class.getResourceAsStream("jvm.options")) {
            if (in == null) {
                throw new IllegalStateException("jvm.options is missing from the classpath next to " + JvmOptions.class);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JIT's flags for a host of {@code cores} (the same rule as {@code bin/taskgrid}'s). On a
     * host of up to {@value #FEW_CORES} cores, the JIT compiles a method after 3 times as many calls
     * and loop turns as by default: a node runs thousands of Pekko, Hazelcast and Netty methods a
     * few hundred times while it starts and idles, and compiling them all would take much of a
     * worker's CPU in its first seconds, CPU taken from its neighbours on the same cores. With more
     * cores the compilers run beside the work, and the default is better. The figures behind both
     * rules are in {@code benchmarks/README.md}.
     */
    public static List<String> jitFlags(int cores) {
        return cores <= FEW_CORES ? List.of("-XX:CompileThresholdScaling=3") : List.of();
    }

    /**
     * The common {@code ForkJoinPool}'s flags for a host of {@code cores} (the same rule as
     * {@code bin/taskgrid}'s). The JVM gives that pool one thread fewer than the cores: one on a
     * host of 1 or 2. Hazelcast completes its asynchronous calls on that pool, but on a new thread
     * per call when it has a single thread: the coordinator's state store, and any Hazelcast client
     * (such as the baseline of {@code taskgrid bench}). Two threads keep those calls on the pool.
     */
    public static List<String> commonPoolFlags(int cores) {
        return cores <= 2 ? List.of("-Djava.util.concurrent.ForkJoinPool.common.parallelism=2") : List.of();
    }

    /**
     * The command of a JVM started from this one: this JVM's {@code java}, the flags every Taskgrid
     * JVM needs, the JIT's and the common pool's for this host, {@code flags}, this JVM's classpath,
     * then {@code mainClass} and {@code args}.
     */
    public static List<String> childCommand(List<String> flags, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(required());
        int cores = Runtime.getRuntime().availableProcessors();
        command.addAll(jitFlags(cores));
        command.addAll(commonPoolFlags(cores));
        command.addAll(flags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** The arguments of a java @argfile: whitespace-separated, {@code #} starts a comment. */
    static List<String> parse(String text) {
        List<String> arguments = new ArrayList<>();
        for (String line : text.split("\n")) {
            int comment = line.indexOf('#');
            String content = comment >= 0 ? line.substring(0, comment) : line;
            for (String argument : content.trim().split("\\s+")) {
                if (!argument.isEmpty()) {
                    arguments.add(argument);
                }
            }
        }
        return arguments;
    }
}
