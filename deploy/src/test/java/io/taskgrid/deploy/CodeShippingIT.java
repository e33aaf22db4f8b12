package io.taskgrid.deploy;

import io.taskgrid.Job;
import io.taskgrid.RemoteTaskException;
import io.taskgrid.Task;
import io.taskgrid.TaskFunction;
import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridException;
import io.taskgrid.testing.TestJars;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.stream.IntStream;

import static io.taskgrid.testing.Waits.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * User code that exists on no worker: jars built while the test runs, submitted to a coordinator
 * and two workers that run on the distribution's classpath alone, each JVM its own process.
 */
class CodeShippingIT {

    @TempDir
    static Path directory;

    private static Process coordinator;
    private static Process[] workers = new Process[2];
    private static String gateway;

    @BeforeAll
    static void startCluster() throws Exception {
        Path coordinatorDir = Files.createDirectory(directory.resolve("coordinator"));
        coordinator = CliRunner.start(coordinatorDir, CliRunner.distributionCommand("coordinator", "--port", "0",
                "--gateway-port", "0", "--http-port", "0", "--store-port", "0"));
        Matcher ready = CliRunner.awaitReady(coordinator, coordinatorDir);
        gateway = ready.group(1);
        for (int i = 0; i < workers.length; i++) {
            Path workerDir = Files.createDirectory(directory.resolve("worker-" + i));
            workers[i] = CliRunner.start(workerDir, CliRunner.distributionCommand("worker", "--coordinator",
                    ready.group(3), "--threads", "2"));
        }
        try (TaskgridClient client = connect()) {
            await().atMost(Duration.ofSeconds(90)).until(() -> client.status().workers().size() == workers.length);
        }
    }

    @AfterAll
    static void stopCluster() {
        for (Process worker : workers) {
            if (worker != null) {
                worker.destroyForcibly();
            }
        }
        if (coordinator != null) {
            coordinator.destroyForcibly();
        }
    }

    private static TaskgridClient connect() {
        return TaskgridClient.builder().gateways(gateway).tokenFile(CliRunner.TOKEN_FILE).connect();
    }

    private static Path jar(String name, Map<String, String> sources, Path... classpath) throws Exception {
        return TestJars.compile(directory.resolve(name), sources, classpath);
    }

