package org.opendisbursement.gateway.intake;

import java.util.Locale;
import java.util.Optional;

/** How a beneficiary is paid: into one provider's mobile wallet, or by hand against a voucher. */
public enum Channel {
    BKASH, NAGAD, MPESA, MTN, CASH;

    public boolean paysIntoWallet() {
        return this != CASH;
    }

    static Optional<Channel> parse(String text) {
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
