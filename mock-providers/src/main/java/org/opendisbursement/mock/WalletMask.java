package org.opendisbursement.mock;

/** Masks wallet numbers for log lines: only the last three digits stay readable. */
public final class WalletMask {

    private static final int VISIBLE = 3;

    private WalletMask() {
    }

    public static String mask(String wallet) {
        if (wallet == null || wallet.isEmpty()) {
            return "<none>";
        }
        if (wallet.length() <= VISIBLE) {
            return "*".repeat(wallet.length());
        }
        return "*".repeat(wallet.length() - VISIBLE) + wallet.substring(wallet.length() - VISIBLE);
    }
}
