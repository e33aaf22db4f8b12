package io.taskgrid.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The JVM flags of every Taskgrid JVM, read from the one copy in {@code jvm.options}. */
public final class JvmOptions {

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
     * The command of a JVM started from this one: this JVM's {@code java}, the flags every Taskgrid
     * JVM needs, {@code flags}, this JVM's classpath, then {@code mainClass} and {@code args}.
     */
    public static List<String> childCommand(List<String> flags, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(required());
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
