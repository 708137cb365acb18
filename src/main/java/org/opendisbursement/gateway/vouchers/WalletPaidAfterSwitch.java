package org.opendisbursement.gateway.vouchers;

import java.time.Clock;
import org.opendisbursement.gateway.dispatch.PaidAfterSwitch;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A wallet payout switched to cash was paid by its provider after all: the cash voucher, if nobody has redeemed it, is
 * cancelled and the installment recorded paid by the wallet, in the callback's transaction. A voucher already redeemed
 * stays as it is: the PAYOUT_PAID_AFTER_SWITCH flag in the ledger is what finance recovers the second payment from.
 */
@Component
class WalletPaidAfterSwitch {

    private final VoucherLifecycle vouchers;
    private final Clock clock;

    WalletPaidAfterSwitch(VoucherLifecycle vouchers, Clock clock) {
        this.vouchers = vouchers;
        this.clock = clock;
    }

    @EventListener
    void paidByWallet(PaidAfterSwitch paid) {
        vouchers.settleByWallet(paid, clock.instant());
    }
}
