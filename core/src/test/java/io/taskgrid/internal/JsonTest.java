package io.taskgrid.internal;

import io.taskgrid.JobState;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {

    record Point(int x, String label) {
    }

    @Test
    void writesPlainValuesRecordsAndEscapes() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("n", 1.5);
        value.put("nan", Double.NaN);
        value.put("state", JobState.RUNNING);
        value.put("list", List.of(new Point(1, "a\"b\n"), true));
        value.put("none", null);

        assertThat(Json.write(value)).isEqualTo(
                "{\"n\":1.5,\"nan\":null,\"state\":\"RUNNING\",\"list\":[{\"x\":1,\"label\":\"a\\\"b\\n\"},true],\"none\":null}");
    }
}
