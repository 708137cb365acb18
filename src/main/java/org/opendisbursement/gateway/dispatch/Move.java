package org.opendisbursement.gateway.dispatch;

import java.time.Instant;
import java.util.UUID;
import org.opendisbursement.gateway.installments.InstallmentState;

/**
 * One decided change of an installment: applied only if it still stands in {@code from}, together with its ledger
 * entry (none when {@code from == to}: only the next attempt time changes).
 *
 * @param nextAttemptAt   when dispatch looks at it again (a retry, a status query), or null when final
 * @param attempts        what becomes of the attempt count: kept, reset (a person asked for a retry) or refunded
 *                        (the attempt was not the beneficiary's: the provider's account was at fault)
 * @param referenceChange the reference the next attempt goes under, when the provider holds the current one as
 *                        failed for good; null to keep it
 */
public record Move(long installmentId, InstallmentState from, InstallmentState to, Instant nextAttemptAt,
                   String providerTransactionId, String failureCode, String reason, String action, String detail,
                   Attempts attempts, ReferenceChange referenceChange) {

    /** What a move does to the installment's attempt count. */
    public enum Attempts { KEEP, RESET, REFUND }

    /** The installment leaves {@code retired} for good and is sent under {@code next} from now on. */
    public record ReferenceChange(UUID retired, UUID next, int fromAttempt) {
    }

    public Move {
        attempts = attempts == null ? Attempts.KEEP : attempts;
    }

    public Move(long installmentId, InstallmentState from, InstallmentState to, Instant nextAttemptAt,
                String providerTransactionId, String failureCode, String reason, String action, String detail,
                boolean resetAttempts) {
        this(installmentId, from, to, nextAttemptAt, providerTransactionId, failureCode, reason, action, detail,
                resetAttempts ? Attempts.RESET : Attempts.KEEP, null);
    }

    public boolean changesState() {
        return from != to;
    }
}
