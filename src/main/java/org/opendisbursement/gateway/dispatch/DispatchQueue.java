package org.opendisbursement.gateway.dispatch;

import java.time.Instant;
import java.util.List;
import org.opendisbursement.gateway.installments.InstallmentQueue;
import org.springframework.stereotype.Component;

/**
 * Dispatch's view of {@link InstallmentQueue} (which owns the SQL): installments taken for one provider call, as the
 * {@link Claimed} payouts the adapters and {@link Transitions} work with.
 */
@Component
class DispatchQueue {

    private final InstallmentQueue installments;

    DispatchQueue(InstallmentQueue installments) {
        this.installments = installments;
    }

    /** READY → SUBMITTED for up to {@code limit} installments; a status query is due at {@code checkAt} should no answer be recorded. */
    public List<Claimed> claimReady(String provider, String channel, int limit, Instant now, Instant checkAt) {
        return installments.claimReady(provider, channel, limit, now, checkAt).stream()
                .map(taken -> claimed(provider, taken)).toList();
    }

    /**
     * Leases up to {@code limit} installments awaiting an answer until {@code leaseUntil}, for a status query; never one
     * of {@code underway} (its payout call is still under way in this instance).
     */
    public List<Claimed> claimAwaiting(String provider, String channel, int limit, Instant now, Instant leaseUntil,
                                       Long[] underway) {
        return installments.leaseAwaiting(channel, limit, now, leaseUntil, underway).stream()
                .map(taken -> claimed(provider, taken)).toList();
    }

    private static Claimed claimed(String provider, InstallmentQueue.Taken t) {
        var request = new PayoutRequest(t.id(), t.reference(), t.walletNumber(), t.amountMinor(), t.currency(),
                t.providerTransactionId(), t.attempts(), t.nationalId());
        return new Claimed(provider, t.state(), t.attempts(), t.checks(), t.submittedAt(), request);
    }
}
