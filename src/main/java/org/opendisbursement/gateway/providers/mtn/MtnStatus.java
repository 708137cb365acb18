package org.opendisbursement.gateway.providers.mtn;

import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.money.Money;

/**
 * What an MTN transfer status (from the status query or the callback) means for the payout, with what MTN says about
 * it ({@link PayoutOutcome.Reported}: amount, currency, payee, externalId = the gateway reference) for dispatch to
 * compare before believing a SUCCESSFUL or PENDING.
 *
 * <p><b>FAILED is final for that reference</b>: MTN refuses a reused {@code X-Reference-Id} with 409 whatever became of
 * the first transfer. What follows depends on the reason:
 * <ul>
 *   <li>MTN's own passing trouble ({@code INTERNAL_PROCESSING_ERROR}, {@code SERVICE_UNAVAILABLE}):
 *       {@link PayoutOutcome.Retryable} with {@code referenceSpent}, so dispatch sends the next attempt under a new
 *       reference derived from this one;</li>
 *   <li>the disbursement account's trouble ({@code NOT_ENOUGH_FUNDS}, {@code PAYER_LIMIT_REACHED} — the payer is the
 *       gateway's account): {@link PayoutOutcome.AccountFault} with {@code referenceSpent}: it would fail every payout,
 *       so the provider is paused for ops, and this payout waits under a new reference with its attempt given back;</li>
 *   <li>everything else ({@code PAYEE_NOT_FOUND}, {@code PAYEE_NOT_ALLOWED_TO_RECEIVE}, {@code NOT_ALLOWED},
 *       {@code APPROVAL_REJECTED}, and {@code EXPIRED} and {@code COULD_NOT_PERFORM_TRANSACTION}, whose meaning for a
 *       transfer MTN does not document, an unknown reason or none): {@link PayoutOutcome.Rejected}, for a person.</li>
 * </ul>
 */
final class MtnStatus {

    /** FAILED reasons that are MTN's passing trouble: paid later under a new reference. */
    static final Set<String> TRANSIENT = Set.of("INTERNAL_PROCESSING_ERROR", "SERVICE_UNAVAILABLE");

    /** FAILED reasons that are the disbursement account's: the provider is paused, the payout waits. */
    static final Set<String> ACCOUNT = Set.of("NOT_ENOUGH_FUNDS", "PAYER_LIMIT_REACHED");

    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("PAYEE_NOT_FOUND", "no MTN MoMo account exists for this number"),
            Map.entry("PAYEE_NOT_ALLOWED_TO_RECEIVE", "the MoMo account may not receive payments (blocked, limited or"
                    + " not fully registered)"),
            Map.entry("NOT_ALLOWED", "MTN does not allow this transfer for this account"),
            Map.entry("EXPIRED", "the transfer expired at MTN before it was completed; check MTN's statement before"
                    + " paying it another way"),
            Map.entry("APPROVAL_REJECTED", "the transfer was rejected at MTN"),
            Map.entry("COULD_NOT_PERFORM_TRANSACTION", "MTN could not perform the transfer; check MTN's statement"
                    + " before paying it another way"),
            Map.entry("NOT_ENOUGH_FUNDS", "the disbursement account lacked funds when MTN processed the transfer"),
            Map.entry("PAYER_LIMIT_REACHED", "the disbursement account had reached its MTN transaction limit"),
            Map.entry("INTERNAL_PROCESSING_ERROR", "MTN had an internal error"),
            Map.entry("SERVICE_UNAVAILABLE", "MTN's service was unavailable"));

    private MtnStatus() {
    }

    /** SUCCESSFUL → Confirmed, PENDING → Pending (both with what MTN reports), FAILED by reason, else Unknown. */
    static PayoutOutcome outcome(MtnMessages.TransferStatus transfer) {
        String status = transfer.status() == null ? "" : transfer.status().strip().toUpperCase(Locale.ROOT);
        switch (status) {
            case "SUCCESSFUL":
                String id = blankToNull(transfer.financialTransactionId());
                return new PayoutOutcome.Confirmed(id, reported(transfer),
                        id == null ? "MTN's SUCCESSFUL answer carried no financialTransactionId" : null);
            case "PENDING":
                return new PayoutOutcome.Pending(blankToNull(transfer.financialTransactionId()),
                        "MTN is still processing the transfer", reported(transfer));
            case "FAILED":
                return failed(transfer.reasonCode(), transfer.reasonMessage());
            default:
                return new PayoutOutcome.Unknown("MTN answered transfer status '" + MtnFormat.safe(transfer.status())
                        + "', which the gateway does not know");
        }
    }

    static PayoutOutcome failed(String code, String message) {
        if (code == null) {
            return new PayoutOutcome.Rejected("FAILED", "MTN reports the transfer as failed without a reason");
        }
        String upper = code.toUpperCase(Locale.ROOT);
        String reason = REASONS.get(upper);
        if (ACCOUNT.contains(upper)) {
            return new PayoutOutcome.AccountFault(upper, reason + "; not the beneficiary's fault: MTN pauses until ops"
                    + " has fixed the account, and the payout then goes under a new reference", true);
        }
        if (TRANSIENT.contains(upper)) {
            return new PayoutOutcome.Retryable(upper, reason + "; the next attempt goes under a new reference", true);
        }
        if (reason != null) {
            return new PayoutOutcome.Rejected(upper, reason);
        }
        String detail = MtnFormat.safe(message);
        return new PayoutOutcome.Rejected(MtnFormat.safe(code), "MTN reports the transfer as failed ("
                + MtnFormat.safe(code) + (detail.isEmpty() ? "" : ": " + detail) + ")");
    }

    /**
     * What the answer says about the payout: the amount in minor units of its currency (-1 when it cannot be read,
     * so that it never agrees), the payee as E.164 ({@code 46733123450} → {@code +46733123450}), and
     * {@code externalId}, which the gateway sets to the reference.
     */
    static PayoutOutcome.Reported reported(MtnMessages.TransferStatus transfer) {
        String currency = blankToNull(transfer.currency());
        currency = currency == null ? null : currency.toUpperCase(Locale.ROOT);
        Long amount = null;
        if (transfer.amount() != null) {
            try {
                amount = Money.parseMajor(transfer.amount().strip(), Currency.getInstance(currency)).minor();
            } catch (RuntimeException unreadable) {
                amount = -1L;
            }
        }
        String payee = null;
        if (transfer.payee() != null && blankToNull(transfer.payee().partyId()) != null) {
            String partyId = transfer.payee().partyId().strip();
            boolean msisdn = transfer.payee().partyIdType() == null
                    || "MSISDN".equalsIgnoreCase(transfer.payee().partyIdType().strip());
            payee = msisdn && partyId.matches("[0-9*Xx]+") ? "+" + partyId : partyId;
        }
        return new PayoutOutcome.Reported(amount, currency, payee, blankToNull(transfer.externalId()));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
