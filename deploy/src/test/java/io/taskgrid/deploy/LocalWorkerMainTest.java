package io.taskgrid.deploy;

import io.taskgrid.internal.HostAndPort;
import io.taskgrid.worker.WorkerSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalWorkerMainTest {

    private static final HostAndPort COORDINATOR = new HostAndPort("127.0.0.1", 7710);

    @Test
    void theLaunchersArgumentsGiveTheWorkerItsSettings() {
        List<String> args = LocalWorkerMain.arguments(COORDINATOR, new HostAndPort("127.0.0.1", 40123), 3,
                Duration.ofSeconds(30));

        WorkerSettings settings = LocalWorkerMain.settings(args.toArray(String[]::new), " secret\n");

        assertThat(settings.coordinator()).isEqualTo(COORDINATOR);
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(40123);
        assertThat(settings.threads()).isEqualTo(3);
        assertThat(settings.lossDetection()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.token()).isEqualTo("secret");
        assertThat(settings.reconnectFor()).isEqualTo(WorkerSettings.DEFAULT_RECONNECT_FOR);
        assertThat(settings.tls()).isNull();
    }

    @Test
    void anUnknownRepeatedOrMissingArgumentIsRefusedByName() {
        List<String> args = new ArrayList<>(LocalWorkerMain.arguments(COORDINATOR, COORDINATOR, 1, Duration.ofSeconds(5)));

        assertThatThrownBy(() -> LocalWorkerMain.settings(with(args, "--verbose"), "t"))
                .hasMessageContaining("unexpected argument '--verbose'");
        assertThatThrownBy(() -> LocalWorkerMain.settings(with(args, "--threads=2"), "t"))
                .hasMessageContaining("unexpected argument '--threads=2'");
        assertThatThrownBy(() -> LocalWorkerMain.settings(args.subList(1, args.size()).toArray(String[]::new), "t"))
                .hasMessageContaining("missing arguments");
        args.set(3, "--threads=many");
        assertThatThrownBy(() -> LocalWorkerMain.settings(args.toArray(String[]::new), "t"))
                .hasMessageContaining("--threads must be a whole number, not 'many'");
    }

    @Test
    void withoutATokenItSaysWhereOneComesFrom() {
        String[] args = LocalWorkerMain.arguments(COORDINATOR, COORDINATOR, 1, Duration.ofSeconds(5)).toArray(String[]::new);

        assertThatThrownBy(() -> LocalWorkerMain.settings(args, null)).hasMessageContaining("TASKGRID_TOKEN");
    }

    private static String[] with(List<String> args, String extra) {
        List<String> all = new ArrayList<>(args);
        all.add(extra);
        return all.toArray(String[]::new);
    }
}
