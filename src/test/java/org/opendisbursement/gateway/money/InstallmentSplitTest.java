package org.opendisbursement.gateway.money;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstallmentSplitTest {

    @Test
    void splitsTheKhulnaEntitlementIntoThreeEqualInstallments() {
        assertThat(InstallmentSplit.split(750_000, 3)).containsExactly(250_000, 250_000, 250_000);
    }

    @Test
    void givesTheRemainderToTheEarliestInstallment() {
        assertThat(InstallmentSplit.split(1_000, 3)).containsExactly(334, 333, 333);
        assertThat(InstallmentSplit.split(13, 12)).hasSize(12).startsWith(2L, 1L).containsOnly(2L, 1L);
    }

    @Test
    void refusesToSplitFewerMinorUnitsThanInstallments() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> InstallmentSplit.split(11, 12))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitsSumExactlyOverManyRandomAmountsAndCounts() {
        var random = new SplittableRandom(20200514L);
        for (int i = 0; i < 200_000; i++) {
            long total = i % 10 == 0 ? random.nextLong(12, Long.MAX_VALUE / 2) : random.nextLong(12, 100_000_000_00L);
            int count = random.nextInt(1, 13);
            long[] parts = InstallmentSplit.split(total, count);
            assertThat(parts).hasSize(count);
            assertThat(Arrays.stream(parts).sum()).as("sum of %d split in %d", total, count).isEqualTo(total);
            long max = Arrays.stream(parts).max().orElseThrow();
            long min = Arrays.stream(parts).min().orElseThrow();
            assertThat(max - min).isLessThan(count);
            assertThat(parts[0]).isEqualTo(max).isEqualTo(InstallmentSplit.largest(total, count));
            for (int n = 1; n <= count; n++) {
                assertThat(InstallmentSplit.amountOf(total, count, n)).isEqualTo(parts[n - 1]);
            }
            for (int k = 1; k < count; k++) {
                assertThat(parts[k]).isEqualTo(parts[count - 1]);
            }
        }
    }
}
