package org.opendisbursement.gateway.providers.mpesa;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import java.util.Map;
import java.util.UUID;
import org.opendisbursement.gateway.dispatch.CallbackGuard;
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
 * POSTs the final result later to {@code /callbacks/b2c-ke/result} (or the request echoed back to
 * {@code /callbacks/b2c-ke/timeout} when it timed out in Safaricom's queue), which {@link MpesaCallbackController}
 * hands to the dispatch. Callback paths hold neither "mpesa" nor "query" (Daraja's advice).
 *
 * <p><b>Amounts.</b> Whole shillings from KES 10 to KES 250,000; anything else is Rejected before sending, never
 * rounded.
 *
 * <p><b>ID check.</b> With {@code id-check: "true"} and a known national ID, the payout goes to the ID-checking
 * variant ({@code id-check-path}, default {@code /mpesa/b2cvalidate/v2/paymentrequest}) with {@code IDType}
 * ({@code id-type}, default {@code 01} = national ID) and {@code IDNumber}, so Safaricom refuses a wallet registered
 * to somebody else. The ID is never logged.
 *
 * <p><b>Status query.</b> {@code POST /mpesa/transactionstatus/v1/query} with exactly one of {@code TransactionID}
 * (the M-Pesa receipt, when known) and {@code OriginalConversationID}. Daraja's overview says "the Originator
 * Conversation ID of the transaction", its parameter table shows a ConversationID-shaped sample ({@code AG_…}):
 * by default the gateway sends its own OriginatorConversationID (the only id it has after a lost answer);
 * {@code status-query-id: conversation} sends the ConversationID instead when the acknowledgement gave one. The
 * query is answered by callback on {@code /callbacks/b2c-ke/status?reference=…} (the reference rides in the URL
 * because a "no such transaction" answer does not name it), so an accepted query is {@code Pending}.
 *
 * <p>Settings under {@code disbursement.providers.mpesa}: {@code base-url}, {@code callback-base-url} (the gateway's
 * public address; {@code ${local.server.port}} is resolved at use), {@code callback-secret}, and credentials
 * {@code consumer-key}, {@code consumer-secret}, {@code initiator-name}, {@code security-credential}
 * (the initiator password encrypted with Safaricom's certificate), {@code short-code} (PartyA), optional
 * {@code command-id} (default BusinessPayment), {@code remarks}, {@code id-check}, {@code id-type},
 * {@code id-check-path}, {@code status-query-id}.
 */
@Component
public class MpesaAdapter implements ProviderAdapter {

    static final String NAME = "mpesa";
    static final String PAYMENT_PATH = "/mpesa/b2c/v3/paymentrequest";
    static final String STATUS_PATH = "/mpesa/transactionstatus/v1/query";
    static final String ID_CHECK_PATH = "/mpesa/b2cvalidate/v2/paymentrequest";
    /** IDType of a Kenyan national ID card (two integrators' code; confirm with Safaricom). */
    static final String NATIONAL_ID_TYPE = "01";
    static final long MINIMUM_SHILLINGS = 10;
    static final long MAXIMUM_SHILLINGS = 250_000;

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
        if (shillings < MINIMUM_SHILLINGS || shillings > MAXIMUM_SHILLINGS) {
            return new PayoutOutcome.Rejected(shillings < MINIMUM_SHILLINGS ? "2" : "3",
                    "M-Pesa pays from KES 10 to KES 250,000 in one payment; this is KES " + shillings + ".");
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
            boolean checkId = "true".equalsIgnoreCase(credentials.getOrDefault("id-check", "false").strip())
                    && request.nationalId() != null && !request.nationalId().isBlank();
            var body = new PaymentRequest(request.reference().toString(),
                    settings.credential("initiator-name"), settings.credential("security-credential"),
                    credentials.getOrDefault("command-id", "BusinessPayment"), shillings,
                    settings.credential("short-code"), partyB,
                    credentials.getOrDefault("remarks", "Cash transfer"),
                    callbackUrl(settings, "/timeout", request.reference()),
                    callbackUrl(settings, "/result", request.reference()),
                    "Installment " + request.installmentId(),
                    checkId ? credentials.getOrDefault("id-type", NATIONAL_ID_TYPE) : null,
                    checkId ? request.nationalId().strip() : null);
            String path = checkId ? credentials.getOrDefault("id-check-path", ID_CHECK_PATH) : PAYMENT_PATH;
            ProviderHttp.Answer answer = postWithToken(path, json.writeValueAsString(body), settings);
            outcome = MpesaResults.ofPayoutAnswer(answer.status(), readAnswer(answer));
        } catch (MisconfiguredException e) {
            outcome = new PayoutOutcome.Retryable("NOT_CONFIGURED", e.getMessage() + "; the payment was not sent");
        } catch (MpesaTokens.Unavailable e) {
            outcome = e.refused() ? new PayoutOutcome.AccountFault("TOKEN_REFUSED", e.getMessage()
                    + " (check the consumer key and secret); the payment was not sent")
                    : new PayoutOutcome.Retryable("NO_TOKEN", e.getMessage() + "; the payment was not sent");
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
            boolean conversationKnown = known != null && known.startsWith("AG_");
            // the receipt (TransactionID) when known; otherwise OriginalConversationID, never both
            String transactionId = known == null || known.isBlank() || conversationKnown ? null : known.strip();
            String original = null;
            if (transactionId == null) {
                boolean byConversation = "conversation".equalsIgnoreCase(
                        settings.credentials().getOrDefault("status-query-id", "originator").strip());
                original = byConversation && conversationKnown ? known : request.reference().toString();
            }
            var body = new StatusQuery("TransactionStatusQuery", settings.credential("initiator-name"),
                    settings.credential("security-credential"), transactionId, original,
                    settings.credential("short-code"), "4",
                    callbackUrl(settings, "/status", request.reference()),
                    callbackUrl(settings, "/status-timeout", request.reference()),
                    "Payout status", "Installment " + request.installmentId());
            ProviderHttp.Answer answer = postWithToken(STATUS_PATH, json.writeValueAsString(body), settings);
            outcome = MpesaResults.ofQueryAnswer(answer.status(), readAnswer(answer), request.providerTransactionId());
        } catch (MisconfiguredException e) {
            outcome = new PayoutOutcome.Unknown(e.getMessage() + "; the status query was not sent");
        } catch (MpesaTokens.Unavailable e) {
            outcome = e.refused() ? new PayoutOutcome.AccountFault("TOKEN_REFUSED", e.getMessage()
                    + " (check the consumer key and secret); the status query was not sent")
                    : new PayoutOutcome.Unknown("the M-Pesa status query failed: " + e.getMessage());
        } catch (ProviderHttp.NotSent | ProviderHttp.NoAnswer e) {
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

    @Override
    public void prepare() {
        try {
            tokens.token(settings());
        } catch (Exception e) {
            // the payout meets the same fault and reports it
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
     * {@code callback-base-url + /callbacks/b2c-ke + path + ?reference=…&token=…}: the payout's own callback token
     * ({@link CallbackGuard#token}), never the secret. M-Pesa cannot add headers, so the token travels in the URL. The status query has its own paths ({@code /status},
     * {@code /status-timeout}), so that a timed-out query is not taken for a timed-out payout. No payout is sent
     * without a working callback address: its result would be lost.
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
        return base + MpesaCallbackController.BASE_PATH + path + "?reference=" + reference + "&token="
                + CallbackGuard.token(secret, NAME, reference);
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
