package io.taskgrid.internal.client;

import io.taskgrid.Job;
import io.taskgrid.TaskgridException;
import io.taskgrid.internal.protocol.ArtifactRef;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The code a job needs on the workers, as content-addressed artifacts: the jar or classes
 * directory each of its user classes comes from, plus the jars the job names. A classes directory
 * is packed into a jar in memory, with fixed timestamps so that the same classes give the same
 * hash. Hashes are cached per path and checked again (size and modification times) at most once
 * a second, so submitting many jobs costs no re-hashing.
 */
final class CodeArtifacts {

    private static final long RECHECK_NANOS = 1_000_000_000L;
    private static final long FIXED_ENTRY_TIME = 315_532_800_000L; // 1980-01-01, the zip format's epoch

    /** Where Taskgrid's own API classes come from: never shipped, every worker has them. */
    private final Path ownCode = locationOf(Job.class);
    private final Map<Path, Packed> byPath = new ConcurrentHashMap<>();
    private final Map<String, Packed> byHash = new ConcurrentHashMap<>();

    /** One artifact: a jar file as it is, or a classes directory packed into {@code bytes}. */
    private record Packed(ArtifactRef ref, Path path, byte[] bytes, String fingerprint, long checkedAt) {
    }

    /** The artifacts for a job whose payloads use {@code classes} and that names {@code extraJars}. */
    List<ArtifactRef> forJob(Set<Class<?>> classes, List<Path> extraJars) {
        Set<Path> locations = new LinkedHashSet<>();
        for (Class<?> type : classes) {
            Path location = locationOf(type);
            if (location != null && !location.equals(ownCode)) {
                locations.add(location);
            }
        }
        locations.addAll(extraJars);
        List<ArtifactRef> refs = new ArrayList<>(locations.size());
        for (Path location : locations) {
            refs.add(packed(location).ref());
        }
        return refs;
    }

    /** The bytes of an artifact that {@link #forJob} returned. */
    InputStream open(String hash) throws IOException {
        Packed packed = byHash.get(hash);
        if (packed == null) {
            throw new IllegalStateException("no artifact " + hash + " was packed by this client");
        }
        return packed.bytes() != null ? new java.io.ByteArrayInputStream(packed.bytes()) : Files.newInputStream(packed.path());
    }

    private Packed packed(Path location) {
        Packed known = byPath.get(location);
        long now = System.nanoTime();
        if (known != null && now - known.checkedAt() < RECHECK_NANOS) {
            return known;
        }
        try {
            String fingerprint = fingerprint(location);
            Packed packed = known != null && known.fingerprint().equals(fingerprint)
                    ? new Packed(known.ref(), location, known.bytes(), fingerprint, now)
                    : pack(location, fingerprint, now);
            byPath.put(location, packed);
            if (known != null && !known.ref().hash().equals(packed.ref().hash())) {
                byHash.remove(known.ref().hash()); // the location changed: its old bytes are not needed any more
            }
            byHash.put(packed.ref().hash(), packed);
            return packed;
        } catch (IOException e) {
            throw new TaskgridException("Cannot ship the code in " + location + " to the workers: " + e.getMessage(), e);
        }
    }

    private static Packed pack(Path location, String fingerprint, long now) throws IOException {
        if (Files.isDirectory(location)) {
            byte[] jar = jarOf(location);
            ArtifactRef ref = new ArtifactRef(sha256(new java.io.ByteArrayInputStream(jar)),
                    location.getFileName() + ".jar", jar.length);
            return new Packed(ref, location, jar, fingerprint, now);
        }
        long size = Files.size(location);
        if (size > ArtifactRef.MAX_SIZE) {
            throw new IOException("it is " + size + " bytes, over the limit of " + ArtifactRef.MAX_SIZE);
        }
        try (InputStream in = Files.newInputStream(location)) {
            return new Packed(new ArtifactRef(sha256(in), location.getFileName().toString(), size), location, null,
                    fingerprint, now);
        }
    }

    /** Size and modification time of a file; for a directory, of every file in it. */
    private static String fingerprint(Path location) throws IOException {
        if (!Files.isDirectory(location)) {
            return Files.size(location) + "@" + Files.getLastModifiedTime(location).toMillis();
        }
        long files = 0;
        long bytes = 0;
        long newest = 0;
        for (Path file : filesIn(location)) {
            files++;
            bytes += Files.size(file);
            newest = Math.max(newest, Files.getLastModifiedTime(file).toMillis());
        }
        return files + "/" + bytes + "@" + newest;
    }

    private static byte[] jarOf(Path directory) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(buffer)) {
            for (Path file : filesIn(directory)) {
                JarEntry entry = new JarEntry(directory.relativize(file).toString().replace('\\', '/'));
                entry.setTime(FIXED_ENTRY_TIME);
                jar.putNextEntry(entry);
                Files.copy(file, jar);
                jar.closeEntry();
            }
        }
        if (buffer.size() > ArtifactRef.MAX_SIZE) {
            throw new IOException("packed, it is " + buffer.size() + " bytes, over the limit of " + ArtifactRef.MAX_SIZE);
        }
        return buffer.toByteArray();
    }

    private static List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
                digesting.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** The jar or directory a class was loaded from; {@code null} for the JDK's own classes. */
    static Path locationOf(Class<?> type) {
        return LOCATIONS.get(type).orElse(null);
    }

    /**
     * Where each class was loaded from, looked up once per class: a loaded class never moves, and
     * the lookup (protection domain, URL, URI, path) cost a client several microseconds per job.
     */
    private static final ClassValue<Optional<Path>> LOCATIONS = new ClassValue<>() {
        @Override
        protected Optional<Path> computeValue(Class<?> type) {
            return Optional.ofNullable(findLocation(type));
        }
    };

    private static Path findLocation(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
            return null;
        }
        try {
            return Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
