package io.taskgrid;

import io.taskgrid.internal.protocol.RunPolicy;
import io.taskgrid.internal.protocol.SubtaskSource.RangeSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A description of work to run on the cluster: a set of independent subtasks and the options
 * for running them. A job is an immutable value; submit it with {@link TaskgridClient#submit(Job)}.
 *
 * <p>Three ways to build one:
 * <ul>
 *   <li>{@link #of(List)}: a list of {@link Task}s, one subtask each;</li>
 *   <li>{@link #map(TaskFunction, List)}: one function applied to each input;</li>
 *   <li>{@link #range(long, long, long, TaskFunction)}: an interval of longs split into
 *       chunks, one subtask per chunk;</li>
 *   <li>{@link #ofAsync(List)} and {@link #mapAsync(AsyncFunction, List)}: the same for
 *       I/O-bound work, run on the workers' event loops ({@link AsyncTask}).</li>
 * </ul>
 * The coordinator splits map and range jobs lazily: a range job of ten million subtasks is three
 * numbers and a function on the wire and in the coordinator's memory.
 *
 * <pre>{@code
 * Job<Long> primes = Job.range(0, 10_000_000, 100_000, r -> Primes.count(r.from(), r.to()))
 *                       .named("primes")
 *                       .withMaxRetries(2);
 * }</pre>
 *
 * @param <R> the type of each subtask's result
 */
public final class Job<R> {

    /**
     * The most subtasks one job may have. The coordinator keeps two bytes per subtask and the
     * client one reference per result, so a hundred million is about the sensible top; beyond it,
     * make each subtask do more.
     */
    public static final int MAX_SUBTASKS = 100_000_000;

    /** The most retries a job may give each subtask. */
    public static final int MAX_RETRIES = 100;

    /** The subtasks of a job, in one of three shapes. */
    public sealed interface Subtasks<R> permits TaskList, MappedInputs, RangeChunks, AsyncTaskList, AsyncMappedInputs {
        /** How many subtasks this describes. */
        int count();
    }

    /** Subtasks given one by one, as async tasks. */
    public record AsyncTaskList<R>(List<? extends AsyncTask<R>> tasks) implements Subtasks<R> {
        @Override
        public int count() {
            return tasks.size();
        }
    }

    /** One async subtask per input: {@code function.apply(input, context)}. */
    public record AsyncMappedInputs<T, R>(AsyncFunction<? super T, ? extends R> function,
                                          List<? extends T> inputs) implements Subtasks<R> {
        @Override
        public int count() {
            return inputs.size();
        }
    }

    /** Subtasks given one by one, as tasks. */
    public record TaskList<R>(List<? extends Task<R>> tasks) implements Subtasks<R> {
        @Override
        public int count() {
            return tasks.size();
        }
    }

    /** One subtask per input: {@code function.apply(input)}. */
    public record MappedInputs<T, R>(TaskFunction<? super T, ? extends R> function,
                                     List<? extends T> inputs) implements Subtasks<R> {
        @Override
        public int count() {
            return inputs.size();
        }
    }

    /** One subtask per chunk of {@code [from, to)}: {@code function.apply(chunk)}. */
    public record RangeChunks<R>(long from, long to, long chunkSize,
                                 TaskFunction<Range, ? extends R> function) implements Subtasks<R> {
        @Override
        public int count() {
            return (int) RangeSource.chunkCount(from, to, chunkSize);
        }

        /** The chunk that subtask {@code index} works on. */
        public Range chunk(int index) {
            return chunkOf(from, to, chunkSize, index);
        }
    }

    /** The chunk {@code index} of {@code [from, to)} split into pieces of {@code chunkSize}. */
    public static Range chunkOf(long from, long to, long chunkSize, int index) {
        return RangeSource.chunkOf(from, to, chunkSize, index);
    }

    private final Subtasks<R> subtasks;
    private final String name;
    private final RunPolicy policy;
    private final List<Path> jars;

    private Job(Subtasks<R> subtasks, String name, RunPolicy policy) {
        this(subtasks, name, policy, List.of());
    }

    private Job(Subtasks<R> subtasks, String name, RunPolicy policy, List<Path> jars) {
        this.subtasks = subtasks;
        this.name = name;
        this.policy = policy;
        this.jars = jars;
    }

    /**
     * A job with one subtask per task, in list order.
     *
     * @throws IllegalArgumentException when the list is empty or holds a null
     */
    public static <R> Job<R> of(List<? extends Task<R>> tasks) {
        return new Job<>(new TaskList<>(JobArguments.tasks(tasks, "task")), "tasks", RunPolicy.DEFAULT);
    }

    /**
     * A job with one async subtask per task, in list order, run on the workers' event loops.
     *
     * @throws IllegalArgumentException when the list is empty or holds a null
     */
    public static <R> Job<R> ofAsync(List<? extends AsyncTask<R>> tasks) {
        return new Job<>(new AsyncTaskList<>(JobArguments.tasks(tasks, "async task")), "async-tasks", RunPolicy.DEFAULT);
    }

    /**
     * A job that starts {@code function} for each input on the workers' event loops, one async
     * subtask per input; result {@code i} belongs to input {@code i}.
     *
     * @throws IllegalArgumentException when there are no inputs
     */
    public static <T, R> Job<R> mapAsync(AsyncFunction<? super T, ? extends R> function, List<? extends T> inputs) {
        JobArguments.mapping(function, inputs);
        return new Job<>(new AsyncMappedInputs<T, R>(function, inputs), "map-async", RunPolicy.DEFAULT);
    }

    /**
     * A job that applies {@code function} to each input on the cluster, one subtask per input;
     * result {@code i} belongs to input {@code i}.
     *
     * @throws IllegalArgumentException when there are no inputs
     */
    public static <T, R> Job<R> map(TaskFunction<? super T, ? extends R> function,
                                    List<? extends T> inputs) {
        JobArguments.mapping(function, inputs);
        return new Job<>(new MappedInputs<T, R>(function, inputs), "map", RunPolicy.DEFAULT);
    }

    /**
     * A job over the interval {@code [from, to)} cut into chunks of {@code chunkSize} values (the
     * last one may be shorter); each chunk is one subtask that runs {@code function.apply(chunk)}.
     * For example {@code range(0, 1_000_000, 10_000, fn)} makes 100 subtasks.
     *
     * @throws IllegalArgumentException when the interval is empty, {@code chunkSize} is not
     *                                  positive, or there would be more than {@link Integer#MAX_VALUE} chunks
     */
    public static <R> Job<R> range(long from, long to, long chunkSize,
                                   TaskFunction<Range, ? extends R> function) {
        JobArguments.range(from, to, chunkSize, function);
        return new Job<>(new RangeChunks<>(from, to, chunkSize, function), "range", RunPolicy.DEFAULT);
    }

    /** This job with a name, shown in status, logs and the dashboard. */
    public Job<R> named(String newName) {
        JobArguments.name(newName);
        return new Job<>(subtasks, newName, policy, jars);
    }

    /**
     * This job shipping these jars to the workers too, for code its tasks use but do not hold (a
     * library called inside a task). The jar or classes directory that the tasks' own classes come
     * from is shipped without asking. Workers fetch each jar once (by content hash) and load the
     * job's code in a class loader of its own.
     *
     * @throws IllegalArgumentException when a path is not a readable jar file or directory
     */
    public Job<R> withJars(Path... paths) {
        List<Path> more = new ArrayList<>(jars);
        for (Path path : paths) {
            more.add(JobArguments.jar(path, name));
        }
        return new Job<>(subtasks, name, policy, List.copyOf(more));
    }

    /**
     * This job with up to {@code retries} more attempts for each subtask that throws or times out
     * (default 0: a subtask that throws fails at once). Retries wait as {@link #withRetryBackoff} says.
     */
    public Job<R> withMaxRetries(int retries) {
        JobArguments.retries(retries);
        return with(policy.withMaxRetries(retries));
    }

    /**
     * This job with {@code firstWait} before a subtask's first retry, doubling with each further
     * retry up to a minute (default 100 ms); {@link Duration#ZERO} retries at once. The subtask
     * waits on the coordinator; it holds no worker thread meanwhile.
     */
    public Job<R> withRetryBackoff(Duration firstWait) {
        long millis = JobArguments.nonNegativeMillis(firstWait, "the retry backoff");
        return with(policy.withRetryBackoffMillis(millis));
    }

    /**
     * This job with exceptions that are not worth retrying: a subtask that throws one of these
     * types (or a subtype) fails at once, whatever {@link #withMaxRetries} allows. For example
     * {@code job.withNoRetryOn(IllegalArgumentException.class)} for bad inputs.
     */
    @SafeVarargs
    public final Job<R> withNoRetryOn(Class<? extends Throwable>... types) {
        List<String> names = new ArrayList<>(policy.noRetryOn());
        for (Class<? extends Throwable> type : types) {
            names.add(Objects.requireNonNull(type, "exception type").getName());
        }
        return with(policy.withNoRetryOn(names));
    }

    /**
     * This job with a time limit for each attempt of each subtask: the worker interrupts an
     * attempt that runs longer, and it counts as failed (and is retried, if retries are left). A
     * subtask that ignores the interrupt loses its thread: the worker starts another one, so it
     * stays usable. {@link Duration#ZERO} means no limit (the default).
     */
    public Job<R> withSubtaskTimeout(Duration timeout) {
        long millis = JobArguments.nonNegativeMillis(timeout, "the subtask timeout");
        return with(policy.withSubtaskTimeoutMillis(millis));
    }

    /**
     * This job with a time limit for the whole job, counted from its acceptance by the
     * coordinator: when it passes, the subtasks that have not finished are cancelled and the job
     * fails with a message that says so. {@link Duration#ZERO} means no limit (the default).
     */
    public Job<R> withDeadline(Duration deadline) {
        long millis = JobArguments.nonNegativeMillis(deadline, "the job deadline");
        return with(policy.withDeadlineMillis(millis));
    }

    /**
     * This job, ending as failed as soon as one subtask fails for good (its retries spent): the
     * rest are cancelled. By default a job carries on, and its handle lists every failure at the end.
     */
    public Job<R> failFast() {
        return with(policy.withFailFast(true));
    }

    /**
     * This job failing a subtask as poisonous once its worker was lost {@code losses} times
     * (killed, crashed, cut off; default 3): such a subtask is likely what brings its workers down
     * (System.exit, running out of memory, a native crash). Its last run before that runs alone
     * on its worker, so that the subtasks that happened to share its workers are not blamed.
     */
    public Job<R> withMaxWorkerLosses(int losses) {
        JobArguments.workerLosses(losses);
        return with(policy.withMaxWorkerLosses(losses));
    }

    private Job<R> with(RunPolicy newPolicy) {
        return new Job<>(subtasks, name, newPolicy, jars);
    }

    /** The subtasks this job runs. */
    public Subtasks<R> subtasks() {
        return subtasks;
    }

    /** How many subtasks this job runs. */
    public int subtaskCount() {
        return subtasks.count();
    }

    /** The jars and classes directories shipped with this job beyond its tasks' own. */
    public List<Path> jars() {
        return jars;
    }

    /** Whether the subtasks run on the workers' event loops ({@link AsyncTask}s). */
    public boolean isAsync() {
        return subtasks instanceof AsyncTaskList<?> || subtasks instanceof AsyncMappedInputs<?, ?>;
    }

    /** The job's name. */
    public String name() {
        return name;
    }

    /** How many times a failed subtask is retried. */
    public int maxRetries() {
        return policy.maxRetries();
    }

    /** The time limit of each subtask attempt; {@link Duration#ZERO} for none. */
    public Duration subtaskTimeout() {
        return Duration.ofMillis(policy.subtaskTimeoutMillis());
    }

    /** The time limit of the whole job; {@link Duration#ZERO} for none. */
    public Duration deadline() {
        return Duration.ofMillis(policy.deadlineMillis());
    }

    /** Whether the first subtask that fails for good ends the job. */
    public boolean isFailFast() {
        return policy.failFast();
    }

    /** The wait before a subtask's first retry (it doubles with each further one). */
    public Duration retryBackoff() {
        return Duration.ofMillis(policy.retryBackoffMillis());
    }

    /** How many lost workers make a subtask poisonous. */
    public int maxWorkerLosses() {
        return policy.maxWorkerLosses();
    }

    /** The names of the exception types that fail a subtask without retries. */
    public List<String> noRetryOn() {
        return policy.noRetryOn();
    }

    @Override
    public String toString() {
        return "Job[" + name + ", " + subtaskCount() + " subtasks]";
    }
}
