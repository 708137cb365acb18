package org.opendisbursement.gateway.console;

import java.time.Instant;

/**
 * One payment that needs a person's eye (failed, in manual review, waiting for a retry), with whom it is for and the
 * provider's code and reason in plain words. The wallet number is already masked.
 */
record Payout(long installmentId, long listId, String programme, String beneficiaryId, String fullName, String location,
              int number, long amountMinor, String currency, String channel, String maskedWallet, String state,
              int attempts, String failureCode, String reason, Instant updatedAt, Instant nextAttemptAt) {

    public boolean wallet() {
        return !"CASH".equals(channel);
    }
}
