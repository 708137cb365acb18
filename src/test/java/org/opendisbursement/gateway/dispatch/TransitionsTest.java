package org.opendisbursement.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.installments.Move;
import org.opendisbursement.gateway.ledger.LedgerAction;

class TransitionsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T04:00:00Z");
    private static final ProviderSettings SETTINGS = new ProviderSettings(true, "http://provider", Map.of(), 0, 8, 3,
            Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(10),
            Duration.ofHours(1), null, List.of(), null);

    private final Transitions transitions = new Transitions(new SplittableRandom(7));

    private static Claimed claimed(InstallmentState state, int attempts, int checks, Instant submittedAt) {
        var request = new PayoutRequest(42, UUID.randomUUID(), "+8801712345678", 250_000, "BDT", null, attempts);
        return new Claimed("bkash", state, attempts, checks, submittedAt, request);
    }

    private Move send(int attempts, PayoutOutcome outcome) {
        return transitions.afterSend(claimed(InstallmentState.SUBMITTED, attempts, 0, NOW), outcome, NOW, SETTINGS);
    }

    @Test
    void aConfirmedPayoutIsFinal() {
        Move move = send(1, new PayoutOutcome.Confirmed("TRX1"));
        assertThat(move.to()).isEqualTo(InstallmentState.CONFIRMED);
        assertThat(move.providerTransactionId()).isEqualTo("TRX1");
        assertThat(move.nextAttemptAt()).isNull();
    }

    @Test
    void aTimeoutIsNeverAFailureButAQuestion() {
        Move move = send(1, new PayoutOutcome.Unknown("read timeout"));
        assertThat(move.to()).isEqualTo(InstallmentState.UNKNOWN);
        assertThat(move.nextAttemptAt()).isEqualTo(NOW.plusSeconds(10));
        assertThat(move.action()).isEqualTo(LedgerAction.PAYOUT_UNKNOWN);
    }

    @Test
    void aDuplicateReferenceLeadsToAQueryNeverToASecondPayout() {
        Move move = send(2, new PayoutOutcome.Duplicate("2029"));
        assertThat(move.to()).isEqualTo(InstallmentState.UNKNOWN);
        assertThat(move.nextAttemptAt()).isEqualTo(NOW);
    }

    @Test
    void aPermanentRejectionFailsAtOnceWithTheProvidersCode() {
        Move move = send(1, new PayoutOutcome.Rejected("2045", "the wallet does not exist"));
        assertThat(move.to()).isEqualTo(InstallmentState.FAILED);
        assertThat(move.failureCode()).isEqualTo("2045");
        assertThat(move.reason()).isEqualTo("the wallet does not exist");
    }

    @Test
    void aRetryableFailureComesBackReadyWithGrowingJitteredBackoffThenFails() {
        Move first = send(1, new PayoutOutcome.Retryable("429", "rate limited"));
        assertThat(first.to()).isEqualTo(InstallmentState.READY);
        assertThat(Duration.between(NOW, first.nextAttemptAt())).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
        Move second = send(2, new PayoutOutcome.Retryable("429", "rate limited"));
        assertThat(Duration.between(NOW, second.nextAttemptAt())).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));
        Move last = send(3, new PayoutOutcome.Retryable("503", "maintenance"));
        assertThat(last.to()).isEqualTo(InstallmentState.FAILED);
        assertThat(last.reason()).contains("gave up after 3 attempts").contains("maintenance");
    }

    @Test
    void backoffNeverExceedsItsCap() {
        for (int attempt = 1; attempt < 40; attempt++) {
            assertThat(transitions.backoff(SETTINGS, attempt)).isLessThanOrEqualTo(Duration.ofMinutes(10));
        }
    }

    @Test
    void aQueryThatFindsNothingSendsTheSameReferenceAgain() {
        Move move = transitions.afterQuery(claimed(InstallmentState.UNKNOWN, 1, 0, NOW), new PayoutOutcome.NotFound("404"), NOW, SETTINGS);
        assertThat(move.from()).isEqualTo(InstallmentState.UNKNOWN);
        assertThat(move.to()).isEqualTo(InstallmentState.READY);
        Move exhausted = transitions.afterQuery(claimed(InstallmentState.UNKNOWN, 3, 0, NOW), new PayoutOutcome.NotFound("404"), NOW, SETTINGS);
        assertThat(exhausted.to()).isEqualTo(InstallmentState.FAILED);
    }

    @Test
    void aQueryConfirmsWhatATimeoutLeftUnknownAndASubmittedOneLeftByACrash() {
        assertThat(transitions.afterQuery(claimed(InstallmentState.UNKNOWN, 1, 0, NOW), new PayoutOutcome.Confirmed("T"), NOW, SETTINGS).to())
                .isEqualTo(InstallmentState.CONFIRMED);
        Move crashed = transitions.afterQuery(claimed(InstallmentState.SUBMITTED, 1, 0, NOW), new PayoutOutcome.Confirmed("T"), NOW, SETTINGS);
        assertThat(crashed.from()).isEqualTo(InstallmentState.SUBMITTED);
        assertThat(crashed.to()).isEqualTo(InstallmentState.CONFIRMED);
    }

    @Test
    void pendingIsPolledWithBackoffUntilTheDeadlineThenGoesToManualReview() {
        Move polled = transitions.afterQuery(claimed(InstallmentState.PENDING, 1, 2, NOW.minusSeconds(60)),
                new PayoutOutcome.Pending(null, "PENDING"), NOW, SETTINGS);
        assertThat(polled.to()).isEqualTo(InstallmentState.PENDING);
        assertThat(polled.changesState()).isFalse();
        assertThat(polled.nextAttemptAt()).isEqualTo(NOW.plusSeconds(80));

        Move late = transitions.afterQuery(claimed(InstallmentState.PENDING, 1, 9, NOW.minus(Duration.ofHours(2))),
                new PayoutOutcome.Pending(null, "PENDING"), NOW, SETTINGS);
        assertThat(late.to()).isEqualTo(InstallmentState.MANUAL_REVIEW);
        assertThat(late.reason()).contains("PT1H");
    }

    @Test
    void aFailedQueryKeepsTheInstallmentWhereItIs() {
        Move move = transitions.afterQuery(claimed(InstallmentState.UNKNOWN, 1, 0, NOW), new PayoutOutcome.Unknown("reset"), NOW, SETTINGS);
        assertThat(move.to()).isEqualTo(InstallmentState.UNKNOWN);
        assertThat(move.changesState()).isFalse();
    }

    @Test
    void aRetryableCallbackMeansTheProviderDidNotPay() {
        Move move = transitions.afterCallback(claimed(InstallmentState.PENDING, 1, 0, NOW),
                new PayoutOutcome.Retryable("17", "internal failure"), NOW, SETTINGS);
        assertThat(move.to()).isEqualTo(InstallmentState.READY);
    }

    @Test
    void anAccountFaultGivesTheAttemptBackAndWaitsReady() {
        Move move = send(2, new PayoutOutcome.AccountFault("2001", "the initiator credential is refused"));
        assertThat(move.to()).isEqualTo(InstallmentState.READY);
        assertThat(move.attempts()).isEqualTo(Move.Attempts.REFUND);
        assertThat(move.action()).isEqualTo(LedgerAction.PAYOUT_HELD_PROVIDER_FAULT);
        assertThat(move.failureCode()).isEqualTo("2001");
    }

    @Test
    void anAccountFaultOnAStatusQueryKeepsThePayoutWhereItStands() {
        Move move = transitions.afterQuery(claimed(InstallmentState.UNKNOWN, 1, 0, NOW),
                new PayoutOutcome.AccountFault("401.002.01", "token refused"), NOW, SETTINGS);
        assertThat(move.to()).isEqualTo(InstallmentState.UNKNOWN);
        assertThat(move.changesState()).isFalse();
        assertThat(move.nextAttemptAt()).isAfter(NOW);
    }

    @Test
    void anAccountFaultThatSpentTheReferenceHoldsThePayoutUnderANewReferenceWithItsAttemptGivenBack() {
        Claimed claimed = claimed(InstallmentState.PENDING, 2, 0, NOW);
        var fault = new PayoutOutcome.AccountFault("NOT_ENOUGH_FUNDS", "the disbursement account lacks funds", true);

        Move first = transitions.afterQuery(claimed, fault, NOW, SETTINGS);
        Move again = transitions.afterQuery(claimed, fault, NOW, SETTINGS);
        Move byCallback = transitions.afterCallback(claimed, fault, NOW, SETTINGS);

        assertThat(first.to()).isEqualTo(InstallmentState.READY);
        assertThat(first.attempts()).isEqualTo(Move.Attempts.REFUND);
        assertThat(first.action()).isEqualTo(LedgerAction.PAYOUT_HELD_PROVIDER_FAULT);
        assertThat(first.failureCode()).isEqualTo("NOT_ENOUGH_FUNDS");
        assertThat(first.referenceChange().retired()).isEqualTo(claimed.request().reference());
        assertThat(first.referenceChange().next()).isNotEqualTo(claimed.request().reference())
                .isEqualTo(again.referenceChange().next()).isEqualTo(byCallback.referenceChange().next());
        assertThat(first.referenceChange().next().version()).isEqualTo(5);
        assertThat(first.referenceChange().fromAttempt()).as("the attempt was given back, so it is made again").isEqualTo(2);
        assertThat(first.detail()).contains(first.referenceChange().next().toString());
        assertThat(new PayoutOutcome.AccountFault("X", "y").referenceSpent()).isFalse();
        assertThat(fault.describe()).contains("reference spent");
    }

    @Test
    void anAccountFaultThatLeftTheReferenceUnspentKeepsIt() {
        Move sent = send(1, new PayoutOutcome.AccountFault("INVALID_CALLBACK_URL_HOST", "callback host not registered"));
        Move called = transitions.afterCallback(claimed(InstallmentState.PENDING, 1, 0, NOW),
                new PayoutOutcome.AccountFault("401", "token refused"), NOW, SETTINGS);
        assertThat(sent.referenceChange()).isNull();
        assertThat(called.referenceChange()).isNull();
    }

    @Test
    void aMismatchNeverConfirmsAndNamesBothValues() {
        Claimed claimed = claimed(InstallmentState.UNKNOWN, 1, 0, NOW);
        PayoutOutcome judged = PayoutCheck.check(claimed.request(), new PayoutOutcome.Confirmed("TRX9",
                new PayoutOutcome.Reported(1_000L, "BDT", null, null)));

        Move move = transitions.afterQuery(claimed, judged, NOW, SETTINGS);

        assertThat(move.to()).isEqualTo(InstallmentState.MANUAL_REVIEW);
        assertThat(move.failureCode()).isEqualTo("MISMATCH");
        assertThat(move.action()).isEqualTo(LedgerAction.PAYOUT_MISMATCH);
        assertThat(move.detail()).contains("BDT 2,500.00").contains("BDT 10.00").contains("TRX9");
    }

    @Test
    void anUnverifiablePayoutGoesToAPersonNeverToAResend() {
        Move move = transitions.afterQuery(claimed(InstallmentState.UNKNOWN, 1, 0, NOW),
                new PayoutOutcome.Unverifiable("check the merchant statement for invoice X"), NOW, SETTINGS);
        assertThat(move.to()).isEqualTo(InstallmentState.MANUAL_REVIEW);
        assertThat(move.failureCode()).isEqualTo("UNVERIFIABLE");
        assertThat(move.reason()).contains("merchant statement");
    }

    @Test
    void aReferenceTheProviderHoldsAsFailedIsReplacedDeterministicallyForTheNextAttempt() {
        Claimed claimed = claimed(InstallmentState.PENDING, 1, 0, NOW);
        var failed = new PayoutOutcome.Retryable("NOT_ENOUGH_FUNDS", "payer lacks funds", true);

        Move first = transitions.afterQuery(claimed, failed, NOW, SETTINGS);
        Move again = transitions.afterQuery(claimed, failed, NOW, SETTINGS);

        assertThat(first.to()).isEqualTo(InstallmentState.READY);
        assertThat(first.referenceChange()).isNotNull();
        assertThat(first.referenceChange().retired()).isEqualTo(claimed.request().reference());
        assertThat(first.referenceChange().next()).isNotEqualTo(claimed.request().reference())
                .isEqualTo(again.referenceChange().next());
        assertThat(first.referenceChange().next().version()).isEqualTo(5);
        assertThat(first.detail()).contains(first.referenceChange().next().toString());
    }

    @Test
    void aFailedStatusQueryIsNotAFailedPayout() {
        Move move = transitions.afterQuery(claimed(InstallmentState.PENDING, 1, 0, NOW),
                new PayoutOutcome.Retryable("HTTP_503", "status query refused"), NOW, SETTINGS);
        assertThat(move.to()).isEqualTo(InstallmentState.PENDING);
        assertThat(move.referenceChange()).isNull();
    }

    @Test
    void aConfirmationWithoutATransactionIdSaysWhy() {
        Move move = send(1, new PayoutOutcome.Confirmed(null, null, "settled from the merchant statement"));
        assertThat(move.to()).isEqualTo(InstallmentState.CONFIRMED);
        assertThat(move.detail()).contains("without a provider transaction id").contains("merchant statement");
    }
}
