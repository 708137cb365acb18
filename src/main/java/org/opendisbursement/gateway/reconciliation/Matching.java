package org.opendisbursement.gateway.reconciliation;

import java.util.Currency;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.intake.Channel;
import org.opendisbursement.gateway.money.AmountFormatException;
import org.opendisbursement.gateway.money.Money;

/**
 * The matching rule for one statement line against the installment its reference names (or none): amounts are
 * compared in minor units of the installment's currency, the provider's status against the installment's state.
 */
final class Matching {

    /** The installment a statement line's reference names, as the ledger knows it. */
    record Installment(long id, long listId, String beneficiaryId, InstallmentState state, Channel channel,
                       long amountMinor, String currency) {
    }

    /** @param settles the statement settles an installment still open or waiting for a person: confirm it */
    record Decision(Outcome outcome, String detail, boolean settles) {
        Decision(Outcome outcome, String detail) {
            this(outcome, detail, false);
        }
    }

    /** States the statement may settle: the payout's fate is open, or a person waits for exactly this proof. */
    private static final java.util.Set<InstallmentState> SETTLEABLE = java.util.EnumSet.of(InstallmentState.SUBMITTED,
            InstallmentState.UNKNOWN, InstallmentState.PENDING, InstallmentState.MANUAL_REVIEW);

    private Matching() {
    }

    static Decision decide(StatementLine line, Installment installment, Channel providerChannel) {
        if (installment == null) {
            return new Decision(Outcome.MISSING_FROM_LEDGER, "the ledger has no installment under this reference; the statement says "
                    + line.status() + " for " + statementAmount(line));
        }
        boolean confirmed = installment.state() == InstallmentState.CONFIRMED;
        if (installment.channel() != providerChannel) {
            String detail = "the installment pays by " + installment.channel() + " (" + installment.state()
                    + "), but this " + providerChannel + " statement says " + line.status();
            return line.paid() == StatementStatus.NOT_PAID
                    ? new Decision(Outcome.MATCHED, detail)
                    : new Decision(Outcome.STATUS_MISMATCH, detail + ": it may have been paid twice");
        }
        if (line.paid() == StatementStatus.PAID) {
            if (!confirmed && SETTLEABLE.contains(installment.state())) {
                String amountDifference = amountDifference(line, installment);
                return amountDifference == null
                        ? new Decision(Outcome.MATCHED, "settled: the statement shows it paid (" + line.status()
                                + ") while the ledger waited (" + installment.state() + "); confirmed from line " + line.lineNo(), true)
                        : new Decision(Outcome.AMOUNT_MISMATCH, "the statement shows it paid but not in the payout's amount: "
                                + amountDifference + "; it stays " + installment.state() + " for a person");
            }
            if (!confirmed) {
                return new Decision(Outcome.STATUS_MISMATCH, "the provider paid it (" + line.status() + "), the ledger says "
                        + installment.state() + ": do not retry it before this is resolved");
            }
            String amountDifference = amountDifference(line, installment);
            return amountDifference == null
                    ? new Decision(Outcome.MATCHED, "paid")
                    : new Decision(Outcome.AMOUNT_MISMATCH, amountDifference);
        }
        if (line.paid() == StatementStatus.NOT_PAID) {
            return confirmed
                    ? new Decision(Outcome.STATUS_MISMATCH, "the ledger confirmed it, the provider says " + line.status())
                    : new Decision(Outcome.MATCHED, "not paid on either side (ledger: " + installment.state() + ")");
        }
        if (installment.state().isFinal()) {
            return new Decision(Outcome.STATUS_MISMATCH, "the provider says " + line.status() + ", the ledger says "
                    + installment.state());
        }
        return new Decision(Outcome.MATCHED, "not final on either side (ledger: " + installment.state() + ")");
    }

    /** Null when the statement's amount is the installment's, else what differs. */
    private static String amountDifference(StatementLine line, Installment installment) {
        Currency currency = Currency.getInstance(installment.currency());
        Money ledger = new Money(installment.amountMinor(), currency);
        if (line.currency() != null && !line.currency().equals(installment.currency())) {
            return "the statement pays " + line.currency() + " " + line.amount() + ", the ledger " + ledger.display();
        }
        try {
            Money statement = Money.parseMajor(line.amount(), currency);
            if (statement.minor() == ledger.minor()) {
                return null;
            }
            long difference = statement.minor() - ledger.minor();
            return "the statement says " + statement.display() + ", the ledger " + ledger.display() + " ("
                    + (difference > 0 ? "+" : "-") + new Money(Math.abs(difference), currency).display() + ")";
        } catch (AmountFormatException e) {
            return "the statement says " + line.amount() + ", which is not an amount in " + currency.getCurrencyCode()
                    + " (" + e.getMessage() + "); the ledger " + ledger.display();
        }
    }

    private static String statementAmount(StatementLine line) {
        return (line.currency() == null ? "" : line.currency() + " ") + line.amount();
    }
}
