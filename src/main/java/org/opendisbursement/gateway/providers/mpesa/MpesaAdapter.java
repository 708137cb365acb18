package org.opendisbursement.gateway.providers.mpesa;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProviderAdapter;
import org.opendisbursement.gateway.dispatch.ProviderHttp;
import org.opendisbursement.gateway.dispatch.ProviderSettings;
import org.opendisbursement.gateway.dispatch.ProvidersProperties;
import org.opendisbursement.gateway.intake.Channel;
import org.opendisbursement.gateway.providers.mpesa.MpesaMessages.PaymentRequest;
import org.opendisbursement.gateway.providers.mpesa.MpesaMessages.StatusQuery;
import org.opendisbursement.gateway.providers.mpesa.MpesaMessages.SyncAnswer;
import org.opendisbursement.gateway.system.Mask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Safaricom M-Pesa Daraja B2C. A payout is {@code POST /mpesa/b2c/v3/paymentrequest} under
 * {@code OriginatorConversationID} = the installment's reference; M-Pesa only acknowledges it ({@code Pending}) and
 * POSTs the final result later to {@code /callbacks/mpesa/result} (or a queue timeout to
 * {@code /callbacks/mpesa/timeout}), which {@link MpesaCallbackController} hands to the dispatch.
 *
 * <p><b>Status query.</b> Daraja's transaction status query is asynchronous too: the request is only acknowledged and
 * the answer is POSTed to the query's own ResultURL. {@link #query} therefore sends the query with ResultURL
 * {@code /callbacks/mpesa/status?secret=…&reference=<reference>} and returns {@code Pending("status query sent")}
 * (or {@code Unknown} when the query itself was not accepted); the real answer (Completed → Confirmed, Pending →
 * Pending, Failed → Rejected, unknown transaction → NotFound) reaches the dispatch through
 * {@code PayoutCallbacks.apply} when the status callback arrives. The reference rides in the ResultURL because a
 * "no such transaction" answer does not name the transaction it is about.
 *
 * <p>Settings under {@code disbursement.providers.mpesa}: {@code base-url}, {@code callback-base-url} (the gateway's
 * public address; {@code ${local.server.port}} is resolved at use), {@code callback-secret}, and credentials
 * {@code consumer-key}, {@code consumer-secret}, {@code initiator-name}, {@code security-credential}
 * (the initiator password encrypted with Safaricom's certificate), {@code short-code} (PartyA), optional
 * {@code command-id} (default BusinessPayment) and {@code remarks}.
 */
@Component
public class MpesaAdapter implements ProviderAdapter {

    static final String NAME = "mpesa";
    static final String PAYMENT_PATH = "/mpesa/b2c/v3/paymentrequest";
    static final String STATUS_PATH = "/mpesa/transactionstatus/v1/query";

    private static final Logger log = LoggerFactory.getLogger(MpesaAdapter.class);

    private final ProvidersProperties providers;
    private final ProviderHttp http;
    private final JsonMapper json;
    private final Environment environment;
    private final MpesaTokens tokens;

    MpesaAdapter(ProvidersProperties providers, ProviderHttp http, JsonMapper json, Environment environment) {
        this.providers = providers;
        this.http = http;
        this.json = json;
        this.environment = environment;
        this.tokens = new MpesaTokens(http, json, System::nanoTime);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Channel channel() {
        return Channel.MPESA;
    }

    @Override
    public PayoutOutcome send(PayoutRequest request) {
        if (!MpesaFormat.CURRENCY.equals(request.currency())) {
            return new PayoutOutcome.Rejected("CURRENCY_NOT_SUPPORTED",
                    "M-Pesa Kenya pays only in Kenyan shillings (KES), not " + request.currency());
        }
        if (request.amountMinor() <= 0) {
            return new PayoutOutcome.Rejected("INVALID_AMOUNT", "The amount must be above zero.");
        }
        Long shillings = MpesaFormat.wholeShillings(request.amountMinor(), request.currency());
        if (shillings == null) {
            return new PayoutOutcome.Rejected("AMOUNT_NOT_WHOLE",
                    "M-Pesa pays whole shillings only; this amount has cents.");
        }
        String partyB = MpesaFormat.partyB(request.walletE164());
        if (partyB == null) {
            return new PayoutOutcome.Rejected("INVALID_WALLET",
                    "The wallet number is not a Kenyan mobile number (+2547… or +2541…).");
        }
        PayoutOutcome outcome;
        try {
            ProviderSettings settings = settings();
            Map<String, String> credentials = settings.credentials();
            var body = new PaymentRequest(request.reference().toString(),
                    settings.credential("initiator-name"), settings.credential("security-credential"),
                    credentials.getOrDefault("command-id", "BusinessPayment"), shillings,
                    settings.credential("short-code"), partyB,
                    credentials.getOrDefault("remarks", "Cash transfer"),
                    callbackUrl(settings, "/timeout", null), callbackUrl(settings, "/result", null),
                    "Installment " + request.installmentId());
            ProviderHttp.Answer answer = postWithToken(PAYMENT_PATH, json.writeValueAsString(body), settings);
            outcome = MpesaResults.ofPayoutAnswer(answer.status(), readAnswer(answer));
        } catch (MisconfiguredException e) {
            outcome = new PayoutOutcome.Retryable("NOT_CONFIGURED", e.getMessage() + "; the payment was not sent");
        } catch (MpesaTokens.Unavailable e) {
            outcome = new PayoutOutcome.Retryable("NO_TOKEN", e.getMessage() + "; the payment was not sent");
        } catch (ProviderHttp.NotSent e) {
            outcome = new PayoutOutcome.Retryable("NOT_SENT", e.getMessage() + "; the payment was not sent");
        } catch (ProviderHttp.NoAnswer e) {
            outcome = new PayoutOutcome.Unknown(e.getMessage() + " from M-Pesa; the payment may have been made");
        } catch (JacksonException e) {
            outcome = new PayoutOutcome.Retryable("NOT_SENT", "the request could not be written; it was not sent");
        }
        log.atLevel(outcome.logLevel()).log("mpesa send {} to {}: {}", request.reference(), maskedWallet(partyB), outcome.describe());
        return outcome;
    }

    /**
     * Sends a transaction status query; see the class comment: the answer arrives by callback, so an accepted query is
     * {@code Pending}, and a query that could not be sent or was refused leaves the payout {@code Unknown}.
     */
    @Override
    public PayoutOutcome query(PayoutRequest request) {
        PayoutOutcome outcome;
        try {
            ProviderSettings settings = settings();
            String known = request.providerTransactionId();
            // a ConversationID (AG_…) is not a TransactionID; the OriginatorConversationID identifies the payout anyway
            String transactionId = known == null || known.isBlank() || known.startsWith("AG_") ? null : known;
            var body = new StatusQuery("TransactionStatusQuery", settings.credential("initiator-name"),
                    settings.credential("security-credential"), transactionId, request.reference().toString(),
                    settings.credential("short-code"), "4",
                    callbackUrl(settings, "/status", request.reference()),
                    callbackUrl(settings, "/timeout", request.reference()) + "&kind=status-query",
                    "Payout status", "Installment " + request.installmentId());
            ProviderHttp.Answer answer = postWithToken(STATUS_PATH, json.writeValueAsString(body), settings);
            outcome = MpesaResults.ofQueryAnswer(answer.status(), readAnswer(answer), request.providerTransactionId());
        } catch (MisconfiguredException e) {
            outcome = new PayoutOutcome.Unknown(e.getMessage() + "; the status query was not sent");
        } catch (MpesaTokens.Unavailable | ProviderHttp.NotSent | ProviderHttp.NoAnswer e) {
            outcome = new PayoutOutcome.Unknown("the M-Pesa status query failed: " + e.getMessage());
        } catch (JacksonException e) {
            outcome = new PayoutOutcome.Unknown("the status query could not be written");
        }
        log.atLevel(outcome.logLevel()).log("mpesa query {}: {}", request.reference(), outcome.describe());
        return outcome;
    }

    /** The token cache; package-private for tests. */
    MpesaTokens tokens() {
        return tokens;
    }

    /** POSTs with a Bearer token; on a refused token (not executed), fetches a new one and tries once more. */
    private ProviderHttp.Answer postWithToken(String path, String body, ProviderSettings settings)
            throws MpesaTokens.Unavailable, ProviderHttp.NotSent, ProviderHttp.NoAnswer {
        String token = tokens.token(settings);
        ProviderHttp.Answer answer = post(path, body, token, settings);
        if (MpesaResults.tokenRefused(answer.status(), readAnswer(answer))) {
            tokens.invalidate(token);
            answer = post(path, body, tokens.token(settings), settings);
        }
        return answer;
    }

    private ProviderHttp.Answer post(String path, String body, String token, ProviderSettings settings)
            throws ProviderHttp.NotSent, ProviderHttp.NoAnswer {
        return http.exchange("POST", settings.baseUrl() + path, Map.of("Authorization", "Bearer " + token,
                "Content-Type", "application/json", "Accept", "application/json"), body, settings);
    }

    private SyncAnswer readAnswer(ProviderHttp.Answer answer) {
        String body = answer.body();
        if (body == null || body.isBlank()) {
            return SyncAnswer.EMPTY;
        }
        try {
            SyncAnswer parsed = json.readValue(body, SyncAnswer.class);
            return parsed == null ? SyncAnswer.EMPTY : parsed;
        } catch (JacksonException | IllegalArgumentException e) {
            return SyncAnswer.EMPTY;
        }
    }

    private ProviderSettings settings() throws MisconfiguredException {
        ProviderSettings settings = providers.of(NAME).orElseThrow(
                () -> new MisconfiguredException("no settings under disbursement.providers.mpesa"));
        if (settings.baseUrl() == null || settings.baseUrl().isBlank()) {
            throw new MisconfiguredException("disbursement.providers.mpesa.base-url is not set");
        }
        for (String key : new String[] {"consumer-key", "consumer-secret", "initiator-name", "security-credential",
                "short-code"}) {
            String value = settings.credentials().get(key);
            if (value == null || value.isBlank()) {
                throw new MisconfiguredException("missing credential '" + key + "' for mpesa");
            }
        }
        return settings;
    }

    /**
     * {@code callback-base-url + /callbacks/mpesa + path + ?secret=…[&reference=…]}. M-Pesa cannot add headers, so
     * the callback secret travels in the URL. The status query's own QueueTimeOutURL adds {@code kind=status-query}, so
     * that a timed-out query is not taken for a timed-out payout. No payout is sent without a working callback address: its result would
     * be lost.
     */
    private String callbackUrl(ProviderSettings settings, String path, UUID reference) throws MisconfiguredException {
        String base = settings.callbackBaseUrl();
        if (base == null || base.isBlank()) {
            throw new MisconfiguredException("disbursement.providers.mpesa.callback-base-url is not set");
        }
        String secret = settings.callbackSecret();
        if (secret == null || secret.isBlank()) {
            throw new MisconfiguredException("disbursement.providers.mpesa.callback-secret is not set");
        }
        try {
            base = environment.resolveRequiredPlaceholders(base);
        } catch (IllegalArgumentException e) {
            throw new MisconfiguredException("disbursement.providers.mpesa.callback-base-url cannot be resolved yet");
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + MpesaCallbackController.BASE_PATH + path + "?secret="
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)
                + (reference == null ? "" : "&reference=" + reference);
    }

    private static String maskedWallet(String partyB) {
        return Mask.identifier(partyB);
    }


    /** A setting the adapter needs is missing: nothing was sent. */
    static final class MisconfiguredException extends Exception {
        MisconfiguredException(String message) {
            super(message);
        }
    }
}
