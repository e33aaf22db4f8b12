package io.taskgrid.internal;

import io.taskgrid.TaskgridException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The cluster's shared secret: a token that clients present at the gateway and workers present
 * when they register. Where it comes from, first found wins:
 * <ol>
 *   <li>the environment variable {@value #TOKEN_ENV} (the token itself);</li>
 *   <li>the file named by {@value #TOKEN_FILE_ENV}, or by a {@code --token-file} flag;</li>
 *   <li>the file {@code ~/.taskgrid/token}, which a coordinator creates (readable by its owner
 *       only) when no token is given, so that clients on the same machine find it.</li>
 * </ol>
 */
public final class Secrets {

    /** The environment variable that holds the token itself. */
    public static final String TOKEN_ENV = "TASKGRID_TOKEN";
    /** The environment variable that names the token file. */
    public static final String TOKEN_FILE_ENV = "TASKGRID_TOKEN_FILE";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** A new random token: 32 bytes, hex. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Whether {@code presented} equals {@code expected}, in time that does not depend on where they differ. */
    public static boolean matches(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /** A short name derived from the token, which tells clusters apart without revealing it. */
    public static String fingerprint(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("taskgrid:" + token).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The default token file, {@code ~/.taskgrid/token}. */
    public static Path defaultTokenFile() {
        return Path.of(System.getProperty("user.home"), ".taskgrid", "token");
    }

    /**
     * The token a client or worker presents: from {@value #TOKEN_ENV}, else from {@code tokenFile}
     * (when not null), {@value #TOKEN_FILE_ENV} or the default file; {@code null} when there is none.
     */
    public static String forClient(Path tokenFile) {
        String fromEnv = System.getenv(TOKEN_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        Path file = tokenFile(tokenFile);
        return Files.isReadable(file) ? read(file) : null;
    }

    /**
     * The token a coordinator requires: like {@link #forClient}, and when there is none, a new
     * one written to the token file (created readable by its owner only).
     */
    public static String forCoordinator(Path tokenFile) {
        String known = forClient(tokenFile);
        if (known != null) {
            return known;
        }
        Path file = tokenFile(tokenFile);
        String token = newToken();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            createReadableByOwnerOnly(file);
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TaskgridException("Cannot write a new cluster token to " + file + " (" + e.getMessage()
                    + "): set " + TOKEN_ENV + ", or name a writable file with --token-file", e);
        }
        return token;
    }

    /** Where the token file is: the one given, else {@value #TOKEN_FILE_ENV}, else the default. */
    public static Path tokenFile(Path given) {
        if (given != null) {
            return given;
        }
        String fromEnv = System.getenv(TOKEN_FILE_ENV);
        return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv.strip()) : defaultTokenFile();
    }

    private static String read(Path file) {
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new TaskgridException("The token file " + file + " is empty: put the cluster's token in it, "
                        + "or delete it and let the coordinator make a new one");
            }
            return token;
        } catch (IOException e) {
            throw new TaskgridException("Cannot read the token file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Creates the file with owner-only permissions from the start, so the token is never readable by others. */
    private static void createReadableByOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
        }
    }
}
