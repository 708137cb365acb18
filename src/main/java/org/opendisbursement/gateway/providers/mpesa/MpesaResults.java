package org.opendisbursement.gateway.providers.mpesa;

import java.util.Currency;
import java.util.Map;
import java.util.Set;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutOutcome.Reported;
import org.opendisbursement.gateway.money.Money;
import org.opendisbursement.gateway.providers.mpesa.MpesaMessages.Result;
import org.opendisbursement.gateway.providers.mpesa.MpesaMessages.SyncAnswer;

/**
 * Every Daraja answer and callback, mapped into a {@link PayoutOutcome}. Pure functions, no I/O.
 *
 * <ul>
 *   <li>Synchronous answer: an {@code errorCode} is read whatever the HTTP status (Daraja sends some inside a 2xx);
 *       its prefix is the HTTP status it stands for. {@code 500.002.1001} → Duplicate; {@code 500.003.02} spike
 *       arrest, {@code 500.003.03} quota, 429, 503 → Retryable; organisation faults ({@code 400.003.01},
 *       {@code 401.002.01}, {@code 404.001.04}, "Invalid InitiatorName") → AccountFault; other 400 → Rejected (a
 *       malformed request); other 5xx or anything unreadable → Unknown. {@code ResponseCode "0"} without an
 *       errorCode → Pending (the result comes by callback).</li>
 *   <li>ResultURL callback: 0 → Confirmed with what it reports (amount, receiver, reference); organisation faults
 *       (1, 11, 21, 2001, 2006, 2028, 8006) → AccountFault; 4, 17, 26 → Retryable with the reference spent; 15 →
 *       Duplicate; 2, 3, 8, 2040, SFC_IC0003 and the configured ID-mismatch codes → Rejected; anything else →
 *       Unknown.</li>
 *   <li>QueueTimeOutURL → Unknown: Safaricom timed out queueing the request, nothing is decided before a status
 *       query.</li>
 *   <li>Status answer: Completed → Confirmed, Pending → Pending (both with what it reports); Failed → the failure
 *       code's Rejected, or Retryable with the reference spent; R000002 (mock-chosen) → NotFound; an organisation
 *       fault → AccountFault (the query could not be made); anything else → Unknown.</li>
 * </ul>
 */
final class MpesaResults {

    /** Daraja's errorCode for a repeated OriginatorConversationID. */
    static final String DUPLICATE_ERROR = "500.002.1001";
    /** Daraja's errorCode for an invalid or expired access token. */
    static final String INVALID_TOKEN_ERROR = "404.001.03";
    /** Status query result code for a transaction M-Pesa does not know (mock-chosen; unconfirmed for Daraja). */
    static final String UNKNOWN_TRANSACTION = "R000002";
    /** The mock's code for an IDNumber that is not the wallet owner's (Safaricom's own code is unpublished). */
    static final String MOCK_ID_MISMATCH = "ID_MISMATCH";

    /** Throttling: Spike Arrest and Quota Violation. Not executed. */
    static final Set<String> THROTTLED = Set.of("500.003.02", "500.003.03");
    /** errorCodes that are the organisation's fault (credentials, API product, initiator). */
    static final Set<String> ACCOUNT_ERRORS = Set.of("400.003.01", "401.002.01", "404.001.04");
    /** ResultCodes that are the organisation's fault: its balance, its account's state, its initiator. */
    static final Set<String> ACCOUNT_RESULTS = Set.of("1", "11", "21", "2001", "2006", "2028", "8006");
    /** ResultCodes of a passing failure: M-Pesa keeps the failed transfer, so the next try needs a new reference. */
    static final Set<String> PASSING_RESULTS = Set.of("4", "17", "26");
    /** ResultCodes that refuse this payout for good. */
    static final Set<String> REJECTING_RESULTS = Set.of("2", "3", "8", "2040", "SFC_IC0003", MOCK_ID_MISMATCH);

