package io.taskgrid.deploy.cli;

import io.taskgrid.deploy.bench.ScalingCurve;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The arithmetic and options of {@code taskgrid bench --scaling}; BenchIT runs it on real workers. */
class BenchCommandTest {

    @Test
    void speedupsAreRelativeToTheSmallestCountAndComparedWithThePools() {
        List<Map<String, Object>> rows = BenchCommand.scalingPoints(List.of(
                new ScalingCurve.Point(1, 8.0, 8.0),
                new ScalingCurve.Point(4, 2.5, 2.0),
                new ScalingCurve.Point(16, 1.0, 0.5)));

        assertThat(rows).extracting(row -> row.get("workers")).containsExactly(1, 4, 16);
        assertThat((double) rows.get(0).get("taskgridSpeedup")).isEqualTo(1.0);
        assertThat((double) rows.get(1).get("taskgridSpeedup")).isCloseTo(3.2, within(1e-9));
        assertThat((double) rows.get(1).get("forkJoinSpeedup")).isCloseTo(4.0, within(1e-9));
        assertThat((double) rows.get(1).get("ofForkJoinSpeedup")).isCloseTo(0.8, within(1e-9));
        assertThat((double) rows.get(2).get("taskgridSpeedup")).isCloseTo(8.0, within(1e-9));
        assertThat((double) rows.get(2).get("ofForkJoinSpeedup")).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void aCurveThatStartsAboveOneWorkerCountsTheBaseAsLinear() {
        assertThat(ScalingCurve.speedup(2, 4.0, 1.0)).isEqualTo(8.0);
    }

    @Test
    void theJobHasTenSubtasksPerWorkerOfTheLargestCountAndAtLeastForty() {
        assertThat(ScalingCurve.of(new TreeSet<>(List.of(1, 2)), 3).subtasks()).isEqualTo(40);
        assertThat(ScalingCurve.of(new TreeSet<>(List.of(16, 1, 4)), 3).subtasks()).isEqualTo(160);
        assertThatThrownBy(() -> ScalingCurve.of(new TreeSet<>(List.of(0, 2)), 3))
                .hasMessageContaining("worker counts of 1 or more");
    }

    @Test
    void theCountsAreACommaSeparatedList() {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs("--scaling", "1,2,4", "--runs", "2");

        assertThat(bench.scaling).containsExactly(1, 2, 4);
        assertThat(bench.runs).isEqualTo(2);
    }
}
