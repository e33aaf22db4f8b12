package io.taskgrid.internal.serialization;

import io.taskgrid.TaskFunction;

import java.io.File;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Values users put in inputs, captures and results, each with the class that must come back and
 * what must be the same about it. {@link PayloadSamplesTest} round-trips them in the test JVM
 * (which has the flags of jvm.options); {@link PayloadSamplesMain} in a JVM without any flag.
 */
final class PayloadSamples {

    private PayloadSamples() {
    }

    /** One value: it must come back as {@code expectedClass} (any class when null), and {@code observe} must see the same. */
    record Sample(String name, Object value, Class<?> expectedClass, Function<Object, Object> observe) {

        /** Encodes and decodes the value; {@code null} when it came back right, else what went wrong. */
        String check(PayloadCodec codec) {
            Object back = codec.decode(codec.encode(value, name));
            if (expectedClass != null && (back == null || back.getClass() != expectedClass)) {
                return "came back as a " + (back == null ? null : back.getClass().getName()) + ", not a "
                        + expectedClass.getName();
            }
            Object want = observe.apply(value);
            Object got = observe.apply(back);
            boolean same = Objects.deepEquals(want, got) && describe(want).equals(describe(got));
            return same ? null : "came back as " + describe(got) + ", not " + describe(want);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static String describe(Object value) {
        return value instanceof Object[] array ? Arrays.deepToString(array)
                : value instanceof int[] ints ? Arrays.toString(ints) : String.valueOf(value);
    }

    /** A record, as users write results. */
    record Point(int x, String label) implements Serializable {
    }

    /** An enum, one of whose constants has a body (a class of its own). */
    enum Color {
        RED, GREEN {
            @Override
            public String toString() {
                return "green";
            }
        }
    }

    /** A record of collections, as a result holds them. */
    record Batch(String id, List<Integer> items, SortedMap<String, Integer> counts, List<UUID> owners) {
    }

    /** A user class with private fields and no public constructor. */
    static final class Account implements Serializable {
        private final String owner;
        private final List<Integer> history = new ArrayList<>();

        private Account(String owner, Integer... entries) {
            this.owner = owner;
            history.addAll(List.of(entries));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Account account && owner.equals(account.owner) && history.equals(account.history);
        }

        @Override
        public int hashCode() {
            return owner.hashCode();
        }

        @Override
        public String toString() {
            return owner + history;
        }
    }

    /** A serializable class whose lambdas capture {@code this}. */
    static final class Multiplier implements Serializable {
        private final int factor;

        Multiplier(int factor) {
            this.factor = factor;
        }

        TaskFunction<Integer, Integer> times() {
            return x -> x * factor;
        }
    }

    /** Every sample, built afresh. */
    static List<Sample> all() {
        List<Sample> samples = new ArrayList<>();
        samples.addAll(immutableCollections());
        samples.addAll(wrappersAndViews());
        samples.addAll(mutableCollections());
        samples.addAll(values());
        samples.addAll(lambdas());
        return samples;
    }

    static List<Sample> immutableCollections() {
        return List.of(
                same("List.of(1, 2, 3)", List.of(1, 2, 3)),
                same("List.of()", List.of()),
                same("List.of(\"a\")", List.of("a")),
                // Set.of and Map.of iterate in an order drawn per JVM: compared in sorted order
                observed("Set.of(1, 2, 3)", Set.of(1, 2, 3), set -> new TreeSet<>((Collection<?>) set)),
                same("Map.of(\"a\", 1)", Map.of("a", 1)),
                observed("Map.of(three entries)", Map.of("a", 1, "b", 2, "c", 3), map -> new TreeMap<>((Map<?, ?>) map)),
                same("stream().toList()", Stream.of(1, 2, 3).toList()),
                same("stream().toList() with a null", Stream.of(1, null, 3).toList()),
                same("Collectors.toList()", Stream.of(1, 2).collect(Collectors.toList())),
                same("Arrays.asList", Arrays.asList("x", "y")),
                same("Collections.emptyList()", Collections.emptyList()),
                same("Collections.emptySet()", Collections.emptySet()),
                same("Collections.emptyMap()", Collections.emptyMap()),
                same("Collections.singletonList", Collections.singletonList("one")),
                same("Collections.singleton", Collections.singleton("one")),
                same("Collections.singletonMap", Collections.singletonMap("k", "v")),
                same("Collections.nCopies", Collections.nCopies(3, "x")));
    }

    static List<Sample> wrappersAndViews() {
        TreeMap<String, Integer> sorted = new TreeMap<>(Comparator.reverseOrder());
        sorted.putAll(Map.of("a", 1, "b", 2, "c", 3));
        HashMap<Integer, String> hash = new HashMap<>(Map.of(1, "one", 2, "two"));
        return List.of(
                same("unmodifiableList(ArrayList)", Collections.unmodifiableList(new ArrayList<>(List.of(1, 2)))),
                same("unmodifiableList(LinkedList)", Collections.unmodifiableList(new LinkedList<>(List.of(1, 2)))),
                same("unmodifiableSet", Collections.unmodifiableSet(new LinkedHashSet<>(List.of(3, 1, 2)))),
                same("unmodifiableMap", Collections.unmodifiableMap(new LinkedHashMap<>(sorted))),
                observed("unmodifiableCollection", Collections.unmodifiableCollection(new ArrayList<>(List.of(1, 2))),
                        collection -> List.copyOf((Collection<?>) collection)),
                same("unmodifiableSortedSet", Collections.unmodifiableSortedSet(new TreeSet<>(sorted.navigableKeySet()))),
                same("unmodifiableNavigableSet", Collections.unmodifiableNavigableSet(sorted.navigableKeySet())
                        .descendingSet()), // a wrapper of a reversed view
                same("unmodifiableSortedMap", Collections.unmodifiableSortedMap(sorted)),
                same("unmodifiableNavigableMap", Collections.unmodifiableNavigableMap(sorted)),
                observed("synchronizedList", Collections.synchronizedList(new ArrayList<>(List.of(1, 2))),
                        list -> List.copyOf((Collection<?>) list)),
                becomes("HashMap.keySet()", hash.keySet(), Collections.unmodifiableSet(new HashSet<>()).getClass()),
                becomes("HashMap.values()", hash.values(), Collections.unmodifiableCollection(List.of()).getClass(),
                        values -> List.copyOf((Collection<?>) values)),
                becomes("TreeMap.descendingKeySet()", sorted.descendingKeySet(),
                        Collections.unmodifiableNavigableSet(new TreeSet<>()).getClass()),
                same("Map.entry", Map.entry("k", 1)),
                same("AbstractMap.SimpleEntry", new AbstractMap.SimpleEntry<>("k", 1)),
                same("AbstractMap.SimpleImmutableEntry", new AbstractMap.SimpleImmutableEntry<>("k", 1)),
                becomes("a HashMap's entry", hash.entrySet().iterator().next(), AbstractMap.SimpleImmutableEntry.class));
    }

    static List<Sample> mutableCollections() {
        TreeMap<String, Integer> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseless.putAll(Map.of("b", 2, "A", 1));
        TreeMap<String, Integer> byLength = new TreeMap<>(Comparator.comparing(
                (Function<String, Integer> & Serializable) String::length)); // the comparator is a lambda of java.util
        byLength.putAll(Map.of("ccc", 3, "a", 1, "bb", 2));
        return List.of(
                same("ArrayList", new ArrayList<>(List.of(1, 2, 3))),
                same("LinkedList", new LinkedList<>(List.of(1, 2, 3))),
                same("HashMap", new HashMap<>(Map.of(1, "one", 2, "two"))),
                same("LinkedHashMap", new LinkedHashMap<>(caseless)),
                same("TreeMap", new TreeMap<>(Map.of("b", 2, "a", 1))),
                same("TreeMap(CASE_INSENSITIVE_ORDER)", caseless),
                same("TreeMap(ordered by a JDK comparator lambda)", byLength),
                same("HashSet", new HashSet<>(List.of(1, 2, 3))),
                same("LinkedHashSet", new LinkedHashSet<>(List.of(3, 1, 2))),
                same("TreeSet(reverseOrder)", reversed(1, 2, 3)),
                observed("ArrayDeque", new ArrayDeque<>(List.of(1, 2)), deque -> List.copyOf((Collection<?>) deque)),
                same("EnumMap", new EnumMap<>(Map.of(Color.RED, 1))),
                same("EnumSet", EnumSet.of(Color.GREEN)),
                same("ConcurrentHashMap", new ConcurrentHashMap<>(Map.of(1, "one"))));
    }

    static List<Sample> values() {
        return List.of(
                same("UUID", UUID.fromString("123e4567-e89b-12d3-a456-426614174000")),
                same("URI", URI.create("https://example.com/a?b=c")),
                observed("Pattern", Pattern.compile("a+b"), pattern -> ((Pattern) pattern).pattern()),
                same("Path", Path.of("data", "input.csv")),
                same("File", new File("data/input.csv")),
                observed("AtomicInteger", new AtomicInteger(7), atomic -> ((AtomicInteger) atomic).get()),
                same("Optional.of", Optional.of("x")),
                same("Optional.empty", Optional.empty()),
                same("OptionalInt", OptionalInt.of(3)),
                same("BigDecimal", new BigDecimal("12345.678900")),
                same("BigInteger", new BigInteger("123456789012345678901234567890")),
                same("Instant", Instant.ofEpochSecond(1_700_000_000L, 123)),
                same("Duration", Duration.ofMillis(1500)),
                same("LocalDate", LocalDate.of(2024, 2, 29)),
                same("LocalTime", LocalTime.of(23, 59, 1)),
                same("LocalDateTime", LocalDateTime.of(2024, 2, 29, 23, 59)),
                same("ZonedDateTime", ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneId.of("Europe/Paris"))),
                same("OffsetDateTime", OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(-5))),
                same("ZoneId", ZoneId.of("America/New_York")),
                same("ZoneOffset", ZoneOffset.ofHoursMinutes(5, 30)),
                same("Period", Period.of(1, 2, 3)),
                same("Year", Year.of(2024)),
                same("YearMonth", YearMonth.of(2024, 2)),
                same("MonthDay", MonthDay.of(2, 29)),
                same("DayOfWeek", DayOfWeek.FRIDAY),
                same("a record", new Point(3, "three")),
                same("an enum", Color.RED),
                same("an enum constant with a body", Color.GREEN),
                same("int[]", new int[]{1, 2, 3}),
                same("String[]", new String[]{"a", null, "c"}),
                same("Object[]", new Object[]{1, "two", List.of(3)}),
                same("Point[][]", new Point[][]{{new Point(1, "one")}, {}}),
                same("a user class with private fields", new Account("ada", 1, 2, 3)),
                observed("an exception with a cause", new IllegalStateException("outer", new java.io.IOException("inner")),
                        error -> error + " caused by " + ((Throwable) error).getCause()),
                same("a record holding collections", new Batch("b-1", Collections.unmodifiableList(new ArrayList<>(
                        List.of(4, 5))), new TreeMap<>(Map.of("x", 1)), Arrays.asList(UUID.nameUUIDFromBytes(new byte[1])))));
    }

