package org.opendisbursement.gateway.providers.bkash;

import java.util.Currency;
import java.util.regex.Pattern;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.money.Money;
import org.opendisbursement.gateway.system.Mask;

/**
 * Turns the gateway's wallet and amount into bKash's forms: the 11-digit local number {@code 01XXXXXXXXX} and the
 * amount in taka as a decimal string with two places ({@code 250000} minor units → {@code "2500.00"}).
 */
final class BkashFormat {

    private static final Pattern E164_BD = Pattern.compile("\\+8801[3-9]\\d{8}");

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
        return Money.ofMinor(amountMinor, "BDT").plainMajor();
    }

    /** A provider message made safe for logs and reasons: long digit runs (a wallet, an account) masked, capped. */
    static String safe(String message) {
        return Mask.providerMessage(message);
    }

    /** bKash's taka text → minor units; -1 when it cannot be read, so that it mismatches rather than passes. */
    static long minor(String amount) {
        if (amount == null) {
            return -1L;
        }
        try {
            return Money.parseMajor(amount.strip(), Currency.getInstance("BDT")).minor();
        } catch (RuntimeException e) {
            return -1L;
        }
    }

    /** bKash's wallet ({@code 01XXXXXXXXX}, maybe masked) → E.164 digits {@code +8801XXXXXXXXX}; other forms as given. */
    static String e164(String wallet) {
        if (wallet == null || wallet.isBlank()) {
            return null;
        }
        String w = wallet.strip();
        if (w.startsWith("+")) {
            return w;
        }
        if (w.startsWith("880")) {
            return "+" + w;
        }
        if (w.startsWith("0") && w.length() == 11) {
            return "+88" + w;
        }
        return w;
    }

    /**
     * What a transaction answer says about the payout: amount, currency, receiver and invoice. A field bKash left out
     * stays null (not compared); an amount it gave but that cannot be read is -1 (mismatches).
     */
    static PayoutOutcome.Reported reported(BkashMessages.Answer answer) {
        Long amount = answer.amount() == null ? null : minor(answer.amount());
        String currency = answer.currency() == null ? null : answer.currency().strip();
        return new PayoutOutcome.Reported(amount, currency, e164(answer.wallet()), answer.invoice());
    }
}
