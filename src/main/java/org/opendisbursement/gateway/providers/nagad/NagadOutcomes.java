package org.opendisbursement.gateway.providers.nagad;

import tools.jackson.databind.json.JsonMapper;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.ErrorAnswer;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.StatusAnswer;

/**
 * Nagad's answers in the gateway's terms. Nagad publishes no list of error reasons; these are the reasons and
 * statuses of the mock README (mock-chosen), mapped so that nothing that may have paid is ever read as "send again".
 *
 * <table>
 *   <caption>Nagad answer → outcome</caption>
 *   <tr><th>answer</th><th>outcome</th></tr>
 *   <tr><td>payout 200 success envelope, then status COMPLETED</td><td>Confirmed(rechargeId)</td></tr>
 *   <tr><td>payout 200 success envelope, then status PENDING or unreadable</td><td>Pending(rechargeId)</td></tr>
 *   <tr><td>400 INSUFFICIENT_BALANCE (the merchant account)</td><td>Retryable</td></tr>
 *   <tr><td>400 INVALID_ACCOUNT, ACCOUNT_NOT_FOUND, ACCOUNT_INACTIVE, LIMIT_EXCEEDED, INVALID_AMOUNT</td>
 *       <td>Rejected</td></tr>
 *   <tr><td>409 DUPLICATE_REFERENCE</td><td>Duplicate</td></tr>
 *   <tr><td>429, 503</td><td>Retryable</td></tr>
 *   <tr><td>500 and other 5xx, no answer after sending</td><td>Unknown</td></tr>
 *   <tr><td>session refused twice, protocol or configuration errors (other 4xx)</td><td>Retryable</td></tr>
 *   <tr><td>status COMPLETED / PENDING / FAILED…</td><td>Confirmed / Pending / Rejected</td></tr>
 *   <tr><td>status 404 TRANSACTION_NOT_FOUND</td><td>NotFound</td></tr>
 * </table>
 */
final class NagadOutcomes {

    /** Refusals that mean "this session is no longer good"; the request was not executed. */
    private static final Set<String> SESSION_ERRORS = Set.of("INVALID_KEY_ID", "INVALID_API_KEY", "INVALID_CHALLENGE",
            "DUPLICATE_RANDOM");

    /** Permanent refusals of this payout, in words a finance officer understands. */
    private static final Map<String, String> REJECTIONS = Map.of(
            "INVALID_ACCOUNT", "The wallet number is not a valid Nagad account number.",
            "ACCOUNT_NOT_FOUND", "No Nagad account is registered for this wallet number.",
            "ACCOUNT_INACTIVE", "The beneficiary's Nagad account is inactive or blocked and cannot receive money.",
            "LIMIT_EXCEEDED", "The payment would exceed the beneficiary's Nagad account limit.",
            "INVALID_AMOUNT", "Nagad refused the amount as invalid.");

    /** Refusals caused by the gateway's own set-up; nothing was executed, so the payout may be sent again. */
    private static final Map<String, String> SET_UP_PROBLEMS = Map.of(
            "INVALID_SIGNATURE", "Nagad refused the gateway's signature: check the merchant private key and the"
                    + " aggregator id",
            "INVALID_MERCHANT", "Nagad refused the merchant or aggregator id configured in the gateway",
            "DECRYPTION_FAILED", "Nagad could not decrypt the request with the session key",
            "INVALID_REQUEST_TIME", "Nagad refused the request time: check the gateway server's clock",
            "INVALID_REQUEST", "Nagad refused the request as malformed");

    private static final Set<String> PENDING_STATUSES = Set.of("PENDING", "PROCESSING", "INITIATED", "IN_PROGRESS");
    private static final Set<String> FAILED_STATUSES = Set.of("FAILED", "FAILURE", "CANCELLED", "CANCELED",
            "REJECTED", "REVERSED", "EXPIRED", "ABORTED", "DECLINED");

    private NagadOutcomes() {
    }

    /** Whether {@code reason} says the session is no longer good (Set.of and Map.of refuse null, hence the check). */
    static boolean isSessionError(String reason) {
        return reason != null && SESSION_ERRORS.contains(reason);
    }

    /** The {@code {reason, message}} of an error answer; empty fields when the body is not such JSON. */
    static ErrorAnswer error(JsonMapper json, String body) {
        if (body == null || body.isBlank()) {
            return new ErrorAnswer(null, null);
        }
        try {
            ErrorAnswer error = json.readValue(body, ErrorAnswer.class);
            return error == null ? new ErrorAnswer(null, null) : error;
        } catch (Exception notJson) {
            return new ErrorAnswer(null, null);
        }
    }

