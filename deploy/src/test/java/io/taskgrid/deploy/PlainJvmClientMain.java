package io.taskgrid.deploy;

import io.taskgrid.Job;
import io.taskgrid.TaskFunction;
import io.taskgrid.TaskgridClient;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A user's program, run by {@link PlainJvmClientIT} in a JVM started without any flag: it
 * connects to the gateway its argument names (the token comes from {@code TASKGRID_TOKEN}), maps
 * lambdas over the JDK's collections and prints each job's results on a line of its own.
 */
public final class PlainJvmClientMain implements Serializable {

    private final int offset;

    private PlainJvmClientMain(int offset) {
        this.offset = offset;
    }

    /** A lambda that captures {@code this}. */
    private TaskFunction<Integer, Integer> shifted() {
        return x -> x + offset;
    }

    /** Runs the jobs; the only argument is the gateway, as {@code host:port}. */
    public static void main(String[] args) {
        System.out.println("jvm arguments: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        try (TaskgridClient client = TaskgridClient.builder().gateways(args[0]).connect()) {
            int factor = 3;
            TaskFunction<Integer, Integer> square = x -> x * x;
            print(client, "captured local", Job.map((Integer x) -> x * factor, List.of(1, 2, 3)));
            print(client, "method reference", Job.map(Integer::toBinaryString, List.of(5, 6)));
            print(client, "capturing this", Job.map(new PlainJvmClientMain(100).shifted(), List.of(1, 2)));
            print(client, "nested lambda", Job.map((Integer x) -> square.apply(x) + 1, List.of(2, 3)));
            print(client, "collections as inputs", Job.map(PlainJvmClientMain::kindAndSum, collections()));
            List<List<Object>> facts = client.submit(Job.map(PlainJvmClientMain::facts, List.of("grid", "jvm")))
                    .results().join();
            System.out.println("collections as results: " + facts);
            System.out.println("classes of the results: " + facts.get(0).stream().map(fact -> fact.getClass().getName()).toList());
        }
    }

    private static <R> void print(TaskgridClient client, String name, Job<R> job) {
        System.out.println(name + ": " + client.submit(job).results().join());
    }

    private static List<Collection<Integer>> collections() {
        return List.of(List.of(1, 2), Arrays.asList(3, 4), Collections.unmodifiableList(new ArrayList<>(List.of(5, 6))),
                Stream.of(7, null).toList(), new LinkedList<>(List.of(8)), Collections.singletonList(9),
                Collections.emptyList(), new TreeSet<>(Set.of(1, 2)), Set.of(10));
    }

    /** Runs on a worker: the kind of collection that arrived there, and the sum of what it holds. */
    private static String kindAndSum(Collection<Integer> numbers) {
        return numbers.getClass().getName() + "=" + numbers.stream().filter(Objects::nonNull).mapToInt(Integer::intValue).sum();
    }

    /** Runs on a worker: values of the JDK's everyday classes, which must come back to a client without flags. */
    private static List<Object> facts(String word) {
        int length = word.length();
        return List.of(length, Map.of(word, length),
                new TreeMap<>(Map.of("first", word.charAt(0), "last", word.charAt(length - 1))),
                Collections.unmodifiableList(new ArrayList<>(List.of(word, word.toUpperCase()))),
                Stream.of(word, null).toList(), new UUID(length, 42), LocalDate.of(2024, 1, length),
                Optional.of(new BigDecimal(length + ".50")));
    }
}