    /** Each comes back as a lambda of a new class, which must give the same result. */
    @SuppressWarnings("unchecked")
    static List<Sample> lambdas() {
        int base = 40;
        String suffix = "!";
        List<Integer> weights = List.of(1, 2, 3);
        TaskFunction<Integer, Integer> inner = x -> x + base;
        TaskFunction<Integer, Integer> outer = x -> inner.apply(x) * 2;
        String prefix = "n";
        TaskFunction<String, String> concat = prefix::concat;
        TaskFunction<Integer, String> viaReference = x -> concat.apply(String.valueOf(x));
        return List.of(
                lambda("a lambda capturing locals", (TaskFunction<Integer, String>) x -> (x + base) + suffix),
                lambda("a lambda capturing a List.of", (TaskFunction<Integer, Integer>) x -> x * weights.get(2)),
                lambda("a lambda capturing this", new Multiplier(3).times()),
                lambda("a static method reference", (TaskFunction<Integer, String>) Integer::toHexString),
                lambda("a bound method reference", (TaskFunction<String, String>) prefix::concat, "5"),
                lambda("an unbound method reference", (TaskFunction<String, Integer>) String::length, "five"),
                lambda("a constructor reference", (TaskFunction<Integer, Object>) ArrayList::new),
                lambda("a lambda calling a captured lambda", outer),
                lambda("a lambda capturing a bound method reference", viaReference),
                new Sample("a JDK comparator lambda", Map.Entry.<String, Integer>comparingByKey(), null,
                        comparator -> ((Comparator<Map.Entry<String, Integer>>) comparator)
                                .compare(Map.entry("a", 1), Map.entry("b", 0))));
    }

    private static TreeSet<Integer> reversed(Integer... elements) {
        TreeSet<Integer> set = new TreeSet<>(Comparator.reverseOrder());
        set.addAll(List.of(elements));
        return set;
    }

    private static Sample same(String name, Object value) {
        return new Sample(name, value, value.getClass(), Function.identity());
    }

    private static Sample observed(String name, Object value, Function<Object, Object> observe) {
        return new Sample(name, value, value.getClass(), observe);
    }

    private static Sample becomes(String name, Object value, Class<?> expected) {
        return new Sample(name, value, expected, Function.identity());
    }

    private static Sample becomes(String name, Object value, Class<?> expected, Function<Object, Object> observe) {
        return new Sample(name, value, expected, observe);
    }

    /** A lambda comes back as another instance of a new class: it must give the same result for 5 (or {@code input}). */
    private static Sample lambda(String name, TaskFunction<?, ?> function) {
        return lambda(name, function, 5);
    }

    @SuppressWarnings("unchecked")
    private static Sample lambda(String name, TaskFunction<?, ?> function, Object input) {
        return new Sample(name, function, null, value -> {
            try {
                return ((TaskFunction<Object, Object>) value).apply(input);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
