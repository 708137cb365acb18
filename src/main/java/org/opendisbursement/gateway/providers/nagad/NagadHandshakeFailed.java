package org.opendisbursement.gateway.providers.nagad;

import org.opendisbursement.gateway.dispatch.PayoutOutcome;

/**
 * No session could be opened (Nagad unreachable or refusing, keys unusable, answer not signed by Nagad). No payout
 * was sent, so the outcome is always {@link PayoutOutcome.Retryable}.
 */
final class NagadHandshakeFailed extends Exception {

    private final transient PayoutOutcome.Retryable outcome;

    NagadHandshakeFailed(String code, String reason) {
        super(code + ": " + reason, null, false, false);
        this.outcome = new PayoutOutcome.Retryable(code, reason);
    }

    PayoutOutcome.Retryable outcome() {
        return outcome;
    }
}
