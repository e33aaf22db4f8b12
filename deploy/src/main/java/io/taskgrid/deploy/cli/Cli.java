package io.taskgrid.deploy.cli;

import io.taskgrid.TaskgridException;
import io.taskgrid.TaskgridProgram;
import io.taskgrid.internal.TaskgridVersion;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The {@code taskgrid} command line: its commands, exit codes and error handling.
 *
 * <p>Exit codes: 0 success; 1 the work failed or the cluster could not be reached (one line on
 * stderr says why); 2 the command line was wrong; 130/143 interrupted by SIGINT/SIGTERM.
 */
@Command(name = "taskgrid", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Distributed task execution for the JVM: one API from a laptop to a cluster.",
        footer = {"", "Exit codes: 0 success, 1 failure (the reason is on stderr), 2 wrong usage.",
                "Start with: taskgrid submit --local 2 primes --limit 10000000"})
public final class Cli implements Callable<Integer> {

    /** Exit code of a failure that the message on stderr explains. */
    static final int FAILED = 1;

    /** The commands, in the order {@code --help} lists them. */
    private static final List<Class<?>> COMMANDS = List.of(LocalCommand.class, CoordinatorCommand.class,
            WorkerCommand.class, SubmitCommand.class, StatusCommand.class, JobsCommand.class, WorkersCommand.class,
            CancelCommand.class, DrainCommand.class, BenchCommand.class, PrepareCommand.class, SshCommand.class,
            CommandLine.HelpCommand.class);

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log more, and print stack traces of errors.")
    void verbose(boolean verbose) {
        Logging.verbose(verbose);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = ConfigDefaults.CONFIG_OPTION, scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "A properties file of option defaults (default: $" + ConfigDefaults.CONFIG_ENV
                    + ", else ~/.taskgrid/taskgrid.properties); flags win over environment variables "
                    + "(TASKGRID_COMMAND_OPTION, TASKGRID_OPTION), which win over the file.")
    void config(String file) {
        // read before parsing, by ConfigDefaults.load, so that it can supply the other options' defaults
    }

    /** Runs the command line: the exit code. */
    public static int run(String[] args) {
        CommandLine cli;
        try {
            cli = create(args, System.getenv());
        } catch (IllegalArgumentException badConfig) {
            System.err.println("taskgrid: " + badConfig.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        return cli.execute(args);
    }

    /** The command line with defaults from the environment and the usual configuration file only. */
    public static CommandLine create() {
        return create(new String[0], System.getenv());
    }

    /**
     * The command line, with the built-in examples as subcommands of {@code submit}, and option
     * defaults from {@code env} and the configuration file that {@code args} or {@code env} name.
     */
    static CommandLine create(String[] args, Map<String, String> env) {
        ConfigDefaults defaults = ConfigDefaults.load(args, env);
        // Only the command that runs, unless a configuration file's keys are to be checked against all
        // of them: picocli builds every command's model eagerly, a noticeable part of a JVM's start.
        String named = defaults.hasFileKeys() ? null : commandNamedIn(args);
        CommandLine cli = new CommandLine(new Cli());
        for (Class<?> command : COMMANDS) {
            if (named == null || named.equals(nameOf(command))) {
                cli.addSubcommand(newInstance(command));
            }
        }
        CommandLine submit = cli.getSubcommands().get("submit");
        if (submit != null) {
            for (TaskgridProgram program : ServiceLoader.load(TaskgridProgram.class)) {
                submit.addSubcommand(program.name(), new CommandLine(program));
            }
        }
        defaults.checkKeys(cli);
        cli.setDefaultValueProvider(defaults);
        cli.setParameterExceptionHandler(new MisplacedSubmitOptions(cli.getParameterExceptionHandler()));
        cli.setExecutionStrategy(Cli::execute);
        cli.setExecutionExceptionHandler((error, command, parseResult) -> {
            command.getErr().println("taskgrid: " + describe(error));
            if (Logging.isVerbose()) {
                error.printStackTrace(command.getErr());
            }
            return FAILED;
        });
        return cli;
    }

    /**
     * The command that {@code args} name, if it is one of {@link #COMMANDS} other than {@code help};
     * else {@code null} (no command, a mistyped one, only options: all commands are needed then).
     */
    static String commandNamedIn(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals(ConfigDefaults.CONFIG_OPTION)) {
                i++; // its value
            } else if (!arg.startsWith("-")) {
                boolean known = !arg.equals("help") && COMMANDS.stream().anyMatch(command -> nameOf(command).equals(arg));
                return known ? arg : null;
            }
        }
        return null;
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    private static Object newInstance(Class<?> command) {
        try {
            var constructor = command.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the command " + command.getName(), e);
        }
    }

    /** Runs a program through {@code submit}; any other command the usual way. */
    private static int execute(ParseResult parsed) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help; // --help and --version print and exit: no logging to set up
        }
        LoggerFactory.getILoggerFactory(); // before Pekko and Hazelcast start logging from other threads
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        if (last.commandSpec().userObject() instanceof TaskgridProgram program) {
            SubmitCommand submit = (SubmitCommand) last.commandSpec().parent().userObject();
            try {
                return submit.run(program);
            } catch (RuntimeException e) {
                throw new CommandLine.ExecutionException(last.commandSpec().commandLine(), e.getMessage(), e);
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** One line that says what went wrong, without a stack trace. */
    static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException
                || cause instanceof CommandLine.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TaskgridException || cause instanceof IllegalArgumentException) {
            return cause.getMessage();
        }
        if (cause.getMessage() == null || cause.getMessage().isBlank()) { // a bare name says nothing to a person
            StackTraceElement[] stack = cause.getStackTrace();
            return "an unexpected " + cause.getClass().getName() + (stack.length == 0 ? "" : " at " + stack[0])
                    + " (a bug: run the command again with -v for the stack trace, and report it)";
        }
        return cause.toString();
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /** {@code --version}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"taskgrid " + TaskgridVersion.get() + " (Java " + Runtime.version() + ")"};
        }
    }
}
