package org.opendisbursement.gateway.money;

/**
 * Splits an entitlement of whole minor units into equal installments that sum exactly: every installment
 * gets {@code total / count}, and the remainder goes to the earliest one, so nothing is lost to rounding.
 */
public final class InstallmentSplit {

    private InstallmentSplit() {
    }

    /** The amount of installment {@code number} (1-based) of {@code count}. */
    public static long amountOf(long totalMinor, int count, int number) {
        if (count < 1 || number < 1 || number > count) {
            throw new IllegalArgumentException("installment " + number + " of " + count);
        }
        if (totalMinor < count) {
            throw new IllegalArgumentException(totalMinor + " minor units cannot be split into " + count + " payments");
        }
        long base = totalMinor / count;
        return number == 1 ? base + totalMinor % count : base;
    }

    /** The largest installment of the split: the first one. */
    public static long largest(long totalMinor, int count) {
        return amountOf(totalMinor, count, 1);
    }

    public static long[] split(long totalMinor, int count) {
        long[] amounts = new long[count];
        for (int n = 1; n <= count; n++) {
            amounts[n - 1] = amountOf(totalMinor, count, n);
        }
        return amounts;
    }
}
