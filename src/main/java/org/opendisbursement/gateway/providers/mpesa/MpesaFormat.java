package org.opendisbursement.gateway.providers.mpesa;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.regex.Pattern;

/**
 * Turns the gateway's wallet (E.164) and amount (minor units) into what Daraja B2C takes: {@code PartyB} as 12 digits
 * without "+" ({@code 2547XXXXXXXX} or {@code 2541XXXXXXXX}) and {@code Amount} in whole Kenyan shillings. KES has two
 * decimals in ISO 4217, but M-Pesa pays whole shillings only, so an amount with cents is refused, never rounded.
 */
final class MpesaFormat {

    static final String CURRENCY = "KES";

    private static final Pattern KENYAN_MOBILE = Pattern.compile("\\+254[17]\\d{8}");

    private MpesaFormat() {
    }

    /** {@code +254708374149} → {@code 254708374149}; null when the wallet is not a Kenyan mobile number. */
    static String partyB(String walletE164) {
        if (walletE164 == null) {
            return null;
        }
        String wallet = walletE164.strip();
        return KENYAN_MOBILE.matcher(wallet).matches() ? wallet.substring(1) : null;
    }

    /** Minor units of {@code currency} → whole shillings; null when that is not a positive whole number of KES. */
    static Long wholeShillings(long amountMinor, String currency) {
        if (!CURRENCY.equals(currency) || amountMinor <= 0) {
            return null;
        }
        BigDecimal shillings = BigDecimal.valueOf(amountMinor)
                .movePointLeft(Currency.getInstance(CURRENCY).getDefaultFractionDigits());
        if (shillings.stripTrailingZeros().scale() > 0) {
            return null;
        }
        return shillings.longValueExact();
    }
}
