package org.opendisbursement.gateway.providers.nagad;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import java.time.Clock;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProviderAdapter;
import org.opendisbursement.gateway.dispatch.ProviderHttp;
import org.opendisbursement.gateway.dispatch.ProviderSettings;
import org.opendisbursement.gateway.dispatch.ProvidersProperties;
import org.opendisbursement.gateway.intake.Channel;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.BeneficiaryInfo;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.Encrypted;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.ErrorAnswer;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.PayoutAnswer;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.StatusAnswer;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.TransactionInfo;
import org.opendisbursement.gateway.system.Mask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Nagad disbursement ({@code disbursement.providers.nagad}): instant payout by
 * {@code POST …/api/secure-session/dfs/recharge/loan-payment} inside a session opened by the RSA handshake
 * ({@link NagadSessions}), status by {@code GET …/api/dfs/recharge/status}. Nagad sends no callback.
 *
 * <p>The payout body is {@code {"sensitiveData": Base64(AES-CBC(key, iv, plainJson))}} with
 * {@code plainJson = {"transactionSignature": Base64(HmacSHA256(key, T)), "transactionInfo": T}}, where {@code T} is
 * the transactionInfo JSON text exactly as embedded. {@code referenceNo} is the installment's reference UUID in its
 * 36-character text form, the same on every send and query (the mock sets no length or format limit on it).
 *
 * <p>A success answer means Nagad accepted the payout, not that it is paid: the adapter asks the status at once and
 * answers Confirmed only for {@code COMPLETED}, else Pending with the rechargeId (Nagad may finish later). A session
 * refused by Nagad ({@code INVALID_KEY_ID}, {@code INVALID_API_KEY}, {@code INVALID_CHALLENGE},
 * {@code DUPLICATE_RANDOM}: the request was not executed) is replaced by a fresh handshake and the call is made
 * once more. Credentials: {@code merchant-id}, {@code aggregator-id} and the two keys of {@link NagadKeys}.
 */
@Component
public class NagadAdapter implements ProviderAdapter {

    static final String NAME = "nagad";
    private static final Logger log = LoggerFactory.getLogger(NagadAdapter.class);

    private final ProvidersProperties providers;
    private final ProviderHttp http;
    private final NagadSessions sessions;
    private final JsonMapper json;
    private final Clock clock;

