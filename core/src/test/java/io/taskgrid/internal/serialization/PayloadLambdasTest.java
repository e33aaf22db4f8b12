package io.taskgrid.internal.serialization;

import io.taskgrid.Task;
import io.taskgrid.TaskFunction;
import io.taskgrid.TaskgridException;
import io.taskgrid.testing.TestJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Serializable;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@link LambdaSerializer} writes and rebuilds lambdas; {@link PayloadSamples} has the round trips of each kind. */
class PayloadLambdasTest {

    private final PayloadCodec codec = new PayloadCodec(getClass().getClassLoader());

    @SuppressWarnings("unchecked")
    private <T> T roundTrip(T value) {
        return (T) codec.decode(codec.encode(value, "value"));
    }

    @Test
    void twoLambdasCapturingOneListStillShareItAfterTheTrip() throws Exception {
        List<Integer> shared = new ArrayList<>(List.of(1, 2));
        TaskFunction<Integer, List<Integer>> adds = x -> {
            shared.add(x);
            return shared;
        };
        TaskFunction<Integer, Integer> counts = x -> shared.size();

        List<TaskFunction<Integer, ?>> back = roundTrip(List.of(adds, counts));

        back.get(0).apply(3);
        assertThat(back.get(1).apply(0)).as("the second lambda sees what the first added").isEqualTo(3);
    }

    @Test
    void aUserLambdaIsWrittenByKryoNotByJavaSerialization() {
        int base = 2;
        TaskFunction<Integer, Integer> plus = x -> x + base;

        assertThat(containsJavaSerialization(codec.encode(plus, "function"))).isFalse();
    }

    @Test
    void aLambdaOfAJdkModuleTravelsThroughJavaSerializationAndStillWorks() {
        Comparator<Map.Entry<String, Integer>> byKey = Map.Entry.comparingByKey(); // a serializable lambda of java.base

        byte[] bytes = codec.encode(byKey, "comparator");
        @SuppressWarnings("unchecked")
        Comparator<Map.Entry<String, Integer>> back = (Comparator<Map.Entry<String, Integer>>) codec.decode(bytes);

        assertThat(containsJavaSerialization(bytes)).as("java.util keeps its lambdas' members closed: no flag opens "
                + "them in every JVM, so they always go through Java's serialization").isTrue();
        assertThat(back.compare(Map.entry("a", 1), Map.entry("b", 0))).isNegative();
    }

    /** Java's serialization starts every stream with 0xACED. */
    private static boolean containsJavaSerialization(byte[] bytes) {
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == (byte) 0xAC && bytes[i + 1] == (byte) 0xED) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aLambdaThatTheDecodingJvmsCodeDoesNotDeclareIsNamed() {
        TaskFunction<Integer, Integer> twice = x -> 2 * x;
        byte[] bytes = codec.encode(twice, "function");
        // as if the worker ran another build of this class: the lambda's method is named differently there
        String encoded = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = encoded.indexOf("lambda$");
        assertThat(at).as("the implementation's name is in the encoding").isPositive();
        bytes[at + 5] = (byte) 'b'; // lambda$ becomes lambdb$

        assertThatThrownBy(() -> codec.decode(bytes))
                .hasMessageContaining("The lambda " + getClass().getName() + "::lambdb$")
                .hasMessageContaining("does not match the code of " + getClass().getName())
                .hasMessageContaining("Run the same build of it on both sides");
    }

