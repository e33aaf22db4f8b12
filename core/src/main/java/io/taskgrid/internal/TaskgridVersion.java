package io.taskgrid.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of Taskgrid on the classpath, as built by Maven. */
public final class TaskgridVersion {

    private static final String VERSION = load();

    private TaskgridVersion() {
    }

    /** The version, such as {@code 0.1.0}. */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = TaskgridVersion.class.getResourceAsStream("/io/taskgrid/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
