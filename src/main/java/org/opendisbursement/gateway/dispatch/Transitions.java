package org.opendisbursement.gateway.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;
import org.opendisbursement.gateway.installments.InstallmentState;

/**
 * The payout state machine, as pure decisions: from where an installment stands and what its provider said, the
 * one {@link Move} to make. Nothing here talks to a provider or the database.
 *
 * <ul>
 *   <li>Unknown and duplicate answers never lead to a resend: the installment goes to UNKNOWN and is queried.</li>
 *   <li>Only a query answering "no such transaction" sends the same reference again.</li>
 *   <li>Retryable failures come back READY after an exponential back-off with jitter, until the provider's
 *       maximum attempts, then FAILED.</li>
 *   <li>Pending (or unanswerable) payouts are polled with back-off until the provider's pending deadline, then go to
 *       MANUAL_REVIEW with the reason.</li>
 * </ul>
 */
public final class Transitions {

    private final RandomGenerator random;

    public Transitions(RandomGenerator random) {
        this.random = random;
    }

    /** After a payout call, from SUBMITTED. */
    public Move afterSend(Claimed claimed, PayoutOutcome outcome, Instant now, ProviderSettings settings) {
        long id = claimed.installmentId();
        InstallmentState from = InstallmentState.SUBMITTED;
        if (outcome instanceof PayoutOutcome.Confirmed confirmed) {
            return confirmed(id, from, confirmed);
        } else if (outcome instanceof PayoutOutcome.Pending pending) {
            return new Move(id, from, InstallmentState.PENDING, now.plus(poll(settings, 0)), pending.providerTransactionId(),
                    null, null, "PAYOUT_PENDING", pending.detail(), false);
        } else if (outcome instanceof PayoutOutcome.Rejected rejected) {
            return rejected(id, from, rejected);
        } else if (outcome instanceof PayoutOutcome.Retryable retryable) {
            return retryOrGiveUp(id, from, claimed.attempts(), retryable.code(), retryable.reason(), now, settings);
        } else if (outcome instanceof PayoutOutcome.Unknown unknown) {
            return new Move(id, from, InstallmentState.UNKNOWN, now.plus(settings.initialBackoff()), null, null,
                    unknown.reason(), "PAYOUT_UNKNOWN", "no certain answer; the provider will be asked: " + unknown.reason(), false);
        } else if (outcome instanceof PayoutOutcome.Duplicate duplicate) {
            return new Move(id, from, InstallmentState.UNKNOWN, now, null, null, duplicate.detail(),
                    "PAYOUT_DUPLICATE_REFERENCE", "the provider already has this reference; asking it: " + duplicate.detail(), false);
        } else if (outcome instanceof PayoutOutcome.NotFound notFound) {
            return retryOrGiveUp(id, from, claimed.attempts(), "NOT_FOUND", notFound.detail(), now, settings);
        }
        throw new IllegalStateException("unknown outcome " + outcome);
    }

    /** After a status query, from SUBMITTED (left by a crash), UNKNOWN or PENDING. */
    public Move afterQuery(Claimed claimed, PayoutOutcome outcome, Instant now, ProviderSettings settings) {
        long id = claimed.installmentId();
        InstallmentState from = claimed.state();
        if (outcome instanceof PayoutOutcome.Confirmed confirmed) {
            return confirmed(id, from, confirmed);
        } else if (outcome instanceof PayoutOutcome.Rejected rejected) {
            return rejected(id, from, rejected);
        } else if (outcome instanceof PayoutOutcome.NotFound notFound) {
            if (claimed.attempts() >= settings.maxAttempts()) {
                return new Move(id, from, InstallmentState.FAILED, null, null, "NOT_RECEIVED",
                        "the provider never received it in " + claimed.attempts() + " attempts",
                        "PAYOUT_FAILED", notFound.detail(), false);
            }
            return new Move(id, from, InstallmentState.READY, now, null, null, notFound.detail(),
                    "PAYOUT_NOT_RECEIVED", "the provider has no such payout; it will be sent again under the same reference", false);
        } else if (outcome instanceof PayoutOutcome.Pending pending) {
            InstallmentState to = InstallmentState.PENDING;
            return stillOpen(claimed, to, pending.providerTransactionId(), pending.detail(), now, settings);
        } else if (outcome instanceof PayoutOutcome.Retryable retryable) {
            return stillOpen(claimed, from, null, "status query failed: " + retryable.reason(), now, settings);
        } else if (outcome instanceof PayoutOutcome.Unknown unknown) {
            return stillOpen(claimed, from, null, "status query failed: " + unknown.reason(), now, settings);
        } else if (outcome instanceof PayoutOutcome.Duplicate duplicate) {
            return stillOpen(claimed, from, null, duplicate.detail(), now, settings);
        }
        throw new IllegalStateException("unknown outcome " + outcome);
    }

