package org.opendisbursement.gateway.providers.bkash;

import java.util.Map;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;

/**
 * bKash's documented B2C error codes (all answered with HTTP 200) and what each means for the payout. The duplicate
 * code 2029 is not here: what it means depends on whether the call was a first send or a recovery probe.
 */
final class BkashCodes {

    static final String DUPLICATE = "2029";

    /** Refused for good: sending the same payout again would be refused the same way. */
    private static final Map<String, String> REJECTIONS = Map.of(
            "2012", "the wallet number is not a valid bKash number",
            "2009", "bKash reports the wallet as invalid",
            "2045", "no bKash account exists for this number",
            "2057", "the number is not a bKash account",
            "2058", "the number is not a personal bKash wallet (customer account)",
            "2039", "the receiving wallet's state does not allow payments into it (for example blocked or dormant)",
            "2040", "the receiving wallet's state does not allow payments into it (for example blocked or dormant)",
            "2006", "bKash refused the amount as invalid");

    /** Not executed, for a passing reason: the same payout may be sent again later. */
    private static final Map<String, String> PASSING = Map.of(
            "2023", "the disbursement account lacks funds; the payout is sent again once it is topped up",
            "2020", "bKash had an internal exception; the payout may be sent again",
            "2024", "bKash had an internal exception; the payout may be sent again");

    private BkashCodes() {
    }

    /**
     * The outcome of a payout answered with error {@code code} other than 2029. A code bKash does not document is a
     * refusal the gateway cannot judge: it is final (never resent automatically), and its reason says to check with
     * bKash.
     */
    static PayoutOutcome outcome(String code, String providerMessage) {
        String rejection = REJECTIONS.get(code);
        if (rejection != null) {
            return new PayoutOutcome.Rejected(code, rejection);
        }
        String passing = PASSING.get(code);
        if (passing != null) {
            return new PayoutOutcome.Retryable(code, passing);
        }
        String message = BkashFormat.safe(providerMessage);
        return new PayoutOutcome.Rejected(code, "bKash refused the payout with code " + code
                + (message.isEmpty() ? "" : " (" + message + ")")
                + ", which the gateway does not know; check with bKash before paying it another way");
    }
}
