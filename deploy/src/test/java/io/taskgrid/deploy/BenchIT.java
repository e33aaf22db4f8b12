package io.taskgrid.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code taskgrid bench --quick} runs every figure against both baselines and reports them.
 * It checks that each figure was measured, never how fast: tests do not assert timings.
 */
class BenchIT {

    @TempDir
    Path directory;

    /** The values of {@code field} in order: a string's text without quotes, anything else as written. */
    private static List<String> values(String json, String field) {
        Matcher matcher = Pattern.compile("\"" + field + "\":(\"[^\"]*\"|[^,}]+)").matcher(json);
        List<String> values = new ArrayList<>();
        while (matcher.find()) {
            values.add(matcher.group(1).replace("\"", ""));
        }
        return values;
    }

    @Test
    void theQuickBenchMeasuresEveryFigureForTaskgridAndItsBaselines() throws Exception {
        CliRunner.Result result = CliRunner.run(directory, 300, "bench", "--quick", "--json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        String json = result.stdout().strip();
        assertThat(values(json, "figure")).containsExactly("no-op subtasks in one job",
                "single tasks via the ExecutorService", "round trip of one trivial job, p50",
                "round trip of one trivial job, p99", "round trip of one trivial job, max",
                "CPU speedup from 1 to 2 workers", "start to first result", "heap per pending subtask");
        assertThat(values(json, "taskgrid")).hasSize(8).allSatisfy(value -> assertThat(Double.parseDouble(value)).isPositive());
        assertThat(values(json, "forkJoinPool")).hasSize(8).allSatisfy(value -> assertThat(Double.parseDouble(value)).isPositive());
        assertThat(values(json, "hazelcast")).hasSize(8).satisfies(hazelcast -> {
            assertThat(hazelcast.get(7)).as("no Hazelcast pending-memory figure").isEqualTo("null");
            assertThat(hazelcast.get(5)).as("no Hazelcast scaling figure").isEqualTo("null");
            hazelcast.remove(7);
            hazelcast.remove(5);
            assertThat(hazelcast).allSatisfy(value -> assertThat(Double.parseDouble(value)).isPositive());
        });
        assertThat(result.stderr()).contains("taskgrid bench: the Hazelcast baseline");
    }

    @Test
    void theSoakWeighsTheCoordinatorEveryTenSecondsOfTheStream() throws Exception {
        CliRunner.Result result = CliRunner.run(directory, 300, "bench", "--soak", "20s", "--retention-size", "1m",
                "--json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        String json = result.stdout().strip();
        assertThat(values(json, "retentionSize")).containsExactly("1m");
        assertThat(values(json, "jobs")).hasSize(2).allSatisfy(value -> assertThat(Long.parseLong(value)).isPositive());
        assertThat(values(json, "heapBytesAfterGc")).hasSize(2)
                .allSatisfy(value -> assertThat(Long.parseLong(value)).isPositive());
        assertThat(result.stderr()).contains("one-subtask jobs in a loop for 20 s");
    }

    @Test
    void theScalingCurveMeasuresEachWorkerCountNextToAPoolOfAsManyThreads() throws Exception {
        CliRunner.Result result = CliRunner.run(directory, 300, "bench", "--scaling", "2,1", "--quick", "--json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        String json = result.stdout().strip();
        assertThat(values(json, "workers")).containsExactly("1", "2");
        assertThat(values(json, "taskgridSeconds")).hasSize(2).allSatisfy(value -> assertThat(Double.parseDouble(value)).isPositive());
        assertThat(values(json, "forkJoinSeconds")).hasSize(2).allSatisfy(value -> assertThat(Double.parseDouble(value)).isPositive());
        assertThat(values(json, "taskgridSpeedup")).first().isEqualTo("1.0");
        assertThat(values(json, "taskgridSpeedup").get(1)).satisfies(value -> assertThat(Double.parseDouble(value)).isPositive());
        assertThat(result.stderr()).contains("subtasks of ~20 ms of computation on 2 workers");
    }
}
