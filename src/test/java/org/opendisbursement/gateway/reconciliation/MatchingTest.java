package org.opendisbursement.gateway.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.intake.Channel;

class MatchingTest {

    private static StatementLine line(String amount, String currency, String status) {
        return new StatementLine(2, "ref", null, amount, currency, Instant.EPOCH, status, StatementStatus.of(status).orElseThrow());
    }

    private static Matching.Installment installment(InstallmentState state, Channel channel, long minor, String currency) {
        return new Matching.Installment(1, 1, "B-1", state, channel, minor, currency);
    }

    private static Outcome decide(StatementLine line, Matching.Installment installment) {
        return Matching.decide(line, installment, Channel.BKASH).outcome();
    }

    @Test
    void paidOnBothSidesForTheSameAmountInMinorUnitsMatches() {
        assertThat(decide(line("7500", null, "Completed"), installment(InstallmentState.CONFIRMED, Channel.BKASH, 750_000, "BDT")))
                .isEqualTo(Outcome.MATCHED);
        assertThat(decide(line("7500.00", "BDT", "SUCCESS"), installment(InstallmentState.CONFIRMED, Channel.BKASH, 750_000, "BDT")))
                .isEqualTo(Outcome.MATCHED);
    }

    @Test
    void aDifferentAmountOrCurrencyOrTooManyDecimalsIsAnAmountMismatch() {
        Matching.Decision off = Matching.decide(line("7499.99", null, "Completed"),
                installment(InstallmentState.CONFIRMED, Channel.BKASH, 750_000, "BDT"), Channel.BKASH);
        assertThat(off.outcome()).isEqualTo(Outcome.AMOUNT_MISMATCH);
        assertThat(off.detail()).contains("BDT 7,499.99", "BDT 7,500.00", "-BDT 0.01");
        assertThat(decide(line("7500", "KES", "Completed"), installment(InstallmentState.CONFIRMED, Channel.BKASH, 750_000, "BDT")))
                .isEqualTo(Outcome.AMOUNT_MISMATCH);
        assertThat(decide(line("7500.001", null, "Completed"), installment(InstallmentState.CONFIRMED, Channel.BKASH, 750_000, "BDT")))
                .isEqualTo(Outcome.AMOUNT_MISMATCH);
    }

    @Test
    void theProviderAndTheLedgerDisagreeingOnWhetherItWasPaidIsAStatusMismatch() {
        assertThat(decide(line("100", null, "Completed"), installment(InstallmentState.FAILED, Channel.BKASH, 10_000, "BDT")))
                .isEqualTo(Outcome.STATUS_MISMATCH);
        assertThat(decide(line("100", null, "Reversed"), installment(InstallmentState.CONFIRMED, Channel.BKASH, 10_000, "BDT")))
                .isEqualTo(Outcome.STATUS_MISMATCH);
        assertThat(decide(line("100", null, "Pending"), installment(InstallmentState.CONFIRMED, Channel.BKASH, 10_000, "BDT")))
                .isEqualTo(Outcome.STATUS_MISMATCH);
        assertThat(decide(line("100", null, "Completed"), installment(InstallmentState.READY, Channel.CASH, 10_000, "BDT")))
                .as("switched to cash, yet the wallet provider paid").isEqualTo(Outcome.STATUS_MISMATCH);
    }

    @Test
    void notPaidOrNotFinalOnBothSidesMatches() {
        assertThat(decide(line("100", null, "Failed"), installment(InstallmentState.FAILED, Channel.BKASH, 10_000, "BDT")))
                .isEqualTo(Outcome.MATCHED);
        assertThat(decide(line("100", null, "Pending"), installment(InstallmentState.PENDING, Channel.BKASH, 10_000, "BDT")))
                .isEqualTo(Outcome.MATCHED);
    }

    @Test
    void aReferenceTheLedgerDoesNotKnowIsMissingFromTheLedger() {
        assertThat(decide(line("100", null, "Completed"), null)).isEqualTo(Outcome.MISSING_FROM_LEDGER);
    }

    @Test
    void aPaidLineInThePayoutsAmountSettlesAnInstallmentWaitingForAPersonOrAnAnswer() {
        for (InstallmentState waiting : new InstallmentState[] {InstallmentState.MANUAL_REVIEW, InstallmentState.UNKNOWN,
                InstallmentState.PENDING, InstallmentState.SUBMITTED}) {
            Matching.Decision decision = Matching.decide(line("100", "BDT", "Completed"),
                    installment(waiting, Channel.BKASH, 10_000, "BDT"), Channel.BKASH);
            assertThat(decision.outcome()).as(waiting.name()).isEqualTo(Outcome.MATCHED);
            assertThat(decision.settles()).as(waiting.name()).isTrue();
            assertThat(decision.detail()).contains("settled");
        }
    }

    @Test
    void aPaidLineInAnotherAmountSettlesNothingAndIsFlagged() {
        Matching.Decision decision = Matching.decide(line("10", "BDT", "Completed"),
                installment(InstallmentState.MANUAL_REVIEW, Channel.BKASH, 10_000, "BDT"), Channel.BKASH);
        assertThat(decision.outcome()).isEqualTo(Outcome.AMOUNT_MISMATCH);
        assertThat(decision.settles()).isFalse();
    }

    @Test
    void aLineThatSaysNotPaidNeverSettlesAnything() {
        Matching.Decision decision = Matching.decide(line("100", "BDT", "Failed"),
                installment(InstallmentState.MANUAL_REVIEW, Channel.BKASH, 10_000, "BDT"), Channel.BKASH);
        assertThat(decision.settles()).isFalse();
    }

    @Test
    void aFailedOrFinalInstallmentIsNeverSettledByAStatement() {
        Matching.Decision decision = Matching.decide(line("100", null, "Completed"),
                installment(InstallmentState.FAILED, Channel.BKASH, 10_000, "BDT"), Channel.BKASH);
        assertThat(decision.outcome()).isEqualTo(Outcome.STATUS_MISMATCH);
        assertThat(decision.settles()).isFalse();
    }
}
