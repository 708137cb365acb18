package org.opendisbursement.gateway.intake;

import java.util.Currency;
import org.opendisbursement.gateway.money.InstallmentSplit;
import org.opendisbursement.gateway.money.Money;

/**
 * The smallest amount one channel pays in one currency: M-Pesa whole shillings, bKash a paisa, cash the smallest
 * note or coin handed over. Every installment of that channel is a multiple of it, so intake, the plan and a
 * switch to cash judge an amount by the same rule.
 */
public record PayableUnit(Channel channel, Money unit) {

    public PayableUnit {
        if (unit.minor() < 1) {
            throw new IllegalArgumentException("the payable unit of " + channel + " in " + unit.currencyCode()
                    + " must be at least one minor unit, not " + unit.display());
        }
    }

    /** One whole major unit of the currency (a shilling, a taka; one minor unit when the currency has none). */
    static Money wholeUnitOf(Currency currency) {
        return Money.parseMajor("1", currency);
    }

    public long minor() {
        return unit.minor();
    }

    /** Whether a single payment of {@code amountMinor} can be made: positive and a whole number of units. */
    public boolean pays(long amountMinor) {
        return amountMinor > 0 && amountMinor % unit.minor() == 0;
    }

    /** Whether {@code totalMinor} splits into {@code count} installments of whole units. */
    public boolean splits(long totalMinor, int count) {
        return InstallmentSplit.splits(totalMinor, count, unit.minor());
    }

    /** Installment {@code number} of {@code count}: a multiple of the unit, the remainder on the first one. */
    public long amountOf(long totalMinor, int count, int number) {
        return InstallmentSplit.amountOf(totalMinor, count, number, unit.minor());
    }

    public long largest(long totalMinor, int count) {
        return InstallmentSplit.largest(totalMinor, count, unit.minor());
    }

    /** The rule in words: "M-Pesa pays whole KES", "cash is paid in multiples of BDT 5.00". */
    public String rule() {
        String amounts = unit.equals(wholeUnitOf(unit.currency())) ? "whole " + unit.currencyCode()
                : "multiples of " + unit.display();
        return switch (channel) {
            case BKASH -> "bKash pays " + amounts;
            case NAGAD -> "Nagad pays " + amounts;
            case MPESA -> "M-Pesa pays " + amounts;
            case MTN -> "MTN MoMo pays " + amounts;
            case CASH -> "cash is paid in " + amounts + " (the smallest note or coin handed over)";
        };
    }
}
