package io.taskgrid.internal.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncodedItemsTest {

    @Test
    void theBuilderKeepsEachItemApartAndGrowsPastItsGuess() {
        EncodedItems.Builder builder = new EncodedItems.Builder(1);
        for (int i = 0; i < 100; i++) {
            builder.add(new byte[i % 7]);
            builder.add(new byte[]{(byte) i, 1, 2}, 0, 1);
        }
        EncodedItems items = builder.build();

        int bytes = 100; // the one-byte items
        for (int i = 0; i < 100; i++) {
            bytes += i % 7;
        }
        assertThat(items.count()).isEqualTo(200);
        assertThat(items.blob()).hasSize(bytes);
        for (int i = 0; i < 100; i++) {
            assertThat(items.itemSize(2 * i)).isEqualTo(i % 7);
            assertThat(items.item(2 * i + 1)).containsExactly((byte) i);
        }
    }

    @Test
    void selectKeepsTheChosenItemsInTheGivenOrder() {
        EncodedItems items = new EncodedItems.Builder(3).add(new byte[]{1}).add(new byte[]{2, 2}).add(new byte[0])
                .add(new byte[]{4, 4, 4}).build();

        EncodedItems kept = items.select(new int[]{3, 2, 0, 9}, 3);

        assertThat(kept.count()).isEqualTo(3);
        assertThat(kept.item(0)).containsExactly(4, 4, 4);
        assertThat(kept.item(1)).isEmpty();
        assertThat(kept.item(2)).containsExactly(1);
        assertThat(items.select(new int[0], 0)).usingRecursiveComparison().isEqualTo(EncodedItems.EMPTY);
    }

    @Test
    void offsetsMustCoverTheBlob() {
        assertThatThrownBy(() -> new EncodedItems(new byte[3], new int[]{0, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("end at the blob's length 3");
    }
}
