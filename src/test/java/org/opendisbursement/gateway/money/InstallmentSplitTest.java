package org.opendisbursement.gateway.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstallmentSplitTest {

    private static final long PAISA = 1;
    private static final long WHOLE = 100;

    @Test
    void splitsTheKhulnaEntitlementIntoThreeEqualInstallments() {
        assertThat(InstallmentSplit.split(750_000, 3, PAISA)).containsExactly(250_000, 250_000, 250_000);
        assertThat(InstallmentSplit.split(750_000, 3, WHOLE)).containsExactly(250_000, 250_000, 250_000);
    }

    @Test
    void givesTheRemainderToTheEarliestInstallment() {
        assertThat(InstallmentSplit.split(1_000, 3, PAISA)).containsExactly(334, 333, 333);
        assertThat(InstallmentSplit.split(13, 12, PAISA)).hasSize(12).startsWith(2L, 1L).containsOnly(2L, 1L);
    }

    @Test
    void remainderInWholeUnitsGoesToTheFirstInstallment() {
        assertThat(InstallmentSplit.split(100_000, 3, WHOLE)).as("KES 1,000 by M-Pesa").containsExactly(33_400, 33_300, 33_300);
        assertThat(InstallmentSplit.split(100_000, 3, PAISA)).as("the same in cents").containsExactly(33_334, 33_333, 33_333);
        assertThat(InstallmentSplit.split(1_000, 3, 250)).as("in notes of 2.50").containsExactly(500, 250, 250);
    }

    @Test
    void everyInstallmentIsAMultipleOfTheUnit() {
        assertThat(InstallmentSplit.split(10_050, 2, 50)).containsExactly(5_050, 5_000);
        assertThat(InstallmentSplit.split(700, 7, WHOLE)).containsOnly(100L);
    }

    @Test
    void refusesAnEntitlementThatIsNotAWholeNumberOfUnits() {
        assertThat(InstallmentSplit.splits(10_050, 3, WHOLE)).isFalse();
        assertThatThrownBy(() -> InstallmentSplit.amountOf(10_050, 3, 1, WHOLE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a multiple");
    }

    @Test
    void refusesFewerUnitsThanInstallments() {
        assertThat(InstallmentSplit.splits(200, 3, WHOLE)).isFalse();
        assertThat(InstallmentSplit.splits(300, 3, WHOLE)).isTrue();
        assertThatThrownBy(() -> InstallmentSplit.split(11, 12, PAISA)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InstallmentSplit.split(200, 3, WHOLE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAUnitBelowOneMinorUnitAndInstallmentsOutsideTheSplit() {
        assertThatThrownBy(() -> InstallmentSplit.splits(100, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InstallmentSplit.amountOf(100, 2, 3, PAISA)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InstallmentSplit.amountOf(100, 0, 1, PAISA)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitsSumExactlyOverManyRandomAmountsCountsAndUnits() {
        long[] units = {1, 5, 10, 25, 50, 100, 500, 1_000, 10_000, 100_000};
        var random = new SplittableRandom(20200514L);
        for (int i = 0; i < 200_000; i++) {
            long unit = units[random.nextInt(units.length)];
            int count = random.nextInt(1, 13);
            long total = i % 10 == 0 ? random.nextLong(count, Long.MAX_VALUE / 2 / unit) * unit
                    : random.nextLong(count, 100_000_000_00L / unit + count) * unit;
            assertThat(InstallmentSplit.splits(total, count, unit)).isTrue();
            long[] parts = InstallmentSplit.split(total, count, unit);
            assertThat(parts).hasSize(count);
            assertThat(Arrays.stream(parts).sum()).as("sum of %d split in %d by %d", total, count, unit).isEqualTo(total);
            assertThat(Arrays.stream(parts).allMatch(part -> part % unit == 0)).as("multiples of %d", unit).isTrue();
            long max = Arrays.stream(parts).max().orElseThrow();
            long min = Arrays.stream(parts).min().orElseThrow();
            assertThat(min).isPositive();
            assertThat(max - min).isLessThan(count * unit);
            assertThat(parts[0]).isEqualTo(max).isEqualTo(InstallmentSplit.largest(total, count, unit));
            for (int n = 1; n <= count; n++) {
                assertThat(InstallmentSplit.amountOf(total, count, n, unit)).isEqualTo(parts[n - 1]);
            }
            for (int k = 1; k < count; k++) {
                assertThat(parts[k]).isEqualTo(parts[count - 1]);
            }
            long offUnit = total + random.nextLong(1, unit + 1);
            assertThat(InstallmentSplit.splits(offUnit, count, unit)).as("%d by %d", offUnit, unit).isEqualTo(offUnit % unit == 0
                    && offUnit / unit >= count);
        }
    }
}
