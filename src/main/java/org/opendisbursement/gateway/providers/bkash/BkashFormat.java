package org.opendisbursement.gateway.providers.bkash;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.regex.Pattern;

/**
 * Turns the gateway's wallet and amount into bKash's forms: the 11-digit local number {@code 01XXXXXXXXX} and the
 * amount in taka as a decimal string with two places ({@code 250000} minor units → {@code "2500.00"}).
 */
final class BkashFormat {

    private static final Pattern E164_BD = Pattern.compile("\\+8801[3-9]\\d{8}");
    private static final Pattern LONG_DIGITS = Pattern.compile("\\d{6,}");

    private BkashFormat() {
    }

    /** {@code +8801712345678} → {@code 01712345678}; null when the number is not a Bangladeshi mobile number. */
    static String msisdn(String walletE164) {
        if (walletE164 == null || !E164_BD.matcher(walletE164).matches()) {
            return null;
        }
        return walletE164.substring(3);
    }

    /** Minor units → bKash's decimal string; null when the amount is not positive or the currency not BDT. */
    static String amount(long amountMinor, String currency) {
        if (amountMinor <= 0 || currency == null || !"BDT".equals(currency.strip())) {
            return null;
        }
        int digits = Math.max(0, Currency.getInstance("BDT").getDefaultFractionDigits());
        return BigDecimal.valueOf(amountMinor).movePointLeft(digits).setScale(digits).toPlainString();
    }

    /** A provider message made safe for logs and reasons: long digit runs (a wallet, an account) masked, capped. */
    static String safe(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        String masked = LONG_DIGITS.matcher(message.strip()).replaceAll("***");
        return masked.length() > 160 ? masked.substring(0, 160) + "…" : masked;
    }
}
