package org.opendisbursement.gateway.providers.mtn;

import java.util.Locale;
import java.util.Map;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;

/**
 * What an MTN transfer status (from the status query or the callback) means for the payout.
 *
 * <p><b>Every FAILED is final.</b> MTN refuses a reused {@code X-Reference-Id} with 409 whatever became of the first
 * transfer, and a payout keeps its reference for life. Resending a FAILED transfer would therefore only get 409
 * (Duplicate), then a status query saying FAILED again, never a payment. So even the passing reasons
 * ({@code NOT_ENOUGH_FUNDS}, {@code PAYER_LIMIT_REACHED}, {@code INTERNAL_PROCESSING_ERROR},
 * {@code SERVICE_UNAVAILABLE}) become {@link PayoutOutcome.Rejected}; their reason says it was not the beneficiary's
 * fault, so finance can fix the cause and pay the installment another way (cash, or a new payout).
 */
final class MtnStatus {

    private static final String NOT_RESENDABLE = "; not the beneficiary's fault, but MTN never accepts this payout's"
            + " reference again, so it must be paid another way";

    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("PAYEE_NOT_FOUND", "no MTN MoMo account exists for this number"),
            Map.entry("PAYEE_NOT_ALLOWED_TO_RECEIVE", "the MoMo account may not receive payments (blocked, limited or"
                    + " not fully registered)"),
            Map.entry("NOT_ALLOWED", "MTN does not allow this transfer for this account"),
            Map.entry("EXPIRED", "the transfer expired at MTN before it was completed"),
            Map.entry("APPROVAL_REJECTED", "the transfer was rejected at MTN"),
            Map.entry("COULD_NOT_PERFORM_TRANSACTION", "MTN could not perform the transfer"),
            Map.entry("NOT_ENOUGH_FUNDS", "the disbursement account lacked funds when MTN processed it"
                    + NOT_RESENDABLE),
            Map.entry("PAYER_LIMIT_REACHED", "the disbursement account had reached its MTN transaction limit"
                    + NOT_RESENDABLE),
            Map.entry("INTERNAL_PROCESSING_ERROR", "MTN had an internal error" + NOT_RESENDABLE),
            Map.entry("SERVICE_UNAVAILABLE", "MTN's service was unavailable" + NOT_RESENDABLE));

    private MtnStatus() {
    }

    /** SUCCESSFUL → Confirmed, PENDING → Pending, FAILED → Rejected (final), anything else → Unknown. */
    static PayoutOutcome outcome(MtnMessages.TransferStatus transfer) {
        String status = transfer.status() == null ? "" : transfer.status().strip().toUpperCase(Locale.ROOT);
        switch (status) {
            case "SUCCESSFUL":
                return new PayoutOutcome.Confirmed(transfer.financialTransactionId());
            case "PENDING":
                return new PayoutOutcome.Pending(transfer.financialTransactionId(), "MTN is still processing the"
                        + " transfer");
            case "FAILED":
                return failed(transfer.reasonCode(), transfer.reasonMessage());
            default:
                return new PayoutOutcome.Unknown("MTN answered transfer status '" + MtnFormat.safe(transfer.status())
                        + "', which the gateway does not know");
        }
    }

    static PayoutOutcome.Rejected failed(String code, String message) {
        if (code == null) {
            return new PayoutOutcome.Rejected("FAILED", "MTN reports the transfer as failed without a reason");
        }
        String reason = REASONS.get(code.toUpperCase(Locale.ROOT));
        if (reason != null) {
            return new PayoutOutcome.Rejected(code, reason);
        }
        String detail = MtnFormat.safe(message);
        return new PayoutOutcome.Rejected(code, "MTN reports the transfer as failed (" + MtnFormat.safe(code)
                + (detail.isEmpty() ? "" : ": " + detail) + ")");
    }
}
