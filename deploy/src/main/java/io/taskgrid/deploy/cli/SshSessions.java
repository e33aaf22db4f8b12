package io.taskgrid.deploy.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one ssh process per host, all at once, and tells what each one said.
 *
 * <p>Each session runs on its own thread of a pool that lives for one call of {@link #runAll};
 * its output (stdout and stderr together) goes to a temporary file, so a remote process that
 * keeps a descriptor open can never block the reading side.
 */
final class SshSessions {

    /** The exit status with which ssh reports its own errors (no connection, refused login, unknown host key). */
    static final int SSH_ERROR = 255;

    /** One ssh process to run: {@code input} goes to its standard input, which is then closed. */
    record Session(String host, List<String> commandLine, byte[] input) {
    }

    /** What a session came to: {@code message} is one line, the remote side's last or the error's. */
    record Outcome(String host, boolean succeeded, String message) {
    }

    private SshSessions() {
    }

    /**
     * Runs every session in parallel and hands each outcome to {@code onOutcome}, in the order of
     * {@code sessions} (a slow host holds back the lines of the hosts after it, not their work).
     *
     * @return how many sessions failed
     */
    static int runAll(List<Session> sessions, Duration timeout, Consumer<Outcome> onOutcome) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(sessions.size(), 32)), task -> {
            Thread thread = new Thread(task, "taskgrid-ssh");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Outcome>> outcomes = new ArrayList<>();
            for (Session session : sessions) {
                outcomes.add(pool.submit(() -> run(session, timeout)));
            }
            int failed = 0;
            for (int i = 0; i < sessions.size(); i++) {
                Outcome outcome = await(outcomes.get(i), sessions.get(i).host());
                failed += outcome.succeeded() ? 0 : 1;
                onOutcome.accept(outcome);
            }
            return failed;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs one session to its end, or kills it after {@code timeout}. */
    static Outcome run(Session session, Duration timeout) {
        Path output = null;
        try {
            output = Files.createTempFile("taskgrid-ssh-", ".out");
            Process process = new ProcessBuilder(session.commandLine()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            send(process, session.input());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Outcome(session.host(), false, "no answer within " + timeout.toSeconds() + " s: "
                        + "is the host up, and does the remote command hang?");
            }
            String said = lastLine(Files.readString(output, StandardCharsets.UTF_8));
            return outcome(session.host(), process.exitValue(), said);
        } catch (IOException e) {
            return new Outcome(session.host(), false, "cannot run " + session.commandLine().get(0) + ": "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(session.host(), false, "interrupted");
        } finally {
            deleteQuietly(output);
        }
    }

    /** The outcome of a session that exited with {@code exitCode} after printing {@code lastLine} last. */
    static Outcome outcome(String host, int exitCode, String lastLine) {
        if (exitCode == 0) {
            return new Outcome(host, true, lastLine.isEmpty() ? "done" : lastLine);
        }
        if (exitCode == SSH_ERROR) {
            return new Outcome(host, false, "ssh failed: " + (lastLine.isEmpty() ? "exit status 255" : lastLine));
        }
        return new Outcome(host, false, lastLine.isEmpty()
                ? "the remote command exited with status " + exitCode : lastLine);
    }

    /** The last line of {@code text} that is not blank, stripped; empty if there is none. */
    static String lastLine(String text) {
        String[] lines = text.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].strip();
            }
        }
        return "";
    }

    private static void send(Process process, byte[] input) {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input);
        } catch (IOException remoteDidNotRead) {
            // the remote command exited before reading its input (a refusal); its output says why
        }
    }

    private static Outcome await(Future<Outcome> outcome, String host) {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            return new Outcome(host, false, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(host, false, "interrupted");
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file; the system cleans it up
            }
        }
    }
}