    @Test
    void aLambdaIsRebuiltThroughTheDecodingCodecsClassLoader(@TempDir Path directory) throws Exception {
        Path jar = TestJars.compile(directory.resolve("app.jar"), Map.of("com.acme.Scaler", """
                package com.acme;
                public class Scaler {
                    public static io.taskgrid.TaskFunction<Integer, Integer> by(int factor) {
                        return x -> x * factor;
                    }
                }
                """));
        URL[] path = {jar.toUri().toURL()};
        try (URLClassLoader client = new URLClassLoader(path, getClass().getClassLoader());
             URLClassLoader job = new URLClassLoader(path, getClass().getClassLoader())) {
            Object scaler = client.loadClass("com.acme.Scaler").getMethod("by", int.class).invoke(null, 3);
            byte[] bytes = new PayloadCodec(client).encode(scaler, "function");

            @SuppressWarnings("unchecked")
            TaskFunction<Integer, Integer> back = (TaskFunction<Integer, Integer>) new PayloadCodec(job).decode(bytes);

            assertThat(back.getClass().getClassLoader()).isSameAs(job);
            assertThat(back.apply(7)).isEqualTo(21);
            assertThatThrownBy(() -> codec.decode(bytes)).as("a codec whose loader lacks the jar")
                    .isInstanceOf(TaskgridException.class)
                    .hasMessageContaining("The class com.acme.Scaler is neither on the classpath");
        }
    }

    /** A task that holds a lambda, which captures what it should not. */
    static final class HoldsALambda implements Task<String> {
        final TaskFunction<Integer, String> name;

        HoldsALambda(TaskFunction<Integer, String> name) {
            this.name = name;
        }

        @Override
        public String run(io.taskgrid.TaskContext context) throws Exception {
            return name.apply(1);
        }
    }

    @Test
    void aThreadCapturedByALambdaInAFieldIsNamedWithThatLambda() {
        Thread thread = Thread.currentThread();
        HoldsALambda task = new HoldsALambda(x -> thread.getName() + x);

        assertThatThrownBy(() -> codec.encode(task, "task 4"))
                .isInstanceOf(TaskgridException.class)
                .hasMessageContaining("Cannot send task 4 (" + HoldsALambda.class.getName() + ")")
                .hasMessageContaining("a value that the lambda " + getClass().getName() + "::lambda$")
                .hasMessageContaining("captures is a java.lang.Thread, a live object of this JVM");
    }

    @Test
    void aCapturedJdkObjectWhoseFieldsNoFlagOpensIsRefusedNamingTheFlag() {
        Matcher matcher = Pattern.compile("a+").matcher("caab"); // java.util.regex: jvm.options does not open it
        Task<Boolean> finds = context -> matcher.find();

        assertThatThrownBy(() -> codec.encode(finds, "task 0"))
                .isInstanceOf(TaskgridException.class)
                .hasMessageContaining("a value its lambda captures is a java.util.regex.Matcher, a class whose fields "
                        + "module java.base keeps private")
                .hasMessageContaining("--add-opens java.base/java.util.regex=ALL-UNNAMED")
                .hasMessageContaining("Send what it holds instead");
    }

    @Test
    void aJdkComparatorCapturingANonSerializableLambdaNamesThatLambda() {
        java.util.TreeMap<String, Integer> byLength = new java.util.TreeMap<>(Comparator.comparing(String::length));

        assertThatThrownBy(() -> codec.encode(byLength, "input 2"))
                .isInstanceOf(TaskgridException.class)
                .hasMessageContaining("Cannot send input 2 (java.util.TreeMap)")
                .hasMessageContaining("captures the lambda " + getClass().getName() + "$$Lambda")
                .hasMessageContaining("(Function<String, Integer> & Serializable) String::length");
    }

    @Test
    void aNonSerializableLambdaInsideACollectionIsNamed() {
        java.util.function.Supplier<String> plain = () -> "not serializable";
        List<Object> holder = List.of("first", plain);

        assertThatThrownBy(() -> codec.encode(holder, "input 7"))
                .isInstanceOf(TaskgridException.class)
                .hasMessageContaining("Cannot send input 7")
                .hasMessageContaining("a value it holds or captures is a lambda that is not serializable")
                .hasMessageContaining("(Supplier<String> & Serializable)");
    }

    @Test
    void aSerializableLambdaCastByTheUserTravels() throws Exception {
        String greeting = "hello ";
        java.util.function.Function<String, String> greet =
                (java.util.function.Function<String, String> & Serializable) name -> greeting + name;

        assertThat(roundTrip(greet).apply("ada")).isEqualTo("hello ada");
    }
}