    /** A refused payout (any status but 2xx). Session errors reach here only when a fresh session was refused too. */
    static PayoutOutcome payoutRefusal(int status, ErrorAnswer error) {
        String reason = error.reason();
        if (status == 409 || "DUPLICATE_REFERENCE".equals(reason)) {
            return new PayoutOutcome.Duplicate("Nagad already has a payout under this reference (DUPLICATE_REFERENCE)");
        }
        if ("INSUFFICIENT_BALANCE".equals(reason)) {
            return new PayoutOutcome.Retryable(reason, "The programme's Nagad merchant account does not hold enough"
                    + " money for this payment; fund it and the payment will be sent again.");
        }
        if (reason != null && REJECTIONS.containsKey(reason) && status >= 400 && status < 500) {
            return new PayoutOutcome.Rejected(reason, REJECTIONS.get(reason));
        }
        return transportOrSetUp(status, reason, "payout");
    }

    /** A refused status query (any status but 2xx). */
    static PayoutOutcome statusRefusal(int status, ErrorAnswer error) {
        if (status == 404 && "TRANSACTION_NOT_FOUND".equals(error.reason())) {
            return new PayoutOutcome.NotFound("Nagad has no transaction under this reference (TRANSACTION_NOT_FOUND)");
        }
        if (status == 404) {
            // a 404 that is not Nagad's own "not found" (wrong base URL, proxy): never read it as "safe to resend"
            return new PayoutOutcome.Unknown("HTTP 404 without TRANSACTION_NOT_FOUND from the Nagad status endpoint");
        }
        return transportOrSetUp(status, error.reason(), "status query");
    }

    /** A status answer (HTTP 200) about {@code referenceNo}. */
    static PayoutOutcome status(StatusAnswer answer, String referenceNo) {
        if (answer == null || answer.status() == null) {
            return new PayoutOutcome.Unknown("Nagad's status answer carries no status");
        }
        if (answer.referenceNo() != null && !answer.referenceNo().equals(referenceNo)) {
            return new PayoutOutcome.Unknown("Nagad's status answer is about another reference");
        }
        String status = answer.status().strip().toUpperCase(Locale.ROOT);
        String transactionId = answer.rechargeId() != null ? answer.rechargeId() : answer.issuerTxnId();
        if ("COMPLETED".equals(status) || "SUCCESS".equals(status) || "SUCCESSFUL".equals(status)) {
            return new PayoutOutcome.Confirmed(transactionId);
        }
        if (PENDING_STATUSES.contains(status)) {
            return new PayoutOutcome.Pending(transactionId, "Nagad reports the transfer as " + status);
        }
        if (FAILED_STATUSES.contains(status)) {
            return new PayoutOutcome.Rejected(status, "Nagad reports that the transfer failed (" + status
                    + "); no money reached the wallet.");
        }
        return new PayoutOutcome.Unknown("Nagad reports an unrecognised status");
    }

    /** How a refused handshake is worded; it is always retryable since no payout was sent. */
    static String handshakeRefusal(int status, String reason) {
        if (reason != null && SET_UP_PROBLEMS.containsKey(reason)) {
            return SET_UP_PROBLEMS.get(reason) + " (session handshake); nothing was sent";
        }
        if (status == 429 || status == 503) {
            return "Nagad is busy or in maintenance (HTTP " + status + ") and opened no session; nothing was sent";
        }
        return "Nagad refused to open a session (HTTP " + status + "); nothing was sent";
    }

    private static PayoutOutcome transportOrSetUp(int status, String reason, String what) {
        String code = reason != null ? reason : "HTTP_" + status;
        if (status == 429) {
            return new PayoutOutcome.Retryable(code, "Nagad is rate limiting the gateway; the " + what
                    + " will be tried again later.");
        }
        if (status == 503) {
            return new PayoutOutcome.Retryable(code, "Nagad is temporarily unavailable; the " + what
                    + " will be tried again later.");
        }
        if (status >= 500) {
            return new PayoutOutcome.Unknown("Nagad answered HTTP " + status + " (" + code + ") to the " + what);
        }
        if (isSessionError(reason)) {
            return new PayoutOutcome.Retryable(code, "Nagad refused a freshly opened session; the " + what
                    + " was not executed and will be tried again later.");
        }
        if (status >= 400) {
            String why = reason != null && SET_UP_PROBLEMS.containsKey(reason) ? SET_UP_PROBLEMS.get(reason)
                    : "Nagad refused the " + what + " (HTTP " + status + ")";
            return new PayoutOutcome.Retryable(code, why + "; it was not executed and may be sent again once"
                    + " the cause is fixed.");
        }
        return new PayoutOutcome.Unknown("Nagad answered an unexpected HTTP " + status + " to the " + what);
    }
}
