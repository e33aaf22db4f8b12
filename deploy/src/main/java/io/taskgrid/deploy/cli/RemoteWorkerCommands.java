package io.taskgrid.deploy.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The command lines that start, stop and check a worker on another machine over ssh: pure
 * functions of their inputs, so they can be read and tested without a remote host.
 *
 * <p>Each remote step is one POSIX sh script on one line, run there as {@code sh -c SCRIPT} so that
 * the remote login shell only has to understand single quotes. Every value that comes from the
 * user is a {@link #shellWord}: as it is when it holds only characters the shell takes literally,
 * else single-quoted. The worker's files live in {@code ~/.taskgrid} on the remote host: {@code token}
 * (mode 600, written from the start session's standard input, so that the token never appears on
 * a command line, where {@code ps} would show it), {@code worker.pid} and {@code worker.log}. A
 * recorded pid counts as a running worker only while its process's arguments contain
 * {@value #WORKER_MARK}, so a pid reused by another program after a reboot is never signalled.
 */
final class RemoteWorkerCommands {

    /** The remote worker's log, for messages. */
    static final String LOG_FILE = "~/.taskgrid/worker.log";
    /** How long the start script waits before it checks that the worker is still alive, in seconds. */
    static final int START_CHECK_SECONDS = 2;
    /** How long the stop script waits for the worker to exit after SIGTERM, in seconds. */
    static final int STOP_WAIT_SECONDS = 20;
    /** What the arguments of a worker process started here contain, and those of other processes do not. */
    static final String WORKER_MARK = "worker --coordinator";

    private static final Pattern NEEDS_NO_QUOTES = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    /** Shell variables and the {@code running} test that every script starts with. */
    private static final List<String> PRELUDE = List.of(
            "dir=\"$HOME/.taskgrid\"",
            "pidfile=\"$dir/worker.pid\"",
            "log=\"$dir/worker.log\"",
            "running() { [ -f \"$pidfile\" ] && pid=$(cat \"$pidfile\") && [ -n \"$pid\" ] "
                    + "&& ps -ww -p \"$pid\" -o args= 2>/dev/null | grep -q -e \"" + WORKER_MARK + "\"; }");

    private RemoteWorkerCommands() {
    }

    /** {@code value} in single quotes, each quote in it written as {@code '\''}: the shell takes it literally. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** {@code value} as a shell word: as it is when it holds no special character, else {@link #quote quoted}. */
    static String shellWord(String value) {
        return NEEDS_NO_QUOTES.matcher(value).matches() ? value : quote(value);
    }

    /** A command line as a shell would need it typed: each argument a {@link #shellWord}, separated by spaces. */
    static String display(List<String> commandLine) {
        return String.join(" ", commandLine.stream().map(RemoteWorkerCommands::shellWord).toList());
    }

    /**
     * The arguments of {@code taskgrid worker} on the remote host (the token file is added by
     * {@link #startScript}).
     *
     * @param coordinator  the coordinator's cluster address, HOST:PORT
     * @param threads      {@code --threads}, or {@code null} for one thread per core
     * @param extraOptions more options of {@code taskgrid worker}, passed as they are
     */
    static List<String> workerArguments(String coordinator, Integer threads, List<String> extraOptions) {
        List<String> arguments = new ArrayList<>(List.of("worker", "--coordinator", coordinator));
        if (threads != null) {
            arguments.addAll(List.of("--threads", threads.toString()));
        }
        arguments.addAll(extraOptions);
        return arguments;
    }

    /**
     * The script that stores the token it reads from its standard input, starts the worker in the
     * background with {@code nohup}, records its pid, and checks {@value #START_CHECK_SECONDS} s
     * later that it still runs (else it prints the last line of the worker's log and exits 1).
     * It refuses to start a second worker where one runs.
     */
    static String startScript(String remoteTaskgrid, List<String> workerArguments) {
        String program = shellWord(remoteTaskgrid);
        String worker = String.join(" ", workerArguments.stream().map(RemoteWorkerCommands::shellWord).toList());
        return script(
                "umask 077",
                "command -v " + program + " >/dev/null 2>&1 || { echo \"no taskgrid at \"" + program
                        + "\" there: install the distribution, or name its bin/taskgrid with --remote-taskgrid\"; "
                        + "exit 1; }",
                "mkdir -p \"$dir\" || exit 1",
                "if running; then echo \"a worker already runs there (pid $pid): stop it first with "
                        + "taskgrid ssh stop\"; exit 1; fi",
                "cat > \"$dir/token.new\" && chmod 600 \"$dir/token.new\" && mv -f \"$dir/token.new\" \"$dir/token\" "
                        + "|| { echo \"cannot write the token to $dir/token\"; exit 1; }",
                "nohup " + program + " " + worker + " --token-file \"$dir/token\" > \"$log\" 2>&1 < /dev/null &",
                "pid=$!",
                "echo \"$pid\" > \"$pidfile\"",
                "sleep " + START_CHECK_SECONDS,
                "if running; then echo \"started worker pid $pid (log: " + LOG_FILE + ")\"; "
                        + "else rm -f \"$pidfile\"; echo \"the worker exited at once: $(tail -n 1 \"$log\")\"; exit 1; fi");
    }

    /**
     * The script that sends SIGTERM to the recorded worker, waits up to {@value #STOP_WAIT_SECONDS} s
     * for it to exit, and removes the pid file. A worker that is not running is not an error.
     */
    static String stopScript() {
        return script(
                "if ! running; then if [ -f \"$pidfile\" ]; then rm -f \"$pidfile\"; "
                        + "echo \"not running (removed a stale pid file)\"; else echo \"not running\"; fi; exit 0; fi",
                "kill -TERM \"$pid\" || exit 1",
                "waited=0",
                "while running && [ \"$waited\" -lt " + STOP_WAIT_SECONDS + " ]; do sleep 1; waited=$((waited + 1)); done",
                "if running; then echo \"worker pid $pid still runs " + STOP_WAIT_SECONDS
                        + " s after SIGTERM: kill -9 $pid there\"; exit 1; fi",
                "rm -f \"$pidfile\"",
                "echo \"stopped worker pid $pid\"");
    }

    /** The script that says whether the recorded worker runs. */
    static String statusScript() {
        return script("if running; then echo \"running, worker pid $pid\"; else echo \"not running\"; fi");
    }

    /**
     * The ssh command line that runs {@code script} on {@code host}: never prompting
     * ({@code BatchMode=yes}, before the user's options so that it holds), the user's options, a
     * connect timeout (after them, so that theirs wins), and {@code --} before the host so that a
     * host cannot pass for an option.
     */
    static List<String> sshCommandLine(String sshProgram, List<String> sshOptions, String user, String host,
                                       String script) {
        List<String> commandLine = new ArrayList<>(List.of(sshProgram, "-o", "BatchMode=yes"));
        commandLine.addAll(sshOptions);
        commandLine.addAll(List.of("-o", "ConnectTimeout=10"));
        if (user != null) {
            commandLine.addAll(List.of("-l", user));
        }
        commandLine.addAll(List.of("--", host, "sh -c " + quote(script)));
        return commandLine;
    }

    /**
     * Checks that {@code host} is a host name, an address or {@code user@host}, not empty, without
     * spaces and not starting with '-'.
     *
     * @throws IllegalArgumentException naming the host and what is wrong with it
     */
    static void checkHost(String host) {
        if (host.isBlank()) {
            throw new IllegalArgumentException("--hosts has an empty host name: list hosts as a,b,c");
        }
        if (host.startsWith("-") || host.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("'" + host + "' in --hosts is not a host name: it starts with '-' "
                    + "or holds a space or a control character");
        }
    }

    /** The steps on one line: each ends with "; ", except one that ends with '&' (the shell takes no ';' there). */
    private static String script(String... steps) {
        List<String> all = new ArrayList<>(PRELUDE);
        all.addAll(List.of(steps));
        StringBuilder line = new StringBuilder();
        for (String step : all) {
            if (!line.isEmpty()) {
                line.append(line.charAt(line.length() - 1) == '&' ? " " : "; ");
            }
            line.append(step);
        }
        return line.toString();
    }
}
