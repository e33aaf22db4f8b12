package io.taskgrid.deploy.cli;

import io.taskgrid.internal.HostAndPort;
import io.taskgrid.internal.Secrets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code taskgrid ssh start|stop|status}: workers on other machines, over the system's ssh.
 * The remote command lines are built by {@link RemoteWorkerCommands} and run by {@link SshSessions}.
 */
@Command(name = "ssh", mixinStandardHelpOptions = true,
        subcommands = {SshCommand.Start.class, SshCommand.Stop.class, SshCommand.Status.class},
        description = {"Start, stop and check workers on other machines over ssh, all hosts at once, one line per host.",
                "Uses the ssh on PATH in batch mode: it must log in without a prompt (a key, an agent), and the hosts' "
                        + "keys must be known (or pass --ssh-option=-oStrictHostKeyChecking=accept-new).",
                "Each host needs the distribution (default /opt/taskgrid/bin/taskgrid) and Java 17; the worker keeps "
                        + "its token, pid and log in ~/.taskgrid there."},
        footer = {"", "Exit codes: 0 every host did it, 1 a host failed (its line says why), 2 wrong usage."})
final class SshCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /** {@code taskgrid ssh start}: sends the token, starts a worker in the background, records its pid. */
    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Start a worker on each host: send the cluster's token over ssh's standard input to "
                    + "~/.taskgrid/token (mode 600, never on a command line), start 'taskgrid worker' there with "
                    + "nohup, logging to ~/.taskgrid/worker.log, and record its pid in ~/.taskgrid/worker.pid.",
                    "Prints 'HOST: started worker pid PID' per host; a host that already runs a worker fails.",
                    "Example: taskgrid ssh start --hosts node1,node2 --coordinator 10.0.0.5:7710 -- --cache-dir /data/tg"})
    static final class Start implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        SshHosts hosts;

        @Option(names = "--coordinator", required = true, paramLabel = "HOST:PORT",
                description = "The coordinator's cluster address as the hosts reach it (as 'taskgrid coordinator' "
                        + "printed it).")
        String coordinator;

        @Option(names = "--threads", paramLabel = "T", description = "CPU threads per worker (default: one per core).")
        Integer threads;

        @Option(names = "--remote-taskgrid", paramLabel = "PATH", defaultValue = "/opt/taskgrid/bin/taskgrid",
                description = "The taskgrid launcher on the hosts (default: ${DEFAULT-VALUE}).")
        String remoteTaskgrid;

        @Option(names = "--token-file", paramLabel = "FILE",
                description = "The file with the cluster's token to give the workers (default: $" + Secrets.TOKEN_ENV
                        + ", else $" + Secrets.TOKEN_FILE_ENV + ", else ~/.taskgrid/token).")
        Path tokenFile;

        @Parameters(paramLabel = "WORKER_OPTION", arity = "0..*",
                description = "More options of 'taskgrid worker', after '--', such as -- --worker-loss-after 10s.")
        List<String> workerOptions = new ArrayList<>();

        @Override
        public Integer call() {
            List<String> arguments = workerArguments();
            String token = Secrets.forClient(tokenFile);
            if (token == null) {
                throw new IllegalArgumentException("no cluster token to give the workers: copy the coordinator's "
                        + "token file to " + Secrets.tokenFile(tokenFile) + ", pass --token-file, or set $"
                        + Secrets.TOKEN_ENV);
            }
            String script = RemoteWorkerCommands.startScript(remoteTaskgrid, arguments);
            byte[] input = (token + "\n").getBytes(StandardCharsets.UTF_8);
            return hosts.runEverywhere(script, input, tokenShownAs(), spec.commandLine());
        }

        /** The remote worker's arguments, checked here against {@code taskgrid worker}'s options first. */
        List<String> workerArguments() {
            HostAndPort.parse(coordinator);
            if (threads != null && threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, not " + threads);
            }
            List<String> arguments = RemoteWorkerCommands.workerArguments(coordinator, threads, workerOptions);
            List<String> asRemote = new ArrayList<>(arguments.subList(1, arguments.size()));
            asRemote.addAll(List.of("--token-file", "~/.taskgrid/token"));
            try {
                new CommandLine(new WorkerCommand()).parseArgs(asRemote.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                throw new IllegalArgumentException("the workers' options are wrong (see taskgrid worker --help): "
                        + e.getMessage());
            }
            return arguments;
        }

        /** How --dry-run shows where the token comes from, without showing the token. */
        private UnaryOperator<String> tokenShownAs() {
            String fromEnv = System.getenv(Secrets.TOKEN_ENV);
            if (fromEnv != null && !fromEnv.isBlank()) {
                return line -> "printf '%s\\n' \"$" + Secrets.TOKEN_ENV + "\" | " + line;
            }
            String file = RemoteWorkerCommands.shellWord(Secrets.tokenFile(tokenFile).toString());
            return line -> line + " < " + file;
        }
    }

    /** {@code taskgrid ssh stop}: SIGTERM to the recorded worker, and its pid file removed. */
    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = {"Stop the worker that 'taskgrid ssh start' started on each host (SIGTERM, then up to "
                    + RemoteWorkerCommands.STOP_WAIT_SECONDS + " s for it to exit) and remove its pid file.",
                    "A host without a running worker is not an error; one whose worker does not exit is."})
    static final class Stop implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        SshHosts hosts;

        @Override
        public Integer call() {
            return hosts.runEverywhere(RemoteWorkerCommands.stopScript(), new byte[0], line -> line,
                    spec.commandLine());
        }
    }

    /** {@code taskgrid ssh status}: whether the recorded worker runs on each host. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Say per host whether the worker that 'taskgrid ssh start' started there runs: "
                    + "'HOST: running, worker pid PID' or 'HOST: not running'.",
                    "Exits 1 only if a host could not be asked ('taskgrid status' shows the workers the coordinator "
                            + "has)."})
    static final class Status implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        SshHosts hosts;

        @Override
        public Integer call() {
            return hosts.runEverywhere(RemoteWorkerCommands.statusScript(), new byte[0], line -> line,
                    spec.commandLine());
        }
    }
}
