package org.opendisbursement.gateway.providers.mpesa;

import java.util.Map;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.providers.mpesa.MpesaMessages.Result;
import org.opendisbursement.gateway.providers.mpesa.MpesaMessages.SyncAnswer;

/**
 * Every Daraja answer and callback, mapped into a {@link PayoutOutcome}. Pure functions, no I/O.
 *
 * <ul>
 *   <li>Synchronous payout answer: {@code ResponseCode "0"} → Pending (the result comes later); errorCode
 *       {@code 500.002.1001} → Duplicate; 429, 503 → Retryable; 400 → Rejected (a gateway defect: the request was
 *       malformed); other 5xx and anything unreadable → Unknown.</li>
 *   <li>ResultURL callback: {@code ResultCode} 0 → Confirmed; 1, 4, 17, 26 → Retryable (our account's balance,
 *       the daily limit, M-Pesa's own trouble); 15 → Duplicate; 2, 3, 8, 11, 2001, 2040, SFC_IC0003 → Rejected;
 *       any other code → Unknown (query before deciding).</li>
 *   <li>QueueTimeOutURL callback → Unknown: M-Pesa says it did not execute a queue-timed-out request, but nothing
 *       is resent before a status query says the transaction does not exist.</li>
 *   <li>Status-query result: TransactionStatus Completed → Confirmed, Pending → Pending, Failed → Rejected with
 *       the TransactionResultCode; ResultCode R000002 (no such transaction) → NotFound; anything else → Unknown.</li>
 * </ul>
 */
final class MpesaResults {

    /** Daraja's errorCode for a repeated OriginatorConversationID. */
    static final String DUPLICATE_ERROR = "500.002.1001";
    /** Daraja's errorCode for an invalid or expired access token. */
    static final String INVALID_TOKEN_ERROR = "404.001.03";
    /** Status query result code for a transaction M-Pesa does not know (mock-chosen; unconfirmed for Daraja). */
    static final String UNKNOWN_TRANSACTION = "R000002";

