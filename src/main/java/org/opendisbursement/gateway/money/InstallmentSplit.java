package org.opendisbursement.gateway.money;

/**
 * Splits an entitlement into equal installments that sum exactly, in the smallest amount the channel can pay (its
 * payable unit, in minor units: 1 paisa for bKash, 100 cents = one shilling for M-Pesa). Every installment is a
 * multiple of the unit: each gets {@code total / unit / count} units and the remainder, in whole units, goes to the
 * earliest one, so nothing is lost to rounding and nothing unpayable is ever planned.
 */
public final class InstallmentSplit {

    private InstallmentSplit() {
    }

    /** Whether {@code totalMinor} is a whole number of units and has at least one unit for every installment. */
    public static boolean splits(long totalMinor, int count, long unitMinor) {
        requireUnit(unitMinor);
        return count >= 1 && totalMinor > 0 && totalMinor % unitMinor == 0 && totalMinor / unitMinor >= count;
    }

    /**
     * The amount, in minor units, of installment {@code number} (1-based) of {@code count}.
     *
     * @throws IllegalArgumentException when the total cannot be split in that unit (see {@link #splits})
     */
    public static long amountOf(long totalMinor, int count, int number, long unitMinor) {
        requireUnit(unitMinor);
        if (count < 1 || number < 1 || number > count) {
            throw new IllegalArgumentException("installment " + number + " of " + count);
        }
        if (totalMinor % unitMinor != 0) {
            throw new IllegalArgumentException(totalMinor + " minor units are not a multiple of the payable unit " + unitMinor);
        }
        long units = totalMinor / unitMinor;
        if (units < count) {
            throw new IllegalArgumentException(units + " payable units of " + unitMinor + " cannot be split into " + count + " payments");
        }
        long base = units / count;
        return (number == 1 ? base + units % count : base) * unitMinor;
    }

    /** The largest installment of the split: the first one. */
    public static long largest(long totalMinor, int count, long unitMinor) {
        return amountOf(totalMinor, count, 1, unitMinor);
    }

    public static long[] split(long totalMinor, int count, long unitMinor) {
        long[] amounts = new long[count];
        for (int n = 1; n <= count; n++) {
            amounts[n - 1] = amountOf(totalMinor, count, n, unitMinor);
        }
        return amounts;
    }

    private static void requireUnit(long unitMinor) {
        if (unitMinor < 1) {
            throw new IllegalArgumentException("a payable unit is at least one minor unit, not " + unitMinor);
        }
    }
}
