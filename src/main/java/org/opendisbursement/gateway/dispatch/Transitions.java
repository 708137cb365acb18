package org.opendisbursement.gateway.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.installments.ProviderReference;

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
 *   <li>An answer that disagrees with the payout (a {@link PayoutOutcome.Mismatch}) and a payout the provider cannot
 *       tell about ({@link PayoutOutcome.Unverifiable}) go to MANUAL_REVIEW, never CONFIRMED and never resent.</li>
 *   <li>A fault of the provider account ({@link PayoutOutcome.AccountFault}) puts the payout back READY with its
 *       attempt given back; the provider is paused (by {@link ProviderCalls}), not the beneficiary.</li>
 *   <li>A reference the provider holds as failed for good is replaced, for the next attempt, by one derived from it
 *       and the attempt number.</li>
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
            return retryOrGiveUp(claimed, from, retryable, now, settings);
        } else if (outcome instanceof PayoutOutcome.Unknown unknown) {
            return new Move(id, from, InstallmentState.UNKNOWN, now.plus(settings.initialBackoff()), null, null,
                    unknown.reason(), "PAYOUT_UNKNOWN", "no certain answer; the provider will be asked: " + unknown.reason(), false);
        } else if (outcome instanceof PayoutOutcome.Duplicate duplicate) {
            return new Move(id, from, InstallmentState.UNKNOWN, now, null, null, duplicate.detail(),
                    "PAYOUT_DUPLICATE_REFERENCE", "the provider already has this reference; asking it: " + duplicate.detail(), false);
        } else if (outcome instanceof PayoutOutcome.NotFound notFound) {
            return retryOrGiveUp(claimed, from, new PayoutOutcome.Retryable("NOT_FOUND", notFound.detail()), now, settings);
        } else if (outcome instanceof PayoutOutcome.AccountFault fault) {
            return heldForProvider(claimed, from, fault, now);
        } else if (outcome instanceof PayoutOutcome.Unverifiable unverifiable) {
            return unverifiable(id, from, unverifiable);
        } else if (outcome instanceof PayoutOutcome.Mismatch mismatch) {
            return mismatch(id, from, mismatch);
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
            if (retryable.referenceSpent()) {
                // the provider says the payout failed for good under this reference, for a passing reason
                return retryOrGiveUp(claimed, from, retryable, now, settings);
            }
            return stillOpen(claimed, from, null, "status query failed: " + retryable.reason(), now, settings);
        } else if (outcome instanceof PayoutOutcome.Unknown unknown) {
            return stillOpen(claimed, from, null, "status query failed: " + unknown.reason(), now, settings);
        } else if (outcome instanceof PayoutOutcome.Duplicate duplicate) {
            return stillOpen(claimed, from, null, duplicate.detail(), now, settings);
        } else if (outcome instanceof PayoutOutcome.AccountFault fault && fault.referenceSpent()) {
            // the provider failed the payout for good under this reference, for the account's sake
            return heldForProvider(claimed, from, fault, now);
        } else if (outcome instanceof PayoutOutcome.AccountFault fault) {
            // the query could not be made for the account's sake: ask again once ops has resumed the provider
            return new Move(id, from, from, now.plus(settings.initialBackoff()), null, fault.code(), null,
                    "PAYOUT_STILL_OPEN", "status query refused for the provider account: " + fault.reason(), false);
        } else if (outcome instanceof PayoutOutcome.Unverifiable unverifiable) {
            return unverifiable(id, from, unverifiable);
        } else if (outcome instanceof PayoutOutcome.Mismatch mismatch) {
            return mismatch(id, from, mismatch);
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
            return retryOrGiveUp(claimed, from, retryable, now, settings);
        } else if (outcome instanceof PayoutOutcome.AccountFault fault) {
            return heldForProvider(claimed, from, fault, now);
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

    private Move retryOrGiveUp(Claimed claimed, InstallmentState from, PayoutOutcome.Retryable retryable, Instant now,
                               ProviderSettings settings) {
        long id = claimed.installmentId();
        int attempts = claimed.attempts();
        String code = retryable.code();
        String reason = retryable.reason();
        if (attempts >= settings.maxAttempts()) {
            return new Move(id, from, InstallmentState.FAILED, null, null, code,
                    "gave up after " + attempts + " attempts: " + reason, "PAYOUT_FAILED", reason, false);
        }
        String detail = "attempt " + attempts + " failed (" + code + "): " + reason;
        Move.ReferenceChange change = null;
        if (retryable.referenceSpent() && claimed.request().reference() != null) {
            UUID retired = claimed.request().reference();
            UUID next = ProviderReference.forAttempt(retired, attempts + 1);
            change = new Move.ReferenceChange(retired, next, attempts + 1);
            detail += "; the provider holds reference " + retired + " as failed, attempt " + (attempts + 1)
                    + " goes under reference " + next;
        }
        Duration delay = backoff(settings, attempts);
        if (retryable.notBefore() != null && retryable.notBefore().compareTo(delay) > 0) {
            delay = retryable.notBefore();  // the provider asked for this spacing (bKash 2029)
        }
        return new Move(id, from, InstallmentState.READY, now.plus(delay), null, code, reason,
                "PAYOUT_RETRY_SCHEDULED", detail, Move.Attempts.KEEP, change);
    }

    /**
     * Not executed for the provider account's sake: back to READY, the attempt given back (the provider is paused).
     * When the provider holds the reference as failed for good ({@link PayoutOutcome.AccountFault#referenceSpent()}),
     * the next attempt — the same attempt number, since this one is given back — goes under a reference derived from it.
     */
    private static Move heldForProvider(Claimed claimed, InstallmentState from, PayoutOutcome.AccountFault fault,
                                        Instant now) {
        String detail = "not paid: the provider account is at fault (" + fault.code() + "): " + fault.reason()
                + "; the provider is paused and this payout waits without spending an attempt";
        Move.ReferenceChange change = null;
        if (fault.referenceSpent() && claimed.request() != null && claimed.request().reference() != null) {
            UUID retired = claimed.request().reference();
            int next = Math.max(1, claimed.attempts());
            change = new Move.ReferenceChange(retired, ProviderReference.forAttempt(retired, next), next);
            detail += "; the provider holds reference " + retired + " as failed, attempt " + next
                    + " goes under reference " + change.next();
        }
        return new Move(claimed.installmentId(), from, InstallmentState.READY, now, null, fault.code(), fault.reason(),
                "PAYOUT_HELD_PROVIDER_FAULT", detail, Move.Attempts.REFUND, change);
    }

    private static Move unverifiable(long id, InstallmentState from, PayoutOutcome.Unverifiable unverifiable) {
        return new Move(id, from, InstallmentState.MANUAL_REVIEW, null, null, "UNVERIFIABLE", unverifiable.reason(),
                "PAYOUT_MANUAL_REVIEW", unverifiable.reason(), false);
    }

    private static Move mismatch(long id, InstallmentState from, PayoutOutcome.Mismatch mismatch) {
        String detail = "the provider's " + mismatch.claimed() + " answer disagrees with the payout, so it is not"
                + " believed: " + mismatch.explain()
                + (mismatch.providerTransactionId() == null ? "" : " (provider transaction " + mismatch.providerTransactionId() + ")");
        return new Move(id, from, InstallmentState.MANUAL_REVIEW, null, mismatch.providerTransactionId(), "MISMATCH",
                detail, "PAYOUT_MISMATCH", detail, false);
    }

    private static Move confirmed(long id, InstallmentState from, PayoutOutcome.Confirmed confirmed) {
        return new Move(id, from, InstallmentState.CONFIRMED, null, confirmed.providerTransactionId(), null, null,
                "PAYOUT_CONFIRMED", confirmed.providerTransactionId() == null
                ? "confirmed without a provider transaction id: " + confirmed.withoutIdBecause()
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