    NagadAdapter(ProvidersProperties providers, ProviderHttp http, NagadSessions sessions, JsonMapper json,
                 Clock clock) {
        this.providers = providers;
        this.http = http;
        this.sessions = sessions;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Channel channel() {
        return Channel.NAGAD;
    }

    @Override
    public PayoutOutcome send(PayoutRequest request) {
        ProviderSettings settings = providers.of(NAME).orElse(null);
        if (settings == null) {
            return new PayoutOutcome.Retryable("NOT_CONFIGURED", "Nagad is not configured in the gateway");
        }
        String account = NagadProtocol.localWallet(request.walletE164());
        if (account == null) {
            return new PayoutOutcome.Rejected("INVALID_ACCOUNT",
                    "The wallet number is not a Bangladeshi mobile number (01[3-9] and 8 digits); nothing was sent.");
        }
        String amount = NagadProtocol.amount(request.amountMinor(), request.currency());
        if (amount == null) {
            return new PayoutOutcome.Rejected("INVALID_AMOUNT",
                    "Nagad pays only positive amounts in Bangladeshi taka (BDT); nothing was sent.");
        }
        PayoutOutcome outcome;
        try {
            outcome = sendInSession(request, settings, account, amount);
        } catch (RuntimeException e) {
            // cannot tell whether the request left: never let the payout be resent without a status query
            log.error("Nagad payout {} failed unexpectedly: {}", request.reference(), e.getClass().getSimpleName());
            outcome = new PayoutOutcome.Unknown("Unexpected failure in the Nagad adapter: "
                    + e.getClass().getSimpleName());
        }
        log.atLevel(outcome.logLevel()).log("Nagad payout {} to {} attempt {}: {}", request.reference(), Mask.identifier(request.walletE164()),
                request.attempt(), outcome.kind());
        return outcome;
    }

    @Override
    public PayoutOutcome query(PayoutRequest request) {
        ProviderSettings settings = providers.of(NAME).orElse(null);
        if (settings == null) {
            return new PayoutOutcome.Retryable("NOT_CONFIGURED", "Nagad is not configured in the gateway");
        }
        PayoutOutcome outcome;
        try {
            outcome = queryInSession(request.reference().toString(), settings);
        } catch (RuntimeException e) {
            log.error("Nagad status of {} failed unexpectedly: {}", request.reference(), e.getClass().getSimpleName());
            outcome = new PayoutOutcome.Unknown("Unexpected failure in the Nagad adapter: "
                    + e.getClass().getSimpleName());
        }
        log.atLevel(outcome.logLevel()).log("Nagad status of {}: {}", request.reference(), outcome.kind());
        return outcome;
    }

    private PayoutOutcome sendInSession(PayoutRequest request, ProviderSettings settings, String account,
                                        String amount) {
        String referenceNo = request.reference().toString();
        for (int round = 1; ; round++) {
            NagadSession session;
            try {
                session = sessions.current(settings);
            } catch (NagadHandshakeFailed e) {
                return e.outcome();
            }
            String body = payoutBody(session, settings, referenceNo, account, amount);
            String url = NagadProtocol.url(settings, NagadProtocol.PAYOUT_PATH)
                    + "?key-id=" + NagadProtocol.query(session.keyId())
                    + "&ma-id=" + NagadProtocol.query(NagadProtocol.aggregatorId(settings));
            ProviderHttp.Answer answer;
            try {
                answer = http.exchange("POST", url, NagadProtocol.headers(settings, session.apiKey()), body, settings);
            } catch (ProviderHttp.NotSent e) {
                return new PayoutOutcome.Retryable("NOT_SENT", "Nagad could not be reached (" + e.getMessage()
                        + "); the payout was not sent.");
            } catch (ProviderHttp.NoAnswer e) {
                return new PayoutOutcome.Unknown("No complete answer from Nagad to the payout (" + e.getMessage()
                        + "); it may have been executed.");
            }
            if (answer.is2xx()) {
                return accepted(request, settings, session, answer);
            }
            ErrorAnswer error = NagadOutcomes.error(json, answer.body());
            if (NagadOutcomes.isSessionError(error.reason())) {
                sessions.discard(session);
                if (round == 1) {
                    log.info("Nagad refused the session ({}); opening a new one for payout {}", error.reason(),
                            request.reference());
                    continue;
                }
            }
            return NagadOutcomes.payoutRefusal(answer.status(), error);
        }
    }

    /** {"sensitiveData": AES(plainJson)} with plainJson holding the transactionInfo text T and HMAC(key, T). */
    private String payoutBody(NagadSession session, ProviderSettings settings, String referenceNo, String account,
                              String amount) {
        TransactionInfo info = new TransactionInfo(
                new BeneficiaryInfo(NagadProtocol.ACCOUNT_NO_TYPE_MOBILE, account, NagadProtocol.USER_TYPE),
                NagadProtocol.merchantId(settings), amount, NagadProtocol.CURRENCY_BDT,
                NagadProtocol.requestDateTime(clock), referenceNo, NagadProtocol.CHANNEL, session.challenge(),
                NagadProtocol.PURPOSE);
        try {
            String transactionInfo = json.writeValueAsString(info);
            String plainJson = "{\"transactionSignature\":"
                    + json.writeValueAsString(NagadCrypto.hmacSha256(session.key(), transactionInfo))
                    + ",\"transactionInfo\":" + transactionInfo + "}";
            String sensitiveData = NagadCrypto.aesEncrypt(session.key(), session.iv(), plainJson);
            return json.writeValueAsString(new Encrypted(sensitiveData));
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write the Nagad payout body", e);
        }
    }

    /** A success envelope: Nagad took the payout. Its status tells whether it is paid already. */
    private PayoutOutcome accepted(PayoutRequest request, ProviderSettings settings, NagadSession session,
                                   ProviderHttp.Answer answer) {
        String referenceNo = request.reference().toString();
        PayoutAnswer paid;
        try {
            Encrypted envelope = json.readValue(answer.body(), Encrypted.class);
            paid = json.readValue(NagadCrypto.aesDecrypt(session.key(), session.iv(), envelope.sensitiveData()),
                    PayoutAnswer.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException
                 | NagadCrypto.CryptoFailure e) {
            return new PayoutOutcome.Unknown("Nagad answered HTTP " + answer.status()
                    + " but its answer could not be decrypted or read; the payout may have been executed.");
        }
        if (paid == null || paid.referenceNo() != null && !paid.referenceNo().equals(referenceNo)) {
            return new PayoutOutcome.Unknown("Nagad's payout answer is about another reference");
        }
        PayoutOutcome status = queryInSession(referenceNo, settings);
        if (status instanceof PayoutOutcome.Confirmed || status instanceof PayoutOutcome.Rejected) {
            return status;
        }
        if (status instanceof PayoutOutcome.Pending pending) {
            return new PayoutOutcome.Pending(pending.providerTransactionId() != null ? pending.providerTransactionId()
                    : paid.rechargeId(), pending.detail());
        }
        return new PayoutOutcome.Pending(paid.rechargeId(),
                "Nagad accepted the payout; its final status could not be read yet (" + status.kind() + ")");
    }

    private PayoutOutcome queryInSession(String referenceNo, ProviderSettings settings) {
        for (int round = 1; ; round++) {
            NagadSession session;
            try {
                session = sessions.current(settings);
            } catch (NagadHandshakeFailed e) {
                return e.outcome();
            }
            // by referenceNo alone: a rechargeId filter could only turn a found payout into "not found"
            String url = NagadProtocol.url(settings, NagadProtocol.STATUS_PATH)
                    + "?requestDateTime=" + NagadProtocol.query(NagadProtocol.requestDateTime(clock))
                    + "&referenceNo=" + NagadProtocol.query(referenceNo);
            ProviderHttp.Answer answer;
            try {
                answer = http.exchange("GET", url, NagadProtocol.headers(settings, session.apiKey()), null, settings);
            } catch (ProviderHttp.NotSent e) {
                return new PayoutOutcome.Retryable("NOT_SENT", "Nagad could not be reached for the status ("
                        + e.getMessage() + ")");
            } catch (ProviderHttp.NoAnswer e) {
                return new PayoutOutcome.Unknown("No complete answer from Nagad to the status query ("
                        + e.getMessage() + ")");
            }
            if (answer.is2xx()) {
                try {
                    return NagadOutcomes.status(json.readValue(answer.body(), StatusAnswer.class), referenceNo);
                } catch (JacksonException | IllegalArgumentException e) {
                    return new PayoutOutcome.Unknown("Nagad's status answer could not be read");
                }
            }
            ErrorAnswer error = NagadOutcomes.error(json, answer.body());
            if (NagadOutcomes.isSessionError(error.reason())) {
                sessions.discard(session);
                if (round == 1) {
                    continue;
                }
            }
            return NagadOutcomes.statusRefusal(answer.status(), error);
        }
    }
}
