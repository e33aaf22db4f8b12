package io.taskgrid.deploy;

import io.taskgrid.TaskgridException;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A class-data archive (Java's AppCDS) of the classes a Taskgrid JVM loads: Pekko, Hazelcast,
 * Netty, Kryo and Taskgrid's own. A JVM started with it maps those classes already parsed and
 * verified instead of loading them from the jars, which roughly halves the CPU a coordinator or a
 * worker spends starting.
 *
 * <p>An archive fits one JDK build and one classpath: the distribution's launcher uses
 * {@code cds/taskgrid.jsa} when it exists, and a JVM that finds the archive does not fit starts
 * without it (silently: the launcher turns the JVM's CDS messages off). The build writes it
 * ({@code taskgrid prepare}); the tarball does not carry it.
 */
public final class ClassDataArchive {

    /** The archive's place in an installation: next to {@code lib/}. */
    static final String RELATIVE_PATH = "cds/taskgrid.jsa";

    private static final long TRAINING_TIMEOUT_SECONDS = 300;

    private ClassDataArchive() {
    }

    /**
     * The archive of the installation this class runs from ({@code HOME/cds/taskgrid.jsa} for a
     * jar in {@code HOME/lib}), or {@code null} when it does not run from an installation's jar.
     */
    public static Path defaultPath() {
        try {
            Path jar = Path.of(ClassDataArchive.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path lib = jar.getParent();
            if (!Files.isRegularFile(jar) || lib == null || lib.getParent() == null
                    || !lib.getFileName().toString().equals("lib")) {
                return null;
            }
            return lib.getParent().resolve(RELATIVE_PATH);
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The flags of this JVM that make it use an archive, for the JVMs it starts (worker processes,
     * benchmark baselines): they share its classpath, so they fit the same archive.
     */
    public static List<String> inheritedFlags() {
        return archiveFlags(ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /** The archive flags among {@code jvmArguments}. */
    static List<String> archiveFlags(List<String> jvmArguments) {
        List<String> flags = new ArrayList<>();
        for (String argument : jvmArguments) {
            if (argument.startsWith("-XX:SharedArchiveFile=") || argument.startsWith("-Xshare:")
                    || argument.startsWith("-Xlog:cds")) {
                flags.add(argument);
            }
        }
        return flags;
    }

    /**
     * Writes the archive to {@code archive}: runs {@link ClassDataTraining#run()} in a new JVM of this
     * classpath that dumps the classes it loaded when it exits, then moves the result into place
     * (so a JVM starting meanwhile never maps a half-written file). Returns its size in bytes.
     *
     * @throws TaskgridException when the classpath holds a directory (an archive needs jars only)
     *                           or the training run fails; the message carries its output
     */
    public static long create(Path archive) throws IOException, InterruptedException {
        String classpath = System.getProperty("java.class.path");
        for (String entry : classpath.split(File.pathSeparator)) {
            if (Files.isDirectory(Path.of(entry))) {
                throw new TaskgridException("a class-data archive needs a classpath of jars only, and " + entry
                        + " is a directory: run 'taskgrid prepare' from the distribution (bin/taskgrid)");
            }
        }
        try {
            Files.createDirectories(archive.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new TaskgridException("cannot write the class-data archive into " + archive.toAbsolutePath().getParent()
                    + " (" + e + "): run 'taskgrid prepare' as the user that owns the installation", e);
        }
        Path partial = archive.resolveSibling(archive.getFileName() + ".partial-" + ProcessHandle.current().pid());
        Path output = Files.createTempFile("taskgrid-prepare-", ".log");
        try {
            Process training = new ProcessBuilder(trainingCommand(partial))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean ended = training.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!ended) {
                training.destroyForcibly();
            }
            if (!ended || training.exitValue() != 0 || !Files.isRegularFile(partial)) {
                throw new TaskgridException("the training run that writes the class-data archive "
                        + (ended ? "exited with code " + training.exitValue() : "did not end within "
                        + TRAINING_TIMEOUT_SECONDS + " s") + "; its output:\n" + Files.readString(output).strip());
            }
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return Files.size(archive);
        } finally {
            Files.deleteIfExists(partial);
            Files.deleteIfExists(output);
        }
    }

    private static List<String> trainingCommand(Path partial) {
        return JvmOptions.childCommand(List.of("-XX:ArchiveClassesAtExit=" + partial, "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off"), Main.class.getName(), List.of("prepare", ClassDataTraining.OPTION));
    }
}
