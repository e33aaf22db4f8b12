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
                .hasMessageContaining("could not be serialized");
    }
}
