package org.opendisbursement.gateway.dispatch;

import java.util.UUID;

/**
 * One payout as an adapter sees it: the installment's fixed provider reference (the same on every send, retry and
 * status query), the wallet in E.164 ({@code +8801712345678}), the amount in minor units of its currency, and the
 * provider's own transaction id once one is known (else null), the attempt number, and the beneficiary's national
 * ID when the list gave one (for providers that check the wallet's owner, e.g. M-Pesa's {@code IDNumber}; never
 * logged).
 */
public record PayoutRequest(long installmentId, UUID reference, String walletE164, long amountMinor, String currency,
                            String providerTransactionId, int attempt, String nationalId) {

    public PayoutRequest(long installmentId, UUID reference, String walletE164, long amountMinor, String currency,
                         String providerTransactionId, int attempt) {
        this(installmentId, reference, walletE164, amountMinor, currency, providerTransactionId, attempt, null);
    }

    @Override
    public String toString() {
        return "PayoutRequest[installment=" + installmentId + ", reference=" + reference + ", amountMinor=" + amountMinor
                + " " + currency + ", attempt=" + attempt + "]";
    }
}
