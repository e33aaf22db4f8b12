package io.taskgrid.deploy.cli;

import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where an option comes from when the command line does not give it: an environment variable,
 * then the configuration file, then the option's built-in default. For option {@code --some-opt}
 * of command {@code cmd} the lookups are, in order: {@code TASKGRID_CMD_SOME_OPT},
 * {@code TASKGRID_SOME_OPT}, the file's {@code cmd.some-opt}, the file's {@code some-opt}.
 *
 * <p>The file is a Java properties file: {@code --config FILE}, else {@code $TASKGRID_CONFIG},
 * else {@code ~/.taskgrid/taskgrid.properties} when it exists. A key that names no option is an
 * error, so a typo does not pass silently.
 */
final class ConfigDefaults implements IDefaultValueProvider {

    static final String CONFIG_ENV = "TASKGRID_CONFIG";
    static final String CONFIG_OPTION = "--config";

    private final Map<String, String> env;
    private final Properties file;
    private final Path path;

    private ConfigDefaults(Map<String, String> env, Properties file, Path path) {
        this.env = env;
        this.file = file;
        this.path = path;
    }

    /** The defaults for this run: the file named by {@code args}, the environment, or the usual place. */
    static ConfigDefaults load(String[] args, Map<String, String> env) {
        Path fromOption = fileOption(args);
        String fromEnv = env.get(CONFIG_ENV);
        Path named = fromOption != null ? fromOption
                : fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
        Path path = named != null ? named : Path.of(System.getProperty("user.home"), ".taskgrid", "taskgrid.properties");
        Properties properties = new Properties();
        if (Files.isRegularFile(path)) {
            try (Reader reader = Files.newBufferedReader(path)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the configuration file " + path + ": " + e.getMessage());
            }
        } else if (named != null) {
            throw new IllegalArgumentException("there is no configuration file " + path + " (named by "
                    + (fromOption != null ? CONFIG_OPTION : "$" + CONFIG_ENV) + ")");
        }
        return new ConfigDefaults(env, properties, path);
    }

    /** The value of {@code --config} in {@code args}, or {@code null}. */
    private static Path fileOption(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(CONFIG_OPTION) && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith(CONFIG_OPTION + "=")) {
                return Path.of(args[i].substring(CONFIG_OPTION.length() + 1));
            }
        }
        return null;
    }

    /** Whether the configuration file has any key, so that {@link #checkKeys} has something to check. */
    boolean hasFileKeys() {
        return !file.isEmpty();
    }

    /** Fails on a file key that names no option of any command, listing what would be valid. */
    void checkKeys(CommandLine root) {
        Set<String> known = new TreeSet<>();
        collect(root, known);
        List<String> unknown = new ArrayList<>();
        for (String key : file.stringPropertyNames()) {
            if (!known.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown setting" + (unknown.size() > 1 ? "s " : " ") + unknown + " in "
                    + path + ": a key is an option's long name without the dashes, alone or after its command "
                    + "(threads, worker.threads); 'taskgrid COMMAND --help' lists the options");
        }
    }

    private static void collect(CommandLine command, Set<String> known) {
        for (OptionSpec option : command.getCommandSpec().options()) {
            if (!option.usageHelp() && !option.versionHelp()) {
                known.add(key(option));
                known.add(command.getCommandName() + "." + key(option));
            }
        }
        command.getSubcommands().values().forEach(sub -> collect(sub, known));
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()
                || option.longestName().equals(CONFIG_OPTION)) {
            return null;
        }
        String key = key(option);
        String command = option.command() == null ? null : option.command().name();
        if (command != null) {
            String scoped = env.get(envName(command + "-" + key));
            if (scoped != null) {
                return scoped;
            }
        }
        String global = env.get(envName(key));
        if (global != null) {
            return global;
        }
        if (command != null && file.getProperty(command + "." + key) != null) {
            return file.getProperty(command + "." + key).strip();
        }
        String fromFile = file.getProperty(key);
        return fromFile == null ? null : fromFile.strip();
    }

    private static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    /** {@code worker-async-slots} → {@code TASKGRID_WORKER_ASYNC_SLOTS}. */
    static String envName(String key) {
        return "TASKGRID_" + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }
}
