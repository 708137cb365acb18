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
import org.opendisbursement.gateway.providers.nagad.NagadMessages.PayoutAnswer;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.StatusAnswer;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.TransactionInfo;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.TxnAdditionalInfo;
import org.opendisbursement.gateway.system.Mask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Nagad disbursement ({@code disbursement.providers.nagad}), built to the one public client
 * ({@code polygontech/nagad-disbursement}, 2023; see docs/providers/nagad.md for what still needs Nagad's written
 * confirmation). Each payout opens its own session ({@link NagadHandshake}: the challenge is single-use), then
 * {@code POST …/api/secure-session/dfs/recharge/loan-payment?key-id&ma-id} with
 * {@code {"sensitiveData": Base64(AES-CBC(key, iv, {"transactionSignature": Base64(HMAC-SHA256(merchant HMAC key, T)),
 * "transactionInfo": T}))}}, and at once {@code GET …/api/dfs/recharge/status} with the payout's own
 * {@code requestDateTime}, its {@code referenceNo} and the {@code rechargeId} of the answer, to check what Nagad
 * reports (amount, payee, reference) before the payout is believed. Nagad sends no callback.
 *
 * <p>The status query needs the payout's {@code requestDateTime} and {@code rechargeId}; both are kept in the
 * installment's provider transaction id ({@link NagadTransaction}). Without them (the payout's answer was lost) Nagad
 * cannot be asked: the payout is {@link PayoutOutcome.Unverifiable} and goes to a person with the referenceNo to look
 * for in the merchant statement; it is never resent and never confirmed on its own.
 */
@Component
public class NagadAdapter implements ProviderAdapter {

    static final String NAME = "nagad";
    private static final Logger log = LoggerFactory.getLogger(NagadAdapter.class);

    private final ProvidersProperties providers;
    private final ProviderHttp http;
    private final NagadHandshake handshake;
    private final JsonMapper json;
    private final Clock clock;

