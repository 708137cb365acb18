package org.opendisbursement.gateway.dispatch;

import java.util.UUID;

/**
 * Published, inside the callback's transaction, when a provider reports paid a wallet payout that was switched to
 * cash: the cash side (vouchers) cancels the voucher if nobody has redeemed it yet, so it is paid once.
 */
public record PaidAfterSwitch(long installmentId, String provider, UUID reference, String providerTransactionId,
                              String actor) {
}
