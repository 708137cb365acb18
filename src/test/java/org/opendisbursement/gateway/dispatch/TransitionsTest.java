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
        assertThat(move.action()).isEqualTo("PAYOUT_UNKNOWN");
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
}
