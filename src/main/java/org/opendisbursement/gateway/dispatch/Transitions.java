package org.opendisbursement.gateway.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.installments.Move;
import org.opendisbursement.gateway.installments.ProviderReference;
import org.opendisbursement.gateway.ledger.LedgerAction;

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
            return Move.of(id)
                    .from(from).to(InstallmentState.PENDING).nextAttemptAt(now.plus(poll(settings, 0)))
                    .transaction(pending.providerTransactionId()).action(LedgerAction.PAYOUT_PENDING).detail(pending.detail())
                    .build();
        } else if (outcome instanceof PayoutOutcome.Rejected rejected) {
            return rejected(id, from, rejected);
        } else if (outcome instanceof PayoutOutcome.Retryable retryable) {
            return retryOrGiveUp(claimed, from, retryable, now, settings);
        } else if (outcome instanceof PayoutOutcome.Unknown unknown) {
            return Move.of(id)
                    .from(from).to(InstallmentState.UNKNOWN).nextAttemptAt(now.plus(settings.initialBackoff()))
                    .reason(unknown.reason()).action(LedgerAction.PAYOUT_UNKNOWN)
                    .detail("no certain answer; the provider will be asked: " + unknown.reason()).build();
        } else if (outcome instanceof PayoutOutcome.Duplicate duplicate) {
            return Move.of(id)
                    .from(from).to(InstallmentState.UNKNOWN).nextAttemptAt(now).reason(duplicate.detail())
                    .action(LedgerAction.PAYOUT_DUPLICATE_REFERENCE)
                    .detail("the provider already has this reference; asking it: " + duplicate.detail()).build();
        } else if (outcome instanceof PayoutOutcome.NotFound notFound) {
            return retryOrGiveUp(claimed, from, new PayoutOutcome.Retryable("NOT_FOUND", notFound.detail()), now,
                    settings);
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
                return Move.of(id)
                        .from(from).to(InstallmentState.FAILED).failureCode("NOT_RECEIVED")
                        .reason("the provider never received it in " + claimed.attempts() + " attempts")
                        .action(LedgerAction.PAYOUT_FAILED).detail(notFound.detail()).build();
            }
            return Move.of(id)
                    .from(from).to(InstallmentState.READY).nextAttemptAt(now).reason(notFound.detail())
                    .action(LedgerAction.PAYOUT_NOT_RECEIVED)
                    .detail("the provider has no such payout; it will be sent again under the same reference").build();
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
            return Move.of(id)
                    .from(from).to(from).nextAttemptAt(now.plus(settings.initialBackoff())).failureCode(fault.code())
                    .action(LedgerAction.PAYOUT_STILL_OPEN)
                    .detail("status query refused for the provider account: " + fault.reason()).build();
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
            return Move.of(id)
                    .from(from).to(InstallmentState.UNKNOWN).nextAttemptAt(now.plus(settings.initialBackoff()))
                    .reason(unknown.reason()).action(LedgerAction.PAYOUT_UNKNOWN).detail(unknown.reason()).build();
        }
        return afterQuery(claimed, outcome, now, settings);
    }

    private Move stillOpen(Claimed claimed, InstallmentState to, String transactionId, String detail, Instant now,
                           ProviderSettings settings) {
        Instant since = claimed.submittedAt() == null ? now : claimed.submittedAt();
        if (now.isAfter(since.plus(settings.pendingDeadline()))) {
            return Move.of(claimed.installmentId())
                    .from(claimed.state()).to(InstallmentState.MANUAL_REVIEW).transaction(transactionId)
                    .failureCode("DEADLINE")
                    .reason("no final answer from the provider within " + settings.pendingDeadline() + ": " + detail)
                    .action(LedgerAction.PAYOUT_MANUAL_REVIEW).detail(detail).build();
        }
        LedgerAction action = to == claimed.state() ? LedgerAction.PAYOUT_STILL_OPEN : LedgerAction.PAYOUT_PENDING;
        return Move.of(claimed.installmentId())
                .from(claimed.state()).to(to).nextAttemptAt(now.plus(poll(settings, claimed.checks() + 1)))
                .transaction(transactionId).action(action).detail(detail).build();
    }

    private Move retryOrGiveUp(Claimed claimed, InstallmentState from, PayoutOutcome.Retryable retryable, Instant now,
                               ProviderSettings settings) {
        long id = claimed.installmentId();
        int attempts = claimed.attempts();
        String code = retryable.code();
        String reason = retryable.reason();
        if (attempts >= settings.maxAttempts()) {
            return Move.of(id)
                    .from(from).to(InstallmentState.FAILED).failureCode(code)
                    .reason("gave up after " + attempts + " attempts: " + reason).action(LedgerAction.PAYOUT_FAILED)
                    .detail(reason).build();
        }
        Move.ReferenceChange change = retryable.referenceSpent() ? newReference(claimed, attempts + 1) : null;
        String detail = "attempt " + attempts + " failed (" + code + "): " + reason + described(change);
        Duration delay = backoff(settings, attempts);
        if (retryable.notBefore() != null && retryable.notBefore().compareTo(delay) > 0) {
            delay = retryable.notBefore();  // the provider asked for this spacing (bKash 2029)
        }
        return Move.of(id)
                .from(from).to(InstallmentState.READY).nextAttemptAt(now.plus(delay)).failureCode(code).reason(reason)
                .action(LedgerAction.PAYOUT_RETRY_SCHEDULED).detail(detail).referenceChange(change).build();
    }

    /**
     * Not executed for the provider account's sake: back to READY, the attempt given back (the provider is paused).
     * When the provider holds the reference as failed for good ({@link PayoutOutcome.AccountFault#referenceSpent()}),
     * the next attempt — the same attempt number, since this one is given back — goes under a reference derived from it.
     */
    private static Move heldForProvider(Claimed claimed, InstallmentState from, PayoutOutcome.AccountFault fault,
                                        Instant now) {
        Move.ReferenceChange change = fault.referenceSpent()
                ? newReference(claimed, Math.max(1, claimed.attempts())) : null;
        String detail = "not paid: the provider account is at fault (" + fault.code() + "): " + fault.reason()
                + "; the provider is paused and this payout waits without spending an attempt" + described(change);
        return Move.of(claimed.installmentId())
                .from(from).to(InstallmentState.READY).nextAttemptAt(now).failureCode(fault.code())
                .reason(fault.reason()).action(LedgerAction.PAYOUT_HELD_PROVIDER_FAULT).detail(detail)
                .attempts(Move.Attempts.REFUND).referenceChange(change).build();
    }

    /** The reference attempt {@code attempt} goes under once the provider holds the current one as failed for good. */
    private static Move.ReferenceChange newReference(Claimed claimed, int attempt) {
        UUID retired = claimed.request() == null ? null : claimed.request().reference();
        return retired == null ? null
                : new Move.ReferenceChange(retired, ProviderReference.forAttempt(retired, attempt), attempt);
    }

    private static String described(Move.ReferenceChange change) {
        return change == null ? "" : "; the provider holds reference " + change.retired() + " as failed, attempt "
                + change.fromAttempt() + " goes under reference " + change.next();
    }

    private static Move unverifiable(long id, InstallmentState from, PayoutOutcome.Unverifiable unverifiable) {
        return Move.of(id)
                .from(from).to(InstallmentState.MANUAL_REVIEW).failureCode("UNVERIFIABLE")
                .reason(unverifiable.reason()).action(LedgerAction.PAYOUT_MANUAL_REVIEW).detail(unverifiable.reason()).build();
    }

    private static Move mismatch(long id, InstallmentState from, PayoutOutcome.Mismatch mismatch) {
        String detail = "the provider's " + mismatch.claimed() + " answer disagrees with the payout, so it is not"
                + " believed: " + mismatch.explain()
                + (mismatch.providerTransactionId() == null ? ""
                        : " (provider transaction " + mismatch.providerTransactionId() + ")");
        return Move.of(id)
                .from(from).to(InstallmentState.MANUAL_REVIEW).transaction(mismatch.providerTransactionId())
                .failureCode("MISMATCH").reason(detail).action(LedgerAction.PAYOUT_MISMATCH).detail(detail).build();
    }

    private static Move confirmed(long id, InstallmentState from, PayoutOutcome.Confirmed confirmed) {
        return Move.of(id)
                .from(from).to(InstallmentState.CONFIRMED).transaction(confirmed.providerTransactionId())
                .action(LedgerAction.PAYOUT_CONFIRMED)
                .detail(confirmed.providerTransactionId() == null
                        ? "confirmed without a provider transaction id: " + confirmed.withoutIdBecause()
                        : "provider transaction " + confirmed.providerTransactionId())
                .build();
    }

    private static Move rejected(long id, InstallmentState from, PayoutOutcome.Rejected rejected) {
        return Move.of(id)
                .from(from).to(InstallmentState.FAILED).failureCode(rejected.code()).reason(rejected.reason())
                .action(LedgerAction.PAYOUT_REJECTED).detail(rejected.code() + ": " + rejected.reason()).build();
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
