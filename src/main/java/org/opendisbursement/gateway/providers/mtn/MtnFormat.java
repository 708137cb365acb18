package org.opendisbursement.gateway.providers.mtn;

import java.util.Currency;
import java.util.regex.Pattern;
import org.opendisbursement.gateway.money.Money;
import org.opendisbursement.gateway.system.Mask;

/**
 * Turns the gateway's wallet and amount into MTN MoMo's forms: the MSISDN as digits with the country code and no
 * {@code +} ({@code +46733123450} → {@code 46733123450}), the amount as a decimal string with the currency's digits
 * ({@code 1500} EUR cents → {@code "15.00"}, {@code 500000} UGX → {@code "500000"}).
 */
final class MtnFormat {

    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{5,14}");

    private MtnFormat() {
    }

    /** The MSISDN, or null when the wallet is not an E.164 number. */
    static String msisdn(String walletE164) {
        if (walletE164 == null || !E164.matcher(walletE164).matches()) {
            return null;
        }
        return walletE164.substring(1);
    }

    /** Minor units → MTN's decimal string; null when the amount is not positive or the currency not ISO 4217. */
    static String amount(long amountMinor, String currency) {
        if (amountMinor <= 0 || currency == null) {
            return null;
        }
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(currency.strip()).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            return null;
        }
        return Money.ofMinor(amountMinor, currency.strip()).plainMajor();
    }

    /** A provider message made safe for logs and reasons: long digit runs (a wallet, an account) masked, capped. */
    static String safe(String message) {
        return Mask.providerMessage(message);
    }
}
