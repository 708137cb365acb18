package org.opendisbursement.gateway.providers.bkash;

import java.time.Duration;
import java.util.Map;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;

/**
 * What each bKash error code (all answered with HTTP 200) means for a payout that was just sent. Sources: bKash's
 * error-code registry and its Checkout documentation as relayed in {@code shared/provider-protocols.md}
 * (Corrections → bKash); where a reading rests on integrators' code only, the defensive one is taken.
 */
final class BkashCodes {

    /** "Duplicate for all transactions": the same amount went to this wallet a short while ago. */
    static final String SAME_AMOUNT_RECENTLY = "2029";
    /** Search: "Transaction not found". */
    static final String TRANSACTION_NOT_FOUND = "2033";

    /** Refused for good: the same payout would be refused the same way. The beneficiary's (or the list's) problem. */
    private static final Map<String, String> REJECTIONS = Map.of(
            "2012", "the wallet number is not a valid bKash number",
            "2009", "bKash reports the wallet as invalid",
            "2045", "no bKash account exists for this number",
            "2057", "the number is not a bKash account",
            "2058", "the number is not a personal bKash wallet (customer account)",
            "2039", "the receiving wallet's state does not allow payments into it (for example blocked or dormant)",
            "2040", "the receiving wallet's state does not allow payments into it (for example blocked or dormant)",
            "2006", "bKash refused the amount as invalid");

    /**
     * The gateway's merchant account is at fault (credentials, permissions, limits, an unfunded disbursement wallet):
     * it would refuse every beneficiary alike, so the provider is paused and nobody's attempt is spent.
     */
    private static final Map<String, String> ACCOUNT_FAULTS = Map.of(
            "2001", "bKash refused the merchant's app key or credentials",
            "2037", "bKash refused the request for the merchant account (wrong or missing permission)",
            "2043", "bKash refused the request for the merchant account (merchant-side check failed)",
            "2044", "bKash refused the request for the merchant account (merchant-side check failed)",
            "2046", "bKash refused the request for the merchant account (merchant-side check failed)",
            "2067", "bKash refused the request for the merchant account (merchant-side limit or permission)",
            "2023", "the bKash disbursement wallet lacks the money for this payout; move money in with"
                    + " intraAccountTransfer (collection → disbursement), then resume bKash");

    /**
     * "Already done / completed": bKash says some transaction is already completed, but not which, for whom or for
     * how much — no proof that this payout was made. A person checks the statement.
     */
    private static final Map<String, String> ALREADY_DONE = Map.of(
            "2062", "bKash answered 2062 (already completed)",
            "2068", "bKash answered 2068 (already done)");

    /** bKash's internal exceptions: nothing was executed, the payout may be sent again later. */
    private static final Map<String, String> PASSING = Map.of(
            "2020", "bKash had an internal exception; the payout was not executed and may be sent again",
            "2024", "bKash had an internal exception; the payout was not executed and may be sent again");

    private BkashCodes() {
    }

    /**
     * The outcome of a payout answered with error {@code code}. A code bKash does not document is not a failure the
     * gateway can judge: the payout goes to a person ({@link PayoutOutcome.Unverifiable}), never resent, never failed.
     */
    static PayoutOutcome afterSend(String code, String providerMessage, String invoice, Duration window) {
        if (SAME_AMOUNT_RECENTLY.equals(code)) {
            return new PayoutOutcome.Retryable(code, "bKash refused it for now (2029): the same amount went to this"
                    + " wallet a short while ago; not executed, tried again after " + window, false, window);
        }
        String rejection = REJECTIONS.get(code);
        if (rejection != null) {
            return new PayoutOutcome.Rejected(code, rejection);
        }
        String fault = ACCOUNT_FAULTS.get(code);
        if (fault != null) {
            return new PayoutOutcome.AccountFault(code, fault);
        }
        String passing = PASSING.get(code);
        if (passing != null) {
            return new PayoutOutcome.Retryable(code, passing);
        }
        String done = ALREADY_DONE.get(code);
        if (done != null) {
            return new PayoutOutcome.Unverifiable(done + " for a payout the gateway sent under merchantInvoiceNumber "
                    + invoice + ", which is no proof it was paid: check the bKash merchant statement for that invoice"
                    + " before anything else, then settle it by hand");
        }
        String message = BkashFormat.safe(providerMessage);
        return new PayoutOutcome.Unverifiable("bKash answered code " + code
                + (message.isEmpty() ? "" : " (" + message + ")")
                + ", which the gateway does not know: check the bKash merchant statement for merchantInvoiceNumber "
                + invoice + " and ask bKash what the code means before paying it again");
    }

    /** Whether {@code code} is a fault of the merchant account (so also a status search refused for it). */
    static boolean accountFault(String code) {
        return ACCOUNT_FAULTS.containsKey(code) && !"2023".equals(code);
    }

    static String accountFaultReason(String code) {
        return ACCOUNT_FAULTS.get(code);
    }
}