    NagadAdapter(ProvidersProperties providers, ProviderHttp http, NagadHandshake handshake, JsonMapper json,
                 Clock clock) {
        this.providers = providers;
        this.http = http;
        this.handshake = handshake;
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
            return new PayoutOutcome.AccountFault("NOT_CONFIGURED", "Nagad is not configured in the gateway");
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
            outcome = sendInNewSession(request, settings, account, amount);
        } catch (RuntimeException e) {
            // cannot tell whether the request left: never let the payout be resent without a person looking
            log.error("Nagad payout {} failed unexpectedly: {}", request.reference(), e.getClass().getSimpleName());
            outcome = new PayoutOutcome.Unknown("Unexpected failure in the Nagad adapter: "
                    + e.getClass().getSimpleName());
        }
        log.atLevel(outcome.logLevel()).log("Nagad payout {} to {} attempt {}: {}", request.reference(),
                Mask.identifier(request.walletE164()), request.attempt(), outcome.describe());
        return outcome;
    }

    /** A handshake, the payout, and the status query on the same session. */
    @Override
    public int callsPerPayout() {
        return 3;
    }

    @Override
    public PayoutOutcome query(PayoutRequest request) {
        ProviderSettings settings = providers.of(NAME).orElse(null);
        if (settings == null) {
            return new PayoutOutcome.AccountFault("NOT_CONFIGURED", "Nagad is not configured in the gateway");
        }
        PayoutOutcome outcome;
        try {
            NagadTransaction sent = NagadTransaction.parse(request.providerTransactionId());
            if (sent == null) {
                String referenceNo = NagadProtocol.referenceNo(request.reference(), settings);
                outcome = new PayoutOutcome.Unverifiable("Nagad's answer to this payout never reached the gateway, so"
                        + " it lacks the rechargeId and request time Nagad's status query needs: check the Nagad"
                        + " merchant statement / reconciliation for referenceNo " + referenceNo + " (amount "
                        + NagadProtocol.amount(request.amountMinor(), request.currency()) + " BDT). Never resend it"
                        + " before that.");
            } else {
                NagadSession session = handshake.open(settings, NagadProtocol.requestDateTime(clock));
                outcome = status(request, settings, session, sent);
            }
        } catch (NagadHandshakeFailed e) {
            outcome = e.outcome();
        } catch (RuntimeException e) {
            log.error("Nagad status of {} failed unexpectedly: {}", request.reference(), e.getClass().getSimpleName());
            outcome = new PayoutOutcome.Retryable("ADAPTER_FAILURE", "Unexpected failure in the Nagad adapter: "
                    + e.getClass().getSimpleName());
        }
        log.atLevel(outcome.logLevel()).log("Nagad status of {}: {}", request.reference(), outcome.describe());
        return outcome;
    }

    private PayoutOutcome sendInNewSession(PayoutRequest request, ProviderSettings settings, String account,
                                           String amount) {
        NagadSession session;
        String body;
        String url;
        try {
            session = handshake.open(settings, NagadProtocol.requestDateTime(clock));
            body = payoutBody(session, settings, handshake.keys(settings), request, account, amount);
            url = NagadProtocol.url(settings, NagadProtocol.PAYOUT_PATH)
                    + "?key-id=" + NagadProtocol.query(session.keyId())
                    + "&ma-id=" + NagadProtocol.query(NagadProtocol.aggregatorId(settings));
        } catch (NagadHandshakeFailed e) {
            return e.outcome();
        } catch (IllegalStateException e) {
            return new PayoutOutcome.AccountFault("NOT_CONFIGURED", "The gateway's Nagad settings are incomplete ("
                    + e.getMessage() + "); nothing was sent");
        }
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
        Encrypted envelope = NagadOutcomes.read(json, answer.body(), Encrypted.class);
        if (envelope == null || envelope.sensitiveData() == null || envelope.sensitiveData().isBlank()) {
            return NagadOutcomes.payoutRefusal(answer.status(), NagadOutcomes.error(json, answer.body()), settings);
        }
        return accepted(request, settings, session, answer, envelope);
    }

    /** {"sensitiveData": AES(plainJson)} with plainJson holding the transactionInfo text T and its HMAC. */
    private String payoutBody(NagadSession session, ProviderSettings settings, NagadKeys keys, PayoutRequest request,
                              String account, String amount) {
        TransactionInfo info = new TransactionInfo(
                new BeneficiaryInfo(NagadProtocol.ACCOUNT_NO_TYPE_MOBILE, account, NagadProtocol.USER_TYPE),
                NagadProtocol.merchantId(settings), amount, NagadProtocol.CURRENCY_BDT, session.requestDateTime(),
                NagadProtocol.referenceNo(request.reference(), settings), NagadProtocol.CHANNEL, session.challenge(),
                NagadProtocol.PURPOSE, new TxnAdditionalInfo(NagadProtocol.productId(settings),
                NagadProtocol.description(settings), NagadProtocol.notificationId(settings)));
        try {
            String transactionInfo = json.writeValueAsString(info);
            String plainJson = "{\"transactionSignature\":"
                    + json.writeValueAsString(NagadCrypto.hmacSha256(keys.hmacKey(), transactionInfo))
                    + ",\"transactionInfo\":" + transactionInfo + "}";
            return json.writeValueAsString(new Encrypted(NagadCrypto.aesEncrypt(session.key(), session.iv(),
                    plainJson)));
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write the Nagad payout body", e);
        }
    }

    /** An answer with sensitiveData: Nagad took the payout. Its status, asked at once, is what is believed. */
    private PayoutOutcome accepted(PayoutRequest request, ProviderSettings settings, NagadSession session,
                                   ProviderHttp.Answer answer, Encrypted envelope) {
        PayoutAnswer paid;
        try {
            paid = json.readValue(NagadCrypto.aesDecrypt(session.key(), session.iv(), envelope.sensitiveData()),
                    PayoutAnswer.class);
        } catch (JacksonException | IllegalArgumentException | NagadCrypto.CryptoFailure e) {
            paid = null;
        }
        if (paid == null || paid.rechargeId() == null || paid.rechargeId().isBlank()) {
            return new PayoutOutcome.Unknown("Nagad answered HTTP " + answer.status() + " with sensitiveData that"
                    + " could not be decrypted or carries no rechargeId; the payout may have been executed.");
        }
        // the request time the payout was sent with, which the status query must repeat
        NagadTransaction sent = new NagadTransaction(paid.issuerTxnId(), paid.rechargeId().strip(),
                session.requestDateTime());
        PayoutOutcome.Reported echoed = new PayoutOutcome.Reported(null, null, null,
                NagadProtocol.gatewayReference(paid.referenceNo()));
        PayoutOutcome status = status(request, settings, session, sent);
        if (status instanceof PayoutOutcome.Confirmed confirmed) {
            PayoutOutcome.Reported reported = confirmed.reported().reference() != null ? confirmed.reported()
                    : new PayoutOutcome.Reported(confirmed.reported().amountMinor(), confirmed.reported().currency(),
                    confirmed.reported().payee(), echoed.reference());
            return new PayoutOutcome.Confirmed(confirmed.providerTransactionId(), reported);
        }
        // taken, not yet checked: keep what the query needs and ask again (a person decides if Nagad never says)
        return new PayoutOutcome.Pending(sent.encoded(), "Nagad took the payout (rechargeId " + sent.rechargeId()
                + "); its status could not be confirmed yet: " + status.describe(), echoed);
    }

    private PayoutOutcome status(PayoutRequest request, ProviderSettings settings, NagadSession session,
                                 NagadTransaction sent) {
        String url = NagadProtocol.url(settings, NagadProtocol.STATUS_PATH)
                + "?requestDateTime=" + NagadProtocol.query(sent.requestDateTime())
                + "&referenceNo=" + NagadProtocol.query(NagadProtocol.referenceNo(request.reference(), settings))
                + "&rechargeId=" + NagadProtocol.query(sent.rechargeId());
        ProviderHttp.Answer answer;
        try {
            answer = http.exchange("GET", url, NagadProtocol.headers(settings, session.apiKey()), null, settings);
        } catch (ProviderHttp.NotSent | ProviderHttp.NoAnswer e) {
            return new PayoutOutcome.Retryable("STATUS_NOT_ANSWERED", "Nagad did not answer the status query ("
                    + e.getMessage() + "); asked again later");
        }
        return NagadOutcomes.status(answer.status(), NagadOutcomes.read(json, answer.body(), StatusAnswer.class),
                request, sent, settings);
    }
}
