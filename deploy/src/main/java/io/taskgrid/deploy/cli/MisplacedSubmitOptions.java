package io.taskgrid.deploy.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A hint for options of {@code submit} written after the example's name, as in
 * {@code taskgrid submit --local 2 primes --limit 1000 --json}. The examples are subcommands of
 * {@code submit}, so picocli hands {@code --json} to {@code primes}, which does not know it: alone it
 * answered "Unknown option: '--json'" and the example's usage, without a word on where the option
 * belongs. This says so, shows the command line with the options moved, and exits 2 (wrong usage).
 * Every other parse error goes to picocli's own handler.
 */
final class MisplacedSubmitOptions implements IParameterExceptionHandler {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

    private final IParameterExceptionHandler otherwise;

    MisplacedSubmitOptions(IParameterExceptionHandler otherwise) {
        this.otherwise = otherwise;
    }

    @Override
    public int handleParseException(ParameterException error, String[] args) throws Exception {
        String hint = hint(error, args);
        if (hint == null) {
            return otherwise.handleParseException(error, args);
        }
        error.getCommandLine().getErr().println(hint);
        return CommandLine.ExitCode.USAGE;
    }

    /** The hint for {@code error}, or null when it is not about options of submit after an example's name. */
    static String hint(ParameterException error, String[] args) {
        if (!(error instanceof UnmatchedArgumentException unmatched)) {
            return null;
        }
        CommandLine example = unmatched.getCommandLine();
        CommandLine submit = example.getParent();
        if (submit == null || !(submit.getCommand() instanceof SubmitCommand)) {
            return null;
        }
        Set<String> misplaced = new LinkedHashSet<>();
        for (String arg : unmatched.getUnmatched()) {
            OptionSpec option = optionOf(submit.getCommandSpec(), arg);
            if (option != null) {
                misplaced.add(option.longestName());
            }
        }
        if (misplaced.isEmpty()) {
            return null;
        }
        boolean one = misplaced.size() == 1;
        return "taskgrid submit: " + listed(misplaced) + (one ? " is an option" : " are options") + " of submit: put "
                + (one ? "it" : "them") + " before the example's name, as in:\n  taskgrid "
                + String.join(" ", reordered(args, submit.getCommandSpec(), example.getCommandName()).stream()
                .map(MisplacedSubmitOptions::quoted).toList());
    }

    /** The option of {@code submit} that {@code arg} ("--json", "--local=2") names, or null. */
    private static OptionSpec optionOf(CommandSpec submit, String arg) {
        if (!arg.startsWith("-")) {
            return null;
        }
        int equals = arg.indexOf('=');
        return submit.findOption(equals < 0 ? arg : arg.substring(0, equals));
    }

    /** {@code args} with the options of submit after the example's name (and their values) moved before it. */
    static List<String> reordered(String[] args, CommandSpec submit, String exampleName) {
        int submitAt = List.of(args).indexOf("submit");
        int exampleAt = submitAt < 0 ? -1 : List.of(args).subList(submitAt + 1, args.length).indexOf(exampleName);
        if (exampleAt < 0) {
            return List.of(args);
        }
        exampleAt += submitAt + 1;
        List<String> moved = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (int i = exampleAt; i < args.length; i++) {
            OptionSpec option = optionOf(submit, args[i]);
            if (option == null) {
                rest.add(args[i]);
                continue;
            }
            moved.add(args[i]);
            if (!args[i].contains("=") && option.arity().max() > 0 && i + 1 < args.length) {
                moved.add(args[++i]);
            }
        }
        List<String> result = new ArrayList<>(List.of(args).subList(0, exampleAt));
        result.addAll(moved);
        result.addAll(rest);
        return result;
    }

    private static String listed(Set<String> names) {
        List<String> all = List.copyOf(names);
        if (all.size() == 1) {
            return all.get(0);
        }
        return String.join(", ", all.subList(0, all.size() - 1)) + " and " + all.get(all.size() - 1);
    }

    private static String quoted(String arg) {
        return PLAIN.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
