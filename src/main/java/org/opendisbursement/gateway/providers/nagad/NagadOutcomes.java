package org.opendisbursement.gateway.providers.nagad;

import tools.jackson.databind.json.JsonMapper;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProviderSettings;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.ErrorAnswer;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.StatusAnswer;

/**
 * Nagad's answers in the gateway's terms. Any answer without {@code sensitiveData} is an error, whatever its HTTP
 * status (Nagad answers errors with HTTP 200 too). Nagad publishes no list of error reasons: the built-in codes are
 * the mock's (mock-chosen) and more can be configured, comma-separated, in the credentials
 * {@code account-fault-codes} and {@code rejection-codes}. A reason the gateway does not know is never read as
 * "not executed": the payout is UNKNOWN, and since Nagad's status query needs the rechargeId only a success answer
 * gives, a person settles it from the merchant statement.
 *
 * <table>
 *   <caption>Nagad answer → outcome</caption>
 *   <tr><th>answer</th><th>outcome</th></tr>
 *   <tr><td>payout with sensitiveData, then status COMPLETED</td><td>Confirmed (facts checked)</td></tr>
 *   <tr><td>payout with sensitiveData, status not readable yet</td><td>Pending (asked again later)</td></tr>
 *   <tr><td>account-level reason (merchant balance, merchant not active, signature or keys, IP, ids, clock,
 *       malformed request)</td><td>AccountFault: provider paused, nothing spent</td></tr>
 *   <tr><td>beneficiary-level reason (invalid or unregistered wallet, inactive wallet, limit, amount)</td>
 *       <td>Rejected</td></tr>
 *   <tr><td>session reason (key id, API key, challenge used or wrong, decryption)</td><td>Retryable: not
 *       executed, a new handshake next time</td></tr>
 *   <tr><td>DUPLICATE_REFERENCE</td><td>Duplicate: ask, never resend</td></tr>
 *   <tr><td>HTTP 429</td><td>Retryable</td></tr>
 *   <tr><td>any other reason, 5xx, unreadable answer, no answer after sending</td><td>Unknown</td></tr>
 * </table>
 */
final class NagadOutcomes {

    /** The gateway's account or set-up is at fault: every payout would be refused the same way. */
    static final Map<String, String> ACCOUNT_FAULTS = Map.of(
            "INSUFFICIENT_BALANCE", "The programme's Nagad merchant account does not hold enough money; fund it,"
                    + " then resume Nagad",
            "MERCHANT_NOT_ACTIVE", "Nagad reports the merchant account as not active",
            "IP_NOT_WHITELISTED", "Nagad refuses the gateway's IP address: it is not whitelisted for the merchant",
            "INVALID_SIGNATURE", "Nagad refused the gateway's signature: check the merchant private key (handshake)"
                    + " and the HMAC key uploaded in the Nagad portal (transactionSignature)",
            "INVALID_MERCHANT", "Nagad refused the merchant (MC) or merchant aggregator (MA) id configured in the"
                    + " gateway",
            "INVALID_REQUEST_TIME", "Nagad refused the request time: check the gateway server's clock",
            "INVALID_REQUEST", "Nagad refused the request as malformed: the gateway's Nagad protocol or settings"
                    + " need fixing");

    /** The beneficiary's wallet or the payment itself is refused, for good. */
    static final Map<String, String> REJECTIONS = Map.of(
            "INVALID_ACCOUNT", "The wallet number is not a valid Nagad account number.",
            "ACCOUNT_NOT_FOUND", "No Nagad account is registered for this wallet number.",
            "ACCOUNT_INACTIVE", "The beneficiary's Nagad account is inactive or blocked and cannot receive money.",
            "LIMIT_EXCEEDED", "The payment would exceed the beneficiary's Nagad account limit.",
            "INVALID_AMOUNT", "Nagad refused the amount as invalid.");

