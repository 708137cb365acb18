package org.opendisbursement.mock;

import java.time.Instant;

/**
 * One payout that moved money at the mock. There is at most one per (provider, reference).
 *
 * @param amount                the amount exactly as the client sent it
 * @param wallet                the receiving wallet exactly as the client sent it (test data only)
 * @param providerTransactionId the provider's id (bKash trxID, Nagad rechargeId, M-Pesa TransactionID,
 *                              MTN financialTransactionId)
 */
public record ExecutedPayout(
        String provider,
        String reference,
        String amount,
        String currency,
        String wallet,
        String providerTransactionId,
        Instant executedAt) {
}
