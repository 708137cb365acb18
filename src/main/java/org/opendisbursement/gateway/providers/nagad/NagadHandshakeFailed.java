package org.opendisbursement.gateway.providers.nagad;

import org.opendisbursement.gateway.dispatch.PayoutOutcome;

/**
 * No session could be opened. No payout was sent, so the outcome is {@link PayoutOutcome.Retryable} (Nagad out of
 * reach, busy, a session-level refusal) or {@link PayoutOutcome.AccountFault} (the gateway's keys, ids or settings are
 * wrong, or the merchant account is refused: every payout would fail the same way).
 */
final class NagadHandshakeFailed extends Exception {

    private final transient PayoutOutcome outcome;

    private NagadHandshakeFailed(String code, String reason, PayoutOutcome outcome) {
        super(code + ": " + reason, null, false, false);
        this.outcome = outcome;
    }

    static NagadHandshakeFailed retryable(String code, String reason) {
        return new NagadHandshakeFailed(code, reason, new PayoutOutcome.Retryable(code, reason));
    }

    static NagadHandshakeFailed accountFault(String code, String reason) {
        return new NagadHandshakeFailed(code, reason, new PayoutOutcome.AccountFault(code, reason));
    }

    PayoutOutcome outcome() {
        return outcome;
    }

    /** The code of the outcome (Retryable's or AccountFault's). */
    String code() {
        return outcome instanceof PayoutOutcome.AccountFault fault ? fault.code()
                : ((PayoutOutcome.Retryable) outcome).code();
    }
}
