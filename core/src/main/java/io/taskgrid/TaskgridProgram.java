package io.taskgrid;

/**
 * A program that runs against a cluster, given a connected client: the entry point that
 * {@code taskgrid submit} runs, for the built-in examples and for applications alike.
 *
 * <p>Implementations found through {@link java.util.ServiceLoader} are the programs that
 * {@code taskgrid submit NAME} knows. Command-line options may be declared with picocli
 * annotations on the implementing class.
 */
public interface TaskgridProgram {

    /** The name used on the command line, such as {@code primes}. */
    String name();

    /** One line that says what the program does, for {@code --help}. */
    String description();

    /**
     * Runs the program.
     *
     * @return the result to print: a number, a string, or a list or map of them
     */
    Object run(TaskgridClient client) throws Exception;
}
