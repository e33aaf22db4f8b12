package io.taskgrid.deploy.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemorySizesTest {

    @Test
    void sizesAreBytesKibMibGibOrAShareOfTheHeap() {
        assertThat(MemorySizes.parse("4096", "--x", 0)).isEqualTo(4096);
        assertThat(MemorySizes.parse("512k", "--x", 0)).isEqualTo(512 * 1024);
        assertThat(MemorySizes.parse("256M", "--x", 0)).isEqualTo(256L << 20);
        assertThat(MemorySizes.parse(" 2g ", "--x", 0)).isEqualTo(2L << 30);
        assertThat(MemorySizes.parse("25%", "--x", 1L << 30)).isEqualTo(256L << 20);
    }

    @Test
    void anythingElseIsRefusedWithAnExample() {
        for (String wrong : new String[]{"0", "-1m", "1.5g", "101%", "0%", "lots", "", "1t", "9999999999999g"}) {
            assertThatThrownBy(() -> MemorySizes.parse(wrong, "--retention-size", 1L << 30)).as(wrong)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--retention-size takes an amount of memory such as 256m");
        }
    }
}