    private static ClassLoader loaderOf(Path... jars) throws Exception {
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            urls[i] = jars[i].toUri().toURL();
        }
        return new URLClassLoader(urls, CodeShippingIT.class.getClassLoader());
    }

    @SuppressWarnings("unchecked")
    private static <T> T newInstance(ClassLoader loader, String className) throws Exception {
        return (T) loader.loadClass(className).getDeclaredConstructor().newInstance();
    }

    @Test
    void aJobBuiltIntoAJarAtTestTimeRunsOnWorkersThatNeverHadItsClasses() throws Exception {
        Path app = jar("squares.jar", Map.of("com.acme.Squares", """
                package com.acme;
                public class Squares implements io.taskgrid.TaskFunction<Integer, Squares.Square> {
                    public record Square(int of, long value) {}
                    public Square apply(Integer x) { return new Square(x, Helper.times(x, x)); }
                }
                """, "com.acme.Helper", """
                package com.acme;
                class Helper { static long times(int a, int b) { return (long) a * b; } }
                """));
        ClassLoader loader = loaderOf(app);
        TaskFunction<Integer, Object> squares = newInstance(loader, "com.acme.Squares");
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader); // results are com.acme records: decode them with the app's classes
        try (TaskgridClient client = connect()) {
            List<Object> results = join(client.submit(Job.map(squares, IntStream.range(0, 200).boxed().toList()))
                    .results(), 120, "the results of the shipped com.acme.Squares");

            assertThat(results).hasSize(200);
            for (int i = 0; i < 200; i++) {
                assertThat(results.get(i).getClass().getName()).isEqualTo("com.acme.Squares$Square");
                assertThat(results.get(i).toString()).isEqualTo("Square[of=" + i + ", value=" + (long) i * i + "]");
            }
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    void twoJobsWithTwoVersionsOfOneClassRunAtOnceEachWithItsOwn() throws Exception {
        String source = """
                package com.acme;
                public class Versioned implements io.taskgrid.TaskFunction<Integer, String> {
                    public String apply(Integer x) throws Exception { Thread.sleep(20); return "VERSION:" + x; }
                }
                """;
        TaskFunction<Integer, String> v1 = newInstance(loaderOf(jar("v1.jar", Map.of("com.acme.Versioned",
                source.replace("VERSION", "v1")))), "com.acme.Versioned");
        TaskFunction<Integer, String> v2 = newInstance(loaderOf(jar("v2.jar", Map.of("com.acme.Versioned",
                source.replace("VERSION", "v2")))), "com.acme.Versioned");
        List<Integer> inputs = IntStream.range(0, 100).boxed().toList();

        try (TaskgridClient client = connect()) {
            CompletableFuture<List<String>> first = client.submit(Job.map(v1, inputs)).results();
            CompletableFuture<List<String>> second = client.submit(Job.map(v2, inputs)).results();

            assertThat(join(first, 120, "the results of version 1"))
                    .isEqualTo(inputs.stream().map(x -> "v1:" + x).toList());
            assertThat(join(second, 120, "the results of version 2"))
                    .isEqualTo(inputs.stream().map(x -> "v2:" + x).toList());
        }
    }

    @Test
    void aLibraryUsedInsideATaskTravelsWhenTheJobNamesItsJar() throws Exception {
        Path lib = jar("lib.jar", Map.of("com.lib.Lib", """
                package com.lib;
                public class Lib { public static int twice(int x) { return 2 * x; } }
                """));
        Path app = jar("uses-lib.jar", Map.of("com.acme.UsesLib", """
                package com.acme;
                public class UsesLib implements io.taskgrid.TaskFunction<Integer, Integer> {
                    public Integer apply(Integer x) { return com.lib.Lib.twice(x); }
                }
                """), lib);
        TaskFunction<Integer, Integer> usesLib = newInstance(loaderOf(app, lib), "com.acme.UsesLib");

        try (TaskgridClient client = connect()) {
            assertThatThrownBy(() -> join(client.submit(Job.map(usesLib, List.of(1))).result(0), 120,
                    "the outcome of a task whose library stayed behind"))
                    .as("the task's own jar travels, the library it calls does not")
                    .hasCauseInstanceOf(RemoteTaskException.class).hasMessageContaining("com/lib/Lib");

            assertThat(join(client.submit(Job.map(usesLib, List.of(1, 2, 3)).withJars(lib)).results(), 120,
                    "the results of tasks shipped with their library"))
                    .containsExactly(2, 4, 6);
        }
    }

    /** A task holding what cannot travel. */
    static final class HoldsAStream implements Task<Integer> {
        final InputStream input = InputStream.nullInputStream();

        @Override
        public Integer run(io.taskgrid.TaskContext context) throws Exception {
            return input.read();
        }
    }

    @Test
    void aTaskThatHoldsAnOpenStreamIsRefusedAtSubmitNamingItsField() {
        try (TaskgridClient client = connect()) {
            assertThatThrownBy(() -> client.submit(Job.of(List.of(new HoldsAStream()))))
                    .isInstanceOf(TaskgridException.class)
                    .hasMessageContaining("its field input (" + HoldsAStream.class.getName() + ")")
                    .hasMessageContaining("an open resource");
        }
    }

    @Test
    void taskgridSubmitRunsAProgramFromItsJarOnTheCluster() throws Exception {
        Path app = jar("program.jar", Map.of("com.acme.SumOfSquares", """
                package com.acme;
                import io.taskgrid.*;
                import picocli.CommandLine.Option;
                public class SumOfSquares implements TaskgridProgram {
                    @Option(names = "--n") int n = 10;
                    public String name() { return "sum-of-squares"; }
                    public String description() { return "the sum of the squares below n"; }
                    public Object run(TaskgridClient client) {
                        return client.submit(Job.range(0, n, 7, r -> {
                            long sum = 0;
                            for (long i = r.from(); i < r.to(); i++) sum += i * i;
                            return sum;
                        })).reduce(Long::sum).join();
                    }
                }
                """), TestJars.locationOf(CommandLine.class));
        Path submitDir = Files.createDirectory(directory.resolve("submit"));

        CliRunner.Result result = CliRunner.run(submitDir, 120, "submit", "--coordinator", gateway, "--jar",
                app.toString(), "--class", "com.acme.SumOfSquares", "--n", "100");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().strip()).isEqualTo("328350");
    }
}