    /** The session was refused before anything was done; a new handshake is needed. */
    static final Set<String> SESSION_ERRORS = Set.of("INVALID_KEY_ID", "INVALID_API_KEY", "INVALID_CHALLENGE",
            "CHALLENGE_ALREADY_USED", "DUPLICATE_RANDOM", "DECRYPTION_FAILED");

    static final String DUPLICATE = "DUPLICATE_REFERENCE";

    private static final Set<String> PENDING_STATUSES = Set.of("PENDING", "PROCESSING", "IN_PROGRESS", "INITIATED");

    private NagadOutcomes() {
    }

    /** How a reason is classed, the configured extras included. */
    enum Kind { ACCOUNT_FAULT, REJECTED, SESSION, DUPLICATE, UNKNOWN }

    static Kind classify(String reason, ProviderSettings settings) {
        if (reason == null || reason.isBlank()) {
            return Kind.UNKNOWN;
        }
        String code = reason.strip();
        if (ACCOUNT_FAULTS.containsKey(code) || configured(settings, "account-fault-codes").contains(code)) {
            return Kind.ACCOUNT_FAULT;
        }
        if (REJECTIONS.containsKey(code) || configured(settings, "rejection-codes").contains(code)) {
            return Kind.REJECTED;
        }
        if (SESSION_ERRORS.contains(code)) {
            return Kind.SESSION;
        }
        return DUPLICATE.equals(code) ? Kind.DUPLICATE : Kind.UNKNOWN;
    }

