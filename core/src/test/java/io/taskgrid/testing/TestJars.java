package io.taskgrid.testing;

import io.taskgrid.Task;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Jars built while a test runs, from Java source, so that their classes are on no JVM's classpath:
 * the code a user ships to a cluster. Compiled against Taskgrid's API (and any classes given).
 */
public final class TestJars {

    private TestJars() {
    }

    /**
     * Compiles {@code sources} (class name to source text) and packs the classes into {@code jar}.
     *
     * @param classpath more classes the sources use (jars or directories), beyond Taskgrid's API
     */
    public static Path compile(Path jar, Map<String, String> sources, Path... classpath) throws IOException {
        Path classes = Files.createTempDirectory("taskgrid-test-classes-");
        try {
            compileInto(classes, sources, classpath);
            pack(classes, jar);
            return jar;
        } finally {
            deleteTree(classes);
        }
    }

    private static void compileInto(Path classes, Map<String, String> sources, Path... classpath) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, text) -> units.add(new Source(name, text)));
        List<String> path = new ArrayList<>(List.of(locationOf(Task.class).toString()));
        for (Path extra : classpath) {
            path.add(extra.toString());
        }
        StringWriter errors = new StringWriter();
        boolean compiled = compiler.getTask(errors, null, null, List.of("-d", classes.toString(),
                "-classpath", String.join(java.io.File.pathSeparator, path), "--release", "17"), null, units).call();
        if (!compiled) {
            throw new IllegalStateException("the test's sources do not compile:\n" + errors);
        }
    }

    private static void pack(Path classes, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream packed = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                packed.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, packed);
                packed.closeEntry();
            }
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The jar or directory a class was loaded from. */
    public static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String className, String text) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
