package io.taskgrid.coordinator.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FileMapStoreTest {

    @Test
    void entriesSurviveANewStoreOnTheSameDirectoryUntilDeleted(@TempDir Path directory) {
        FileMapStore first = new FileMapStore(directory.resolve("outcomes"));
        first.store("a1b2-3/17", new byte[]{1, 2, 3});
        first.store("a1b2-3/18", new byte[]{4});
        first.store("a1b2-3/18", new byte[]{5}); // replaced
        first.store("job:x.y", new byte[0]);

        FileMapStore second = new FileMapStore(directory.resolve("outcomes"));
        assertThat(second.loadAllKeys()).containsExactlyInAnyOrder("a1b2-3/17", "a1b2-3/18", "job:x.y");
        assertThat(second.load("a1b2-3/17")).containsExactly(1, 2, 3);
        assertThat(second.loadAll(List.of("a1b2-3/18", "missing"))).containsOnlyKeys("a1b2-3/18");
        assertThat(second.load("a1b2-3/18")).containsExactly(5);

        second.deleteAll(List.of("a1b2-3/17", "job:x.y", "never-there"));
        assertThat(new FileMapStore(directory.resolve("outcomes")).loadAllKeys()).containsExactly("a1b2-3/18");
        assertThat(second.load("a1b2-3/17")).isNull();
    }
}
