package org.opendisbursement.gateway.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.opendisbursement.gateway.money.Money;
import org.opendisbursement.gateway.system.Mask;

/**
 * Verify before believing: a confirmation or a pending answer is compared with the payout it claims to be about —
 * amount in minor units, currency, payee wallet and reference — and any disagreement replaces it with a
 * {@link PayoutOutcome.Mismatch} naming both values. What the provider did not say is not compared; what it said
 * must agree. Pure: no provider, no database.
 */
public final class PayoutCheck {

    private PayoutCheck() {
    }

    /** The outcome itself, or a {@link PayoutOutcome.Mismatch} when what it reports disagrees with {@code payout}. */
    public static PayoutOutcome check(PayoutRequest payout, PayoutOutcome outcome) {
        if (outcome instanceof PayoutOutcome.Confirmed confirmed) {
            return verdict(payout, confirmed.reported(), outcome, confirmed.providerTransactionId());
        }
        if (outcome instanceof PayoutOutcome.Pending pending) {
            return verdict(payout, pending.reported(), outcome, pending.providerTransactionId());
        }
        return outcome;
    }

    private static PayoutOutcome verdict(PayoutRequest payout, PayoutOutcome.Reported reported, PayoutOutcome outcome,
                                         String transactionId) {
        List<PayoutOutcome.Difference> differences = differences(payout, reported);
        return differences.isEmpty() ? outcome : new PayoutOutcome.Mismatch(differences, outcome.kind(), transactionId);
    }

    static List<PayoutOutcome.Difference> differences(PayoutRequest payout, PayoutOutcome.Reported reported) {
        List<PayoutOutcome.Difference> differences = new ArrayList<>();
        if (reported == null || reported.isEmpty()) {
            return differences;
        }
        String currency = payout.currency() == null ? null : payout.currency().strip().toUpperCase(Locale.ROOT);
        if (reported.currency() != null && !reported.currency().strip().toUpperCase(Locale.ROOT).equals(currency)) {
            differences.add(new PayoutOutcome.Difference("currency", currency, reported.currency().strip()));
        }
        if (reported.amountMinor() != null && reported.amountMinor() != payout.amountMinor()) {
            differences.add(new PayoutOutcome.Difference("amount", amount(payout.amountMinor(), currency),
                    amount(reported.amountMinor(), reported.currency() == null ? currency : reported.currency().strip())));
        }
        if (reported.payee() != null && !samePayee(payout.walletE164(), reported.payee())) {
            differences.add(new PayoutOutcome.Difference("payee", Mask.identifier(payout.walletE164()),
                    Mask.identifier(reported.payee().strip())));
        }
        if (reported.reference() != null && (payout.reference() == null
                || !reported.reference().strip().equalsIgnoreCase(payout.reference().toString()))) {
            differences.add(new PayoutOutcome.Difference("reference", String.valueOf(payout.reference()),
                    abbreviated(reported.reference().strip())));
        }
        return differences;
    }

    /**
     * The same wallet: equal digits (a leading {@code +}, spaces, dashes and a trailing {@code " - Name"} ignored). A masked number from the provider
     * ({@code *} or {@code X} for hidden digits) agrees when it has the same length, at least three visible digits,
     * and every visible digit matches.
     */
    static boolean samePayee(String walletE164, String reported) {
        if (walletE164 == null) {
            return false;
        }
        String expected = walletE164.replaceAll("[^0-9]", "");
        String number = reported.strip();
        int name = number.indexOf(" - ");
        if (name > 0) {
            number = number.substring(0, name);  // M-Pesa: "254712345126 - Jane Doe"
        }
        String said = number.replaceAll("[+\\s-]", "");
        if (!said.matches("[0-9*Xx]+") || said.length() != expected.length()) {
            return false;
        }
        int visible = 0;
        for (int i = 0; i < said.length(); i++) {
            char c = said.charAt(i);
            if (Character.isDigit(c)) {
                if (c != expected.charAt(i)) {
                    return false;
                }
                visible++;
            }
        }
        return visible >= 3;
    }

    private static String amount(long minor, String currency) {
        try {
            return Money.ofMinor(minor, currency).display();
        } catch (RuntimeException e) {
            return minor + " minor units" + (currency == null ? "" : " " + currency);
        }
    }

    private static String abbreviated(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }
}
