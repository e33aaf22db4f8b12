package io.taskgrid.worker.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * The class loader of one version of shipped code: its jars over the worker's own classes (parent
 * first, so Taskgrid's API and the worker's libraries are shared). Jobs that ship the same jars
 * share one; jobs that ship other jars get another, so two jobs may use two versions of the same
 * class at once. {@link CodeLoaders} decides when it is closed. Its name carries the id of the
 * first job that loaded it.
 */
final class JobClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    JobClassLoader(String jobId, List<Path> jars, ClassLoader parent) {
        super("taskgrid-job-" + jobId, urls(jars), parent);
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new UncheckedIOException(e);
            }
        }
        return urls;
    }

    void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // the jars stay in the cache; a failed close only keeps a file handle until exit
        }
    }
}