    /** {@code body} read as {@code type}; null when it is not such JSON. */
    static <T> T read(JsonMapper json, String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readValue(body, type);
        } catch (Exception notJson) {
            return null;
        }
    }

    /** The {@code {reason, message}} of an error answer; empty fields when the body is not such JSON. */
    static ErrorAnswer error(JsonMapper json, String body) {
        ErrorAnswer error = read(json, body, ErrorAnswer.class);
        return error == null ? new ErrorAnswer(null, null) : error;
    }

    /** A handshake answered without sensitiveData: never a payout sent, so an account fault or retryable. */
    static NagadHandshakeFailed handshakeRefusal(int status, ErrorAnswer error) {
        String reason = error.reason();
        if (reason != null && ACCOUNT_FAULTS.containsKey(reason.strip())) {
            return NagadHandshakeFailed.accountFault(reason.strip(), ACCOUNT_FAULTS.get(reason.strip())
                    + " (session handshake); nothing was sent");
        }
        String code = reason == null || reason.isBlank() ? "HTTP_" + status : reason.strip();
        return NagadHandshakeFailed.retryable(code, "Nagad refused to open a session (HTTP " + status + ", " + code
                + "); nothing was sent");
    }

    /** A payout answered without sensitiveData (any HTTP status). */
    static PayoutOutcome payoutRefusal(int status, ErrorAnswer error, ProviderSettings settings) {
        String reason = error.reason() == null ? null : error.reason().strip();
        switch (classify(reason, settings)) {
            case ACCOUNT_FAULT:
                return new PayoutOutcome.AccountFault(reason, ACCOUNT_FAULTS.getOrDefault(reason,
                        "Nagad refused the payout for the merchant account (" + reason + ")")
                        + "; the payout was not executed.");
            case REJECTED:
                return new PayoutOutcome.Rejected(reason, REJECTIONS.getOrDefault(reason,
                        "Nagad refused the payment to this wallet (" + reason + ")."));
            case SESSION:
                return new PayoutOutcome.Retryable(reason, "Nagad refused the session (" + reason + "); the payout"
                        + " was not executed and will be sent again after a new handshake.");
            case DUPLICATE:
                return new PayoutOutcome.Duplicate("Nagad already has a payout under this referenceNo (" + reason
                        + ")");
            default:
                break;
        }
        String code = reason != null && !reason.isBlank() ? reason : "HTTP_" + status;
        if (status == 429) {
            return new PayoutOutcome.Retryable(code, "Nagad is rate limiting the gateway; the payout will be tried"
                    + " again later.");
        }
        // an unknown reason or a server error: most likely not executed, but nothing says so for certain
        return new PayoutOutcome.Unknown("Nagad answered HTTP " + status + " without sensitiveData and with a reason"
                + " the gateway does not know (" + code + "); it may or may not have been executed.");
    }

    /**
     * The status of a payout the gateway holds the rechargeId of ({@code sent}). {@code httpStatus} is that of the
     * answer; the answer's facts are reported for {@link org.opendisbursement.gateway.dispatch.PayoutCheck}.
     */
    static PayoutOutcome status(int httpStatus, StatusAnswer answer, PayoutRequest request, NagadTransaction sent,
                                ProviderSettings settings) {
        String referenceNo = NagadProtocol.referenceNo(request.reference(), settings);
        String where = "rechargeId " + sent.rechargeId() + ", referenceNo " + referenceNo;
        if (answer == null) {
            return new PayoutOutcome.Retryable("STATUS_UNREADABLE", "Nagad's status answer (HTTP " + httpStatus
                    + ") could not be read; asked again later");
        }
        String status = answer.status() == null ? "" : answer.status().strip().toUpperCase(Locale.ROOT);
        String reason = answer.reason() == null ? null : answer.reason().strip();
        if ("COMPLETED".equals(status)) {
            if (answer.rechargeId() != null && !answer.rechargeId().strip().equals(sent.rechargeId())) {
                return new PayoutOutcome.Unverifiable("Nagad's status answer for " + where + " is about another"
                        + " rechargeId; check the Nagad merchant statement / reconciliation for referenceNo "
                        + referenceNo);
            }
            String issuer = answer.issuerTxnId() != null ? answer.issuerTxnId() : sent.issuerTxnId();
            NagadTransaction transaction = new NagadTransaction(issuer, sent.rechargeId(), sent.requestDateTime());
            return new PayoutOutcome.Confirmed(transaction.encoded(), reported(answer));
        }
        if (PENDING_STATUSES.contains(status)) {
            return new PayoutOutcome.Pending(sent.encoded(), "Nagad reports the transfer as " + status,
                    reported(answer));
        }
        Kind kind = classify(reason, settings);
        if (kind == Kind.ACCOUNT_FAULT) {
            return new PayoutOutcome.AccountFault(reason, ACCOUNT_FAULTS.getOrDefault(reason,
                    "Nagad refused the status query for the merchant account (" + reason + ")"));
        }
        if (kind == Kind.SESSION || httpStatus == 429 || httpStatus >= 500) {
            return new PayoutOutcome.Retryable(reason != null ? reason : "HTTP_" + httpStatus,
                    "the Nagad status query failed (HTTP " + httpStatus + "); asked again later");
        }
        // Nagad gave a rechargeId, so it took the payout: any other word (FAILED, NOT_FOUND, …) is undocumented
        return new PayoutOutcome.Unverifiable("Nagad's status for " + where + " is "
                + (status.isEmpty() ? "not given" : status) + (reason == null ? "" : " (" + reason + ")")
                + ", which Nagad does not document; check the Nagad merchant statement / reconciliation for referenceNo "
                + referenceNo + " before anything else. Never resend it blindly.");
    }

    /** What a status answer says about the payout: amount, currency, payee, reference (each null when not said). */
    static PayoutOutcome.Reported reported(StatusAnswer answer) {
        return new PayoutOutcome.Reported(NagadProtocol.amountMinor(answer.amount()),
                NagadProtocol.currency(answer.currency()), NagadProtocol.e164(answer.customerMobileNo()),
                NagadProtocol.gatewayReference(answer.referenceNo()));
    }

    private static Set<String> configured(ProviderSettings settings, String name) {
        String value = settings == null ? null : settings.credentials().get(name);
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(code -> !code.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