    /** Plain-language reasons, for a finance officer, of every documented failure ResultCode. */
    static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("1", "The organisation's M-Pesa account did not hold enough money for this payment."),
            Map.entry("2", "The amount is below M-Pesa's minimum for a single payment."),
            Map.entry("3", "The amount is above M-Pesa's maximum for a single payment (KES 250,000)."),
            Map.entry("4", "The organisation's M-Pesa account reached its daily transfer limit."),
            Map.entry("8", "The recipient's M-Pesa wallet would go over its maximum balance."),
            Map.entry("11", "The organisation's M-Pesa account is in a state that cannot pay (for example locked);"
                    + " contact Safaricom."),
            Map.entry("15", "M-Pesa saw this payment as a duplicate of one it already has."),
            Map.entry("17", "M-Pesa had an internal failure and did not make the payment."),
            Map.entry("26", "M-Pesa was too busy (traffic blocking) and did not make the payment."),
            Map.entry("2001", "M-Pesa refused the organisation's initiator credentials; the account settings must be"
                    + " corrected."),
            Map.entry("2040", "The recipient is not a registered M-Pesa customer."),
            Map.entry("SFC_IC0003", "The recipient's phone number is not known to M-Pesa."));

    private MpesaResults() {
    }

    // ---------------------------------------------------------------- synchronous answers

    /** Whether Daraja refused the access token: the request was not executed, a new token may be tried once. */
    static boolean tokenRefused(int status, SyncAnswer answer) {
        return status == 401 || INVALID_TOKEN_ERROR.equals(answer.errorCode());
    }

    /** The synchronous answer to a B2C payment request. {@code answer} is {@link SyncAnswer#EMPTY} if unreadable. */
    static PayoutOutcome ofPayoutAnswer(int status, SyncAnswer answer) {
        if (status >= 200 && status < 300) {
            if ("0".equals(answer.responseCode())) {
                return new PayoutOutcome.Pending(answer.conversationId(),
                        "accepted by M-Pesa; the result comes by callback");
            }
            return new PayoutOutcome.Unknown("M-Pesa answered HTTP " + status + " without an acceptance (ResponseCode "
                    + answer.responseCode() + ")");
        }
        if (isDuplicate(answer)) {
            return new PayoutOutcome.Duplicate("M-Pesa already has a payment under this OriginatorConversationID");
        }
        String code = answer.errorCode() != null ? answer.errorCode() : "HTTP_" + status;
        if (status == 429) {
            return new PayoutOutcome.Retryable(code, "M-Pesa is limiting the request rate; the payment was not made");
        }
        if (status == 503) {
            return new PayoutOutcome.Retryable(code, "M-Pesa is unavailable; the payment was not made");
        }
        if (tokenRefused(status, answer)) {
            return new PayoutOutcome.Retryable(code, "M-Pesa refused the gateway's access token twice;"
                    + " the payment was not made");
        }
        if (status == 400) {
            return new PayoutOutcome.Rejected(code, "M-Pesa refused the request as malformed ("
                    + (answer.errorMessage() == null ? "no detail" : answer.errorMessage())
                    + "); this is a gateway defect to fix, the payment was not made");
        }
        if (status > 400 && status < 500) {
            return new PayoutOutcome.Retryable(code, "M-Pesa refused the request with HTTP " + status
                    + " (check the gateway's M-Pesa settings); the payment was not made");
        }
        return new PayoutOutcome.Unknown("M-Pesa answered HTTP " + status + " (" + code
                + "); the payment may or may not have been made");
    }

    /**
     * The synchronous acknowledgement of a status query. The answer itself arrives later on the query's ResultURL,
     * so an acknowledged query is Pending; a query that failed leaves the payout's state Unknown.
     */
    static PayoutOutcome ofQueryAnswer(int status, SyncAnswer answer, String providerTransactionId) {
        if (status >= 200 && status < 300 && "0".equals(answer.responseCode())) {
            return new PayoutOutcome.Pending(providerTransactionId,
                    "status query sent; M-Pesa answers it by callback");
        }
        String code = answer.errorCode() != null ? answer.errorCode() : "HTTP_" + status;
        return new PayoutOutcome.Unknown("the M-Pesa status query was not accepted (" + code + ")");
    }

    private static boolean isDuplicate(SyncAnswer answer) {
        return DUPLICATE_ERROR.equals(answer.errorCode())
                || answer.errorMessage() != null && answer.errorMessage().contains("Duplicate OriginatorConversationID");
    }

    // ---------------------------------------------------------------- callbacks

    /** The B2C result POSTed to the payout's ResultURL. */
    static PayoutOutcome ofResult(Result result) {
        if ("1".equals(result.resultType())) {
            // ResultType 1 is Daraja's timeout notification, whatever its ResultCode says
            return ofQueueTimeout(result);
        }
        String code = result.resultCode() == null ? "" : result.resultCode().strip();
        switch (code) {
            case "0":
                String transactionId = result.transactionId() != null ? result.transactionId()
                        : result.parameter("TransactionReceipt");
                return new PayoutOutcome.Confirmed(transactionId);
            case "1":
            case "4":
            case "17":
            case "26":
                return new PayoutOutcome.Retryable(code, REASONS.get(code));
            case "15":
                return new PayoutOutcome.Duplicate(REASONS.get(code));
            case "2":
            case "3":
            case "8":
            case "11":
            case "2001":
            case "2040":
            case "SFC_IC0003":
                return new PayoutOutcome.Rejected(code, REASONS.get(code));
            default:
                return new PayoutOutcome.Unknown("M-Pesa answered the undocumented result code '" + code + "' ("
                        + result.resultDesc() + ")");
        }
    }

    /**
     * The notice POSTed to the payout's QueueTimeOutURL. Daraja says such a request was not executed, but the gateway
     * only resends after a status query says so: Unknown.
     */
    static PayoutOutcome ofQueueTimeout(Result result) {
        return new PayoutOutcome.Unknown("the request timed out in M-Pesa's queue (" + result.resultDesc()
                + "); a status query decides whether to send it again");
    }

    /** The answer of a transaction status query, POSTed to the query's ResultURL. */
    static PayoutOutcome ofStatus(Result result) {
        String code = result.resultCode() == null ? "" : result.resultCode().strip();
        if (UNKNOWN_TRANSACTION.equals(code)) {
            return new PayoutOutcome.NotFound("M-Pesa has no transaction under this reference");
        }
        if (!"0".equals(code)) {
            return new PayoutOutcome.Unknown("the M-Pesa status query failed with result code '" + code + "' ("
                    + result.resultDesc() + ")");
        }
        String status = result.parameter("TransactionStatus");
        String receipt = result.parameter("ReceiptNo") != null ? result.parameter("ReceiptNo") : result.transactionId();
        if ("Completed".equalsIgnoreCase(status)) {
            return new PayoutOutcome.Confirmed(receipt);
        }
        if ("Pending".equalsIgnoreCase(status)) {
            return new PayoutOutcome.Pending(receipt, "M-Pesa reports the payment as pending");
        }
        if ("Failed".equalsIgnoreCase(status)) {
            String failure = result.parameter("TransactionResultCode");
            String failureCode = failure == null || failure.isBlank() ? "FAILED" : failure.strip();
            return new PayoutOutcome.Rejected(failureCode, REASONS.getOrDefault(failureCode,
                    "M-Pesa reports the payment as failed (code " + failureCode + ")."));
        }
        return new PayoutOutcome.Unknown("M-Pesa reports the undocumented transaction status '" + status + "'");
    }
}