    /** Plain-language reasons, for a finance officer, of every documented failure ResultCode. */
    static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("1", "The organisation's M-Pesa account did not hold enough money for this payment."),
            Map.entry("2", "The amount is below M-Pesa's minimum for a single payment (KES 10)."),
            Map.entry("3", "The amount is above M-Pesa's maximum for a single payment (KES 250,000)."),
            Map.entry("4", "The organisation's M-Pesa account reached its daily transfer limit."),
            Map.entry("8", "The recipient's M-Pesa wallet would go over its maximum balance."),
            Map.entry("11", "The organisation's M-Pesa account is in a state that cannot pay (for example locked);"
                    + " contact Safaricom."),
            Map.entry("15", "M-Pesa saw this payment as a duplicate of one it already has."),
            Map.entry("17", "M-Pesa had an internal failure and did not make the payment."),
            Map.entry("21", "M-Pesa refused the initiator's permissions; the organisation's account settings must"
                    + " be corrected."),
            Map.entry("26", "M-Pesa was too busy (traffic blocking) and did not make the payment."),
            Map.entry("2001", "M-Pesa refused the organisation's initiator credentials; the account settings must be"
                    + " corrected (repeated tries lock the API user)."),
            Map.entry("2006", "The organisation's M-Pesa account is not in a state to pay; contact Safaricom."),
            Map.entry("2028", "The organisation's M-Pesa account is not allowed this kind of payment; contact"
                    + " Safaricom."),
            Map.entry("8006", "M-Pesa locked the organisation's API user after repeated failures; Safaricom must"
                    + " unlock it."),
            Map.entry("2040", "The recipient is not a registered M-Pesa customer."),
            Map.entry("SFC_IC0003", "The recipient's phone number is not known to M-Pesa."),
            Map.entry(MOCK_ID_MISMATCH, "The national ID given is not the one registered for this M-Pesa wallet."));

    private static final Currency KES = Currency.getInstance(MpesaFormat.CURRENCY);

    private MpesaResults() {
    }

    // ---------------------------------------------------------------- synchronous answers

    /** Whether Daraja refused the access token: the request was not executed, a new token may be tried once. */
    static boolean tokenRefused(int status, SyncAnswer answer) {
        return INVALID_TOKEN_ERROR.equals(answer.errorCode()) || status == 401 && answer.errorCode() == null;
    }

    /** An organisation-level fault in a synchronous answer, or null. */
    static PayoutOutcome.AccountFault accountFault(SyncAnswer answer) {
        String code = answer.errorCode();
        String message = answer.errorMessage() == null ? "" : answer.errorMessage();
        if (code != null && ACCOUNT_ERRORS.contains(code.strip())
                || message.toLowerCase(java.util.Locale.ROOT).contains("invalid initiatorname")
                || message.toLowerCase(java.util.Locale.ROOT).contains("invalid initiator name")) {
            return new PayoutOutcome.AccountFault(code == null ? "INVALID_INITIATOR" : code.strip(),
                    "M-Pesa refused the organisation's API access (" + (message.isBlank() ? "no detail" : message)
                            + "); fix the M-Pesa settings before paying again, repeated tries lock the account");
        }
        return null;
    }

    /** The synchronous answer to a B2C payment request. {@code answer} is {@link SyncAnswer#EMPTY} if unreadable. */
    static PayoutOutcome ofPayoutAnswer(int status, SyncAnswer answer) {
        if (answer.errorCode() == null && status >= 200 && status < 300) {
            if ("0".equals(answer.responseCode() == null ? null : answer.responseCode().strip())) {
                return new PayoutOutcome.Pending(answer.conversationId(),
                        "accepted by M-Pesa; the result comes by callback");
            }
            return new PayoutOutcome.Unknown("M-Pesa answered HTTP " + status + " without an acceptance (ResponseCode "
                    + answer.responseCode() + ")");
        }
        if (isDuplicate(answer)) {
            return new PayoutOutcome.Duplicate("M-Pesa already has a payment under this OriginatorConversationID");
        }
        String code = answer.errorCode() != null ? answer.errorCode().strip() : "HTTP_" + status;
        if (THROTTLED.contains(code)) {
            return new PayoutOutcome.Retryable(code, "M-Pesa is throttling the organisation ("
                    + ("500.003.03".equals(code) ? "quota violation" : "spike arrest") + "); the payment was not made");
        }
        PayoutOutcome.AccountFault fault = accountFault(answer);
        if (fault != null) {
            return fault;
        }
        int meaning = effectiveStatus(status, answer);
        if (meaning == 429) {
            return new PayoutOutcome.Retryable(code, "M-Pesa is limiting the request rate; the payment was not made");
        }
        if (meaning == 503) {
            return new PayoutOutcome.Retryable(code, "M-Pesa is unavailable; the payment was not made");
        }
        if (tokenRefused(status, answer)) {
            return new PayoutOutcome.Retryable(code, "M-Pesa refused the gateway's access token twice;"
                    + " the payment was not made");
        }
        if (meaning == 400) {
            return new PayoutOutcome.Rejected(code, "M-Pesa refused the request as malformed ("
                    + (answer.errorMessage() == null ? "no detail" : answer.errorMessage())
                    + "); the payment was not made");
        }
        if (meaning > 400 && meaning < 500) {
            return new PayoutOutcome.AccountFault(code, "M-Pesa refused the request with " + code
                    + " (check the gateway's M-Pesa settings); the payment was not made");
        }
        return new PayoutOutcome.Unknown("M-Pesa answered HTTP " + status + " (" + code
                + "); the payment may or may not have been made");
    }

    /**
     * The synchronous acknowledgement of a status query. The answer itself arrives later on the query's ResultURL,
     * so an acknowledged query is Pending; an organisation fault is an AccountFault; anything else leaves the payout
     * Unknown.
     */
    static PayoutOutcome ofQueryAnswer(int status, SyncAnswer answer, String providerTransactionId) {
        if (answer.errorCode() == null && status >= 200 && status < 300 && "0".equals(answer.responseCode())) {
            return new PayoutOutcome.Pending(providerTransactionId,
                    "status query sent; M-Pesa answers it by callback");
        }
        PayoutOutcome.AccountFault fault = accountFault(answer);
        if (fault != null) {
            return fault;
        }
        String code = answer.errorCode() != null ? answer.errorCode() : "HTTP_" + status;
        return new PayoutOutcome.Unknown("the M-Pesa status query was not accepted (" + code + ")");
    }

    /** Daraja's errorCode starts with the HTTP status it stands for ({@code 500.003.02}); else the HTTP status. */
    private static int effectiveStatus(int status, SyncAnswer answer) {
        String code = answer.errorCode();
        if (code != null && code.strip().matches("[1-5]\\d\\d\\..*")) {
            return Integer.parseInt(code.strip().substring(0, 3));
        }
        return status;
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
            return ofQueueTimeout(result.resultDesc());
        }
        String code = code(result.resultCode());
        if ("0".equals(code)) {
            String transactionId = result.transactionId() != null ? result.transactionId()
                    : result.parameter("TransactionReceipt");
            return new PayoutOutcome.Confirmed(transactionId, reported(result.parameter("TransactionAmount"),
                    result.parameter("ReceiverPartyPublicName"), result.originatorConversationId()));
        }
        return failure(code, result.resultDesc(), true);
    }

    /** A failure ResultCode of a payout: whose trouble it is, and whether to try again. */
    private static PayoutOutcome failure(String code, String description, boolean fromResult) {
        if (ACCOUNT_RESULTS.contains(code)) {
            return fromResult ? new PayoutOutcome.AccountFault(code, REASONS.get(code))
                    // a status answer about a payout that failed for the organisation's reason: that reference is
                    // spent at M-Pesa, the next try (after the account is fixed) needs a new one
                    : new PayoutOutcome.Retryable(code, REASONS.get(code), true);
        }
        if (PASSING_RESULTS.contains(code)) {
            return new PayoutOutcome.Retryable(code, REASONS.get(code), true);
        }
        if ("15".equals(code)) {
            return new PayoutOutcome.Duplicate(REASONS.get(code));
        }
        if (REJECTING_RESULTS.contains(code)) {
            return new PayoutOutcome.Rejected(code, REASONS.get(code));
        }
        return new PayoutOutcome.Unknown("M-Pesa answered the undocumented result code '" + code + "' ("
                + description + ")");
    }

    /**
     * The notice POSTed to the payout's QueueTimeOutURL (the request echoed back): Safaricom timed out queueing it.
     * Unknown: only a status query decides whether to send it again.
     */
    static PayoutOutcome ofQueueTimeout(String detail) {
        return new PayoutOutcome.Unknown("the request timed out in M-Pesa's queue"
                + (detail == null || detail.isBlank() ? "" : " (" + detail + ")")
                + "; a status query decides whether to send it again");
    }

    /** The answer of a transaction status query, POSTed to the query's ResultURL. */
    static PayoutOutcome ofStatus(Result result) {
        String code = code(result.resultCode());
        if (UNKNOWN_TRANSACTION.equals(code)) {
            return new PayoutOutcome.NotFound("M-Pesa has no transaction under this reference");
        }
        if (ACCOUNT_RESULTS.contains(code)) {
            return new PayoutOutcome.AccountFault(code, "the M-Pesa status query was refused: " + REASONS.get(code));
        }
        if (!"0".equals(code)) {
            return new PayoutOutcome.Unknown("the M-Pesa status query failed with result code '" + code + "' ("
                    + result.resultDesc() + ")");
        }
        String status = result.parameter("TransactionStatus");
        String receipt = result.parameter("ReceiptNo") != null ? result.parameter("ReceiptNo") : result.transactionId();
        Reported reported = reported(result.parameter("Amount"), result.parameter("CreditPartyName"),
                result.parameter("OriginatorConversationID"));
        if ("Completed".equalsIgnoreCase(status)) {
            return new PayoutOutcome.Confirmed(receipt, reported);
        }
        if ("Pending".equalsIgnoreCase(status)) {
            return new PayoutOutcome.Pending(receipt, "M-Pesa reports the payment as pending", reported);
        }
        if ("Failed".equalsIgnoreCase(status)) {
            String failure = code(result.parameter("TransactionResultCode"));
            String failureCode = failure.isEmpty() ? "FAILED" : failure;
            PayoutOutcome outcome = failure(failureCode, "failed", false);
            if (outcome instanceof PayoutOutcome.Unknown || outcome instanceof PayoutOutcome.Duplicate) {
                // failed for a reason the gateway does not know: M-Pesa holds the reference as failed
                return new PayoutOutcome.Retryable(failureCode, "M-Pesa reports the payment as failed (code "
                        + failureCode + ")", true);
            }
            return outcome;
        }
        return new PayoutOutcome.Unknown("M-Pesa reports the undocumented transaction status '" + status + "'");
    }

    /**
     * What a result or status answer says about the payout: the amount (whole KES) in cents, KES, the receiver
     * ({@code "2547XXXXXXXX - Name"}, possibly masked) as {@code +2547…}, and the reference as echoed. An amount that
     * cannot be read is reported as -1 so that it mismatches rather than passes.
     */
    static Reported reported(String amount, String receiver, String reference) {
        Long minor = null;
        if (amount != null) {
            try {
                minor = Money.parseMajor(amount.strip(), KES).minor();
            } catch (RuntimeException e) {
                minor = -1L;
            }
        }
        String payee = null;
        if (receiver != null && !receiver.isBlank()) {
            String number = receiver.strip();
            int name = number.indexOf(" - ");
            number = (name > 0 ? number.substring(0, name) : number).strip();
            payee = number.startsWith("+") ? number : "+" + number;
        }
        return new Reported(minor, minor == null ? null : MpesaFormat.CURRENCY, payee,
                reference == null || reference.isBlank() ? null : reference.strip());
    }

    private static String code(String text) {
        return text == null ? "" : text.strip();
    }
}