    /**
     * After a provider's callback about an installment standing in {@code from} (not final). A callback reports
     * the payout itself, so a retryable result means it was not executed.
     */
    public Move afterCallback(Claimed claimed, PayoutOutcome outcome, Instant now, ProviderSettings settings) {
        long id = claimed.installmentId();
        InstallmentState from = claimed.state();
        if (outcome instanceof PayoutOutcome.Retryable retryable) {
            return retryOrGiveUp(id, from, claimed.attempts(), retryable.code(), retryable.reason(), now, settings);
        } else if (outcome instanceof PayoutOutcome.Unknown unknown) {
            return new Move(id, from, InstallmentState.UNKNOWN, now.plus(settings.initialBackoff()), null, null,
                    unknown.reason(), "PAYOUT_UNKNOWN", unknown.reason(), false);
        }
        return afterQuery(claimed, outcome, now, settings);
    }

    private Move stillOpen(Claimed claimed, InstallmentState to, String transactionId, String detail, Instant now,
                           ProviderSettings settings) {
        Instant since = claimed.submittedAt() == null ? now : claimed.submittedAt();
        if (now.isAfter(since.plus(settings.pendingDeadline()))) {
            return new Move(claimed.installmentId(), claimed.state(), InstallmentState.MANUAL_REVIEW, null, transactionId,
                    "DEADLINE", "no final answer from the provider within " + settings.pendingDeadline() + ": " + detail,
                    "PAYOUT_MANUAL_REVIEW", detail, false);
        }
        String action = to == claimed.state() ? "PAYOUT_STILL_OPEN" : "PAYOUT_PENDING";
        return new Move(claimed.installmentId(), claimed.state(), to, now.plus(poll(settings, claimed.checks() + 1)),
                transactionId, null, null, action, detail, false);
    }

    private Move retryOrGiveUp(long id, InstallmentState from, int attempts, String code, String reason, Instant now,
                               ProviderSettings settings) {
        if (attempts >= settings.maxAttempts()) {
            return new Move(id, from, InstallmentState.FAILED, null, null, code,
                    "gave up after " + attempts + " attempts: " + reason, "PAYOUT_FAILED", reason, false);
        }
        return new Move(id, from, InstallmentState.READY, now.plus(backoff(settings, attempts)), null, code, reason,
                "PAYOUT_RETRY_SCHEDULED", "attempt " + attempts + " failed (" + code + "): " + reason, false);
    }

    private static Move confirmed(long id, InstallmentState from, PayoutOutcome.Confirmed confirmed) {
        return new Move(id, from, InstallmentState.CONFIRMED, null, confirmed.providerTransactionId(), null, null,
                "PAYOUT_CONFIRMED", confirmed.providerTransactionId() == null ? "confirmed by the provider"
                : "provider transaction " + confirmed.providerTransactionId(), false);
    }

    private static Move rejected(long id, InstallmentState from, PayoutOutcome.Rejected rejected) {
        return new Move(id, from, InstallmentState.FAILED, null, null, rejected.code(), rejected.reason(),
                "PAYOUT_REJECTED", rejected.code() + ": " + rejected.reason(), false);
    }

    /** Exponential back-off with full jitter in its upper half: [d/2, d], d = initial × 2^(attempt−1), capped. */
    Duration backoff(ProviderSettings settings, int attempt) {
        Duration ceiling = exponential(settings, Math.max(0, attempt - 1));
        long half = ceiling.toMillis() / 2;
        return Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
    }

    private static Duration poll(ProviderSettings settings, int checks) {
        return exponential(settings, checks);
    }

    private static Duration exponential(ProviderSettings settings, int doublings) {
        Duration delay = settings.initialBackoff();
        for (int i = 0; i < doublings && delay.compareTo(settings.maxBackoff()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : delay;
    }
}
