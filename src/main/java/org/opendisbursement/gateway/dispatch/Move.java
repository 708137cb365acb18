package org.opendisbursement.gateway.dispatch;

import java.time.Instant;
import org.opendisbursement.gateway.installments.InstallmentState;

/**
 * One decided change of an installment: applied only if it still stands in {@code from}, together with its ledger
 * entry (none when {@code from == to}: only the next attempt time changes).
 *
 * @param nextAttemptAt when dispatch looks at it again (a retry, a status query), or null when final
 * @param resetAttempts start counting attempts afresh (a person asked for a retry)
 */
public record Move(long installmentId, InstallmentState from, InstallmentState to, Instant nextAttemptAt,
                   String providerTransactionId, String failureCode, String reason, String action, String detail,
                   boolean resetAttempts) {

    public boolean changesState() {
        return from != to;
    }
}
