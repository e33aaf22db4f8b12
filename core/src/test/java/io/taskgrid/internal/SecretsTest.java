package io.taskgrid.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SecretsTest {

    @Test
    void aCoordinatorCreatesTheTokenFileForItsOwnerOnlyAndEveryoneElseReadsIt(@TempDir Path directory) throws Exception {
        assumeTrue(System.getenv(Secrets.TOKEN_ENV) == null, "TASKGRID_TOKEN is set, and it wins over files");
        Path file = directory.resolve("taskgrid").resolve("token");

        String token = Secrets.forCoordinator(file);

        assertThat(token).hasSize(64);
        assertThat(Secrets.forClient(file)).isEqualTo(token);
        assertThat(Secrets.forCoordinator(file)).as("the next coordinator reuses it").isEqualTo(token);
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Secrets.forClient(directory.resolve("missing"))).isNull();
    }

    @Test
    void tokensMatchOnlyWhenEqual() {
        String token = Secrets.newToken();

        assertThat(Secrets.matches(token, new String(token))).isTrue();
        assertThat(Secrets.matches(token, token + "x")).isFalse();
        assertThat(Secrets.matches(token, null)).isFalse();
        assertThat(Secrets.matches(null, token)).isFalse();
        assertThat(Secrets.newToken()).isNotEqualTo(token);
        assertThat(Secrets.fingerprint(token)).hasSize(16).isEqualTo(Secrets.fingerprint(token));
    }
}
