package io.taskgrid.internal.serialization;

import io.taskgrid.TaskFunction;
import io.taskgrid.Task;
import io.taskgrid.TaskgridException;
import io.taskgrid.internal.protocol.EncodedItems;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadCodecTest {

    private final PayloadCodec codec = new PayloadCodec(getClass().getClassLoader());

    @Test
    void aSerializableLambdaTravelsWithWhatItCaptures() throws Exception {
        int base = 40;
        Task<Integer> task = context -> base + 2;

        @SuppressWarnings("unchecked")
        Task<Integer> decoded = (Task<Integer>) codec.decode(codec.encode(task, "task 0"));

        assertThat(decoded.run(null)).isEqualTo(42);
    }

    /** A class that a JVM without the test classes on its classpath does not have. */
    static final class OnlyHere implements java.io.Serializable {
        final int value;

        OnlyHere(int value) {
            this.value = value;
        }
    }

    @Test
    void aClassMissingWhereItIsDecodedIsNamedWithTheFix() {
        byte[] bytes = codec.encode(new OnlyHere(7), "value");
        // the encoding names the class; rename it to one that exists nowhere, as on a worker without the jar
        String encoded = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = encoded.indexOf("OnlyH");
        assertThat(at).as("the class name is in the encoding").isPositive();
        System.arraycopy("NoneH".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, bytes, at, 5);

        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(io.taskgrid.TaskgridException.class)
                .hasMessageContaining("The class " + OnlyHere.class.getName().replace("OnlyHere", "NoneHere")
                        + " is neither on the classpath")
                .hasMessageContaining("Job.withJars");
    }

    @Test
    void decodeEachNamesAnItemItCannotDecodeAndGoesOn() {
        byte[] renamed = codec.encode(new OnlyHere(7), "value");
        String encoded = new String(renamed, java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy("NoneH".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, renamed, encoded.indexOf("OnlyH"), 5);
        EncodedItems items = new EncodedItems.Builder(4).add(codec.encode(7, "value")).add(renamed)
                .add(codec.encode("seven", "value")).add(codec.encode(null, "value")).build();
        List<Object> values = new java.util.ArrayList<>();
        List<String> errors = new java.util.ArrayList<>();

        codec.decodeEach(items, (position, value, error) -> {
            values.add(value);
            errors.add(error == null ? null : position + ": " + error.getMessage());
        });

        assertThat(values).containsExactly(7, null, "seven", null);
        assertThat(errors).hasSize(4);
        assertThat(errors.get(1)).startsWith("1: The class " + OnlyHere.class.getName().replace("OnlyHere", "NoneHere"))
                .contains("Job.withJars");
        assertThat(List.of(0, 2, 3)).allSatisfy(position -> assertThat(errors.get(position)).isNull());
    }

    @Test
    void everydayValuesRoundTrip() {
        Object[] values = {List.of(1, 2, 3), Map.of("a", 1L), UUID.randomUUID(), new int[]{1, 2}, "text", 3.5, null};
        for (Object value : values) {
            assertThat(codec.decode(codec.encode(value, "value"))).usingRecursiveComparison().isEqualTo(value);
        }
    }

    @Test
    void eachItemOfAListDecodesOnItsOwn() {
        TaskFunction<Integer, Integer> square = x -> x * x;
        EncodedItems items = codec.encodeEach(List.of(square, 7, "seven"), "input");

        assertThat(items.count()).isEqualTo(3);
        assertThat(codec.decode(items.item(1))).isEqualTo(7);
        assertThat(codec.decode(items.item(2))).isEqualTo("seven");
    }

    @Test
    void aLambdaThatIsNotSerializableIsRefusedWithAFix() {
        Callable<Integer> plain = () -> 42;

        assertThatThrownBy(() -> codec.encode(plain, "task 3"))
                .isInstanceOf(TaskgridException.class)
                .hasMessageContaining("Cannot send task 3 to the cluster")
                .hasMessageContaining("not serializable")
                .hasMessageContaining("(Callable<Integer> & Serializable)");
    }

    @Test
    void aCapturedLambdaThatIsNotSerializableIsNamed() {
        Supplier<String> captured = () -> "inner";
        Task<String> task = context -> captured.get();

        assertThatThrownBy(() -> codec.encode(task, "task 0"))
                .isInstanceOf(TaskgridException.class)
                .hasMessageContaining("Cannot send task 0")
                .hasMessageContaining("a value it holds or captures is a lambda that is not serializable")
                .hasMessageContaining("TaskFunction");
    }

    /** A task that holds an open stream, as a mistaken user might write it. */
    static final class ReadsAStream implements Task<Integer> {
        final String name = "input";
        final java.io.InputStream source = new java.io.ByteArrayInputStream(new byte[]{1});

        @Override
        public Integer run(io.taskgrid.TaskContext context) throws Exception {
            return source.read();
        }
    }

    @Test
    void aFieldHoldingAnOpenResourceIsNamedWithItsClass() {
        assertThatThrownBy(() -> codec.encode(new ReadsAStream(), "task 2"))
                .isInstanceOf(TaskgridException.class)
                .hasMessageContaining("Cannot send task 2 (" + ReadsAStream.class.getName() + ")")
                .hasMessageContaining("its field source (" + ReadsAStream.class.getName() + ") holds a java.io.ByteArrayInputStream")
                .hasMessageContaining("an open resource")
                .hasMessageContaining("transient");
    }

    @Test
    void aLambdaCapturingAThreadIsRefusedAtEncoding() {
        Thread thread = Thread.currentThread();
        Task<String> task = context -> thread.getName();

        assertThatThrownBy(() -> codec.encode(task, "task 1"))
                .isInstanceOf(TaskgridException.class)
                .hasMessageContaining("a value its lambda captures is a java.lang.Thread")
                .hasMessageContaining("a live object of this JVM");
    }

    /** A user class that is not serializable, in a JDK object that Java's serialization writes. */
    static final class NotSerializable {
        final int value = 1;
    }

    @Test
    void aNonSerializableObjectInsideASynchronizedListIsNamed() {
        List<Object> synchronizedList = java.util.Collections.synchronizedList(new java.util.ArrayList<>(List.of(new NotSerializable())));

        assertThatThrownBy(() -> codec.encode(synchronizedList, "input 1"))
                .isInstanceOf(TaskgridException.class)
                .hasMessageContaining("Cannot send input 1")
                .hasMessageContaining("inside it a " + NotSerializable.class.getName() + ", which does not implement "
                        + "java.io.Serializable")
                .hasMessageContaining("an ordinary collection");
    }

    @Test
    void theClassesAnEncodingWritesByNameAreRecorded() {
        java.util.Set<Class<?>> classes = new java.util.HashSet<>();
        Task<Integer> task = context -> 1;

        codec.recordingClasses(classes, () -> codec.encodeEach(List.of(new OnlyHere(1), task), "task"));

        assertThat(classes).contains(OnlyHere.class, PayloadCodecTest.class);
    }
}
