package io.taskgrid.deploy.cli;

import io.taskgrid.TaskgridProgram;
import picocli.CommandLine;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads an application's {@link TaskgridProgram} from its jars for {@code taskgrid submit --jar
 * --class}, the way {@code spark-submit} loads an application jar: in a class loader over the
 * jars, which also becomes the thread's context class loader so that results decode with the
 * application's classes.
 */
final class ApplicationJars {

    private ApplicationJars() {
    }

    /** The program {@code className} from {@code jars}, its picocli options set from {@code args}. */
    static TaskgridProgram load(String className, List<Path> jars, List<String> args) throws ReflectiveOperationException {
        if (jars.isEmpty()) {
            throw new IllegalArgumentException("--class " + className + " needs the jar it is in: add --jar app.jar");
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            Path jar = jars.get(i).toAbsolutePath().normalize();
            if (!Files.isReadable(jar)) {
                throw new IllegalArgumentException("--jar " + jars.get(i) + ": there is no readable file or directory there");
            }
            urls[i] = url(jar);
        }
        ClassLoader loader = new URLClassLoader("taskgrid-application", urls, ApplicationJars.class.getClassLoader());
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("there is no class " + className + " in " + jars
                    + ": check the name (with its package) and the jar");
        }
        if (!TaskgridProgram.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(className + " does not implement io.taskgrid.TaskgridProgram: "
                    + "implement it (run(TaskgridClient) is its entry point) to run the class with taskgrid submit");
        }
        TaskgridProgram program = (TaskgridProgram) type.getDeclaredConstructor().newInstance();
        new CommandLine(program).parseArgs(args.toArray(String[]::new));
        Thread.currentThread().setContextClassLoader(loader);
        return program;
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("--jar " + jar + " is not a usable path", e);
        }
    }
}
