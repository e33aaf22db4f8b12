package io.taskgrid.deploy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The hosts that a {@code taskgrid ssh} command works on and how it reaches them; runs a script on all of them. */
final class SshHosts {

    /** How long one host may take: ssh's connect timeout plus the longest script (stop's wait) and some slack. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = "--hosts", required = true, split = ",", paramLabel = "HOST",
            description = "The machines, comma-separated (host, address or user@host), as ssh knows them "
                    + "(~/.ssh/config applies).")
    List<String> hosts;

    @Option(names = "--user", paramLabel = "USER", description = "Log in as USER (ssh -l; default: ssh's).")
    String user;

    @Option(names = "--ssh-option", paramLabel = "OPTION",
            description = "An option for ssh, one per flag and repeatable, such as --ssh-option=-p2222 "
                    + "--ssh-option=-oStrictHostKeyChecking=accept-new (for hosts not yet in known_hosts).")
    List<String> sshOptions = new ArrayList<>();

    @Option(names = "--dry-run", description = "Print the ssh command lines instead of running them.")
    boolean dryRun;

    @Option(names = "--ssh-program", hidden = true, defaultValue = "ssh",
            description = "The ssh program (default: ${DEFAULT-VALUE}, from PATH).")
    String sshProgram;

    /** The hosts, checked: each a host name, none twice (one worker per host: its pid file is per user). */
    List<String> checkedHosts() {
        Set<String> seen = new HashSet<>();
        for (String host : hosts) {
            RemoteWorkerCommands.checkHost(host);
            if (!seen.add(host)) {
                throw new IllegalArgumentException("'" + host + "' is in --hosts twice: one worker per host and user");
            }
        }
        return List.copyOf(hosts);
    }

    /** The ssh command line that runs {@code script} on {@code host}. */
    List<String> commandLine(String host, String script) {
        return RemoteWorkerCommands.sshCommandLine(sshProgram, sshOptions, user, host, script);
    }

    /**
     * Runs {@code script} on every host at once with {@code input} on its standard input, printing
     * one line per host ("host: what happened"; failures on stderr); with {@code --dry-run}, prints
     * each command line as {@code shownAs} makes it instead (to say where the input comes from).
     * Prints to {@code command}'s out and err.
     *
     * @return 0 if every host succeeded, else {@link Cli#FAILED}
     */
    int runEverywhere(String script, byte[] input, UnaryOperator<String> shownAs, CommandLine command) {
        PrintWriter out = command.getOut();
        PrintWriter err = command.getErr();
        List<String> targets = checkedHosts();
        if (dryRun) {
            for (String host : targets) {
                out.println(shownAs.apply(RemoteWorkerCommands.display(commandLine(host, script))));
            }
            out.flush();
            return 0;
        }
        List<SshSessions.Session> sessions = targets.stream()
                .map(host -> new SshSessions.Session(host, commandLine(host, script), input)).toList();
        int failed = SshSessions.runAll(sessions, SESSION_TIMEOUT, outcome -> {
            (outcome.succeeded() ? out : err).println(outcome.host() + ": " + outcome.message());
            (outcome.succeeded() ? out : err).flush();
        });
        if (failed > 0) {
            err.println("taskgrid: " + failed + " of " + targets.size() + " hosts failed (above)");
            err.flush();
            return Cli.FAILED;
        }
        return 0;
    }
}
