package org.opendisbursement.gateway.providers.mtn;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
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
import org.opendisbursement.gateway.system.Mask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * MTN MoMo Disbursement transfers ({@code disbursement.providers.mtn}). Asynchronous: {@code POST
 * /disbursement/v1_0/transfer} answers 202 (accepted, not paid: {@link PayoutOutcome.Pending}), and the result comes
 * from {@code GET /disbursement/v1_0/transfer/{reference}} or, once, from the callback to
 * {@code <callback-base-url>/callbacks/mtn?reference=…&token=…} ({@link MtnCallbackController}), sent only when a
 * callback base URL is configured. Since MTN may send the callback only once, dispatch must poll as well.
 *
 * <p>The idempotency key is {@code X-Reference-Id} = the installment's current reference UUID; {@code externalId}
 * carries the same UUID, so that a callback (which names its transfer by {@code externalId} only) finds its payout and
 * every answer's {@code externalId} is compared with the reference. A reused reference gets 409
 * ({@link PayoutOutcome.Duplicate}) even when the first transfer FAILED: FAILED is final for that reference, and
 * {@link MtnStatus} says which reasons go on under a new one.
 *
 * <p>Credentials ({@code disbursement.providers.mtn.credentials}): {@code api-user}, {@code api-key},
 * {@code subscription-key} (the Disbursement product's primary key) and {@code target-environment} ({@code sandbox},
 * {@code mtnuganda}, …). {@code base-url}: e.g. {@code https://sandbox.momodeveloper.mtn.com}.
 */
@Component
public class MtnAdapter implements ProviderAdapter {

    static final String NAME = "mtn";
    private static final Logger LOG = LoggerFactory.getLogger(MtnAdapter.class);
    private static final String PAYER_MESSAGE = "Cash support";
    private static final String PAYEE_NOTE = "Cash support payment";

    private final ProvidersProperties providers;
    private final ProviderHttp http;
    private final JsonMapper json;
    private final Environment environment;
    private final MtnTokens tokens;

    MtnAdapter(ProvidersProperties providers, ProviderHttp http, JsonMapper json, Environment environment) {
        this.providers = providers;
        this.http = http;
        this.json = json;
        this.environment = environment;
        this.tokens = new MtnTokens(http, json);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Channel channel() {
        return Channel.MTN;
    }

    /** 202 → Pending; 409 → Duplicate; see {@link #sendFailure} for the rest. */
    @Override
    public PayoutOutcome send(PayoutRequest request) {
        return logged("send", request, transfer(request));
    }

    /** SUCCESSFUL / PENDING / FAILED as {@link MtnStatus} maps them; 404 → NotFound; a failed query → Unknown. */
    @Override
    public PayoutOutcome query(PayoutRequest request) {
        return logged("query", request, status(request));
    }

    MtnTokens tokens() {
        return tokens;
    }

    private PayoutOutcome transfer(PayoutRequest request) {
        String msisdn = MtnFormat.msisdn(request.walletE164());
        if (msisdn == null) {
            return new PayoutOutcome.Rejected("INVALID_WALLET", "the wallet is not an international mobile number");
        }
        String amount = MtnFormat.amount(request.amountMinor(), request.currency());
        if (amount == null) {
            return new PayoutOutcome.Rejected("INVALID_AMOUNT", "MTN pays only positive amounts in an ISO 4217"
                    + " currency");
        }
        ProviderSettings settings;
        String body;
        Map<String, String> headers = new LinkedHashMap<>();
        try {
            settings = providers.require(NAME);
            body = json.writeValueAsString(new MtnMessages.Transfer(amount, request.currency().strip(),
                    request.reference().toString(), new MtnMessages.Payee("MSISDN", msisdn), PAYER_MESSAGE,
                    PAYEE_NOTE));
            headers.put("X-Reference-Id", request.reference().toString());
            headers.put("X-Target-Environment", settings.credential("target-environment"));
            String callbackUrl = callbackUrl(settings, request.reference());
            if (callbackUrl != null) {
                headers.put("X-Callback-Url", callbackUrl);
            }
        } catch (IllegalStateException | IllegalArgumentException | JacksonException e) {
            return new PayoutOutcome.AccountFault("CONFIGURATION", "MTN is not configured: " + e.getMessage());
        }
        ProviderHttp.Answer answer;
        try {
            answer = authorized("POST", "/disbursement/v1_0/transfer", headers, body, settings);
        } catch (MtnTokens.Unavailable e) {
            return e.refused()
                    ? new PayoutOutcome.AccountFault("TOKEN_REFUSED", e.getMessage() + "; the transfer was not sent")
                    : new PayoutOutcome.Retryable("TOKEN", e.getMessage() + "; the transfer was not sent");
        } catch (ProviderHttp.NotSent e) {
            return new PayoutOutcome.Retryable("NOT_SENT", "the transfer never reached MTN: " + e.getMessage());
        } catch (ProviderHttp.NoAnswer e) {
            return new PayoutOutcome.Unknown("no answer from MTN after sending (" + e.getMessage() + ")");
        }
        if (answer.status() == 202) {
            return new PayoutOutcome.Pending(null, "MTN accepted the transfer; the result comes by status query or"
                    + " callback");
        }
        return sendFailure(answer);
    }

    /**
     * A transfer answered with anything but 202: 409 → Duplicate; 429 and 503 → Retryable (not executed); 400 →
     * AccountFault (MTN creates nothing on 400, and what it refuses there is the gateway's set-up, not the
     * beneficiary: callback host not registered, currency not the target environment's, target environment not allowed,
     * a malformed request); 401 and 403 after a fresh token → AccountFault (subscription key, API user, IP not
     * allowed); 500 and other 5xx → Unknown (it may have been accepted); any other status → Unknown if 2xx, else
     * Retryable.
     */
    private PayoutOutcome sendFailure(ProviderHttp.Answer answer) {
        int status = answer.status();
        MtnMessages.Error error = error(answer);
        String code = error != null && error.code() != null ? MtnFormat.safe(error.code()) : "HTTP_" + status;
        String message = error == null ? "" : MtnFormat.safe(error.message());
        if (status == 409) {
            return new PayoutOutcome.Duplicate("MTN already has a transfer under this X-Reference-Id (" + code + ")");
        }
        if (status == 429) {
            return new PayoutOutcome.Retryable("HTTP_429", "MTN is rate limiting; the transfer was not accepted");
        }
        if (status == 503) {
            return new PayoutOutcome.Retryable(code, "MTN's service is unavailable; the transfer was not accepted");
        }
        if (status == 401 || status == 403) {
            return new PayoutOutcome.AccountFault("HTTP_" + status, "MTN refused the gateway's access (subscription"
                    + " key, API user or address not allowed); the transfer was not accepted"
                    + (message.isEmpty() ? "" : ": " + message));
        }
        if (status == 400) {
            return new PayoutOutcome.AccountFault(code, MtnErrors.configurationFault(code)
                    + (message.isEmpty() ? "" : " (MTN: " + message + ")") + "; the transfer was not accepted");
        }
        if (status >= 500 || status < 300) {
            return new PayoutOutcome.Unknown("MTN answered HTTP " + status + " (" + code + ") after the transfer was"
                    + " sent");
        }
        return new PayoutOutcome.Retryable(code, "MTN answered HTTP " + status + "; the transfer was not accepted");
    }

    private PayoutOutcome status(PayoutRequest request) {
        ProviderSettings settings;
        Map<String, String> headers;
        try {
            settings = providers.require(NAME);
            headers = Map.of("X-Target-Environment", settings.credential("target-environment"));
        } catch (IllegalStateException e) {
            return new PayoutOutcome.AccountFault("CONFIGURATION", "MTN is not configured: " + e.getMessage());
        }
        ProviderHttp.Answer answer;
        try {
            answer = authorized("GET", "/disbursement/v1_0/transfer/" + request.reference(), headers, null, settings);
        } catch (MtnTokens.Unavailable e) {
            return e.refused() ? new PayoutOutcome.AccountFault("TOKEN_REFUSED", e.getMessage()
                    + "; the status query was not made") : new PayoutOutcome.Unknown("the MTN status query failed: "
                    + e.getMessage());
        } catch (ProviderHttp.NotSent | ProviderHttp.NoAnswer e) {
            return new PayoutOutcome.Unknown("the MTN status query failed: " + e.getMessage());
        }
        if (answer.status() == 404) {
            MtnMessages.Error error = error(answer);
            if (error != null && "RESOURCE_NOT_FOUND".equals(error.code())) {
                return new PayoutOutcome.NotFound("MTN has no transfer under this X-Reference-Id");
            }
            return new PayoutOutcome.Unknown("the MTN status query answered 404 without RESOURCE_NOT_FOUND");
        }
        if (answer.status() == 401 || answer.status() == 403) {
            return new PayoutOutcome.AccountFault("HTTP_" + answer.status(), "MTN refused the gateway's access to the"
                    + " status query (subscription key, API user or address not allowed)");
        }
        if (answer.status() != 200) {
            MtnMessages.Error error = error(answer);
            return new PayoutOutcome.Unknown("the MTN status query failed with HTTP " + answer.status()
                    + (error != null && error.code() != null ? " (" + error.code() + ")" : ""));
        }
        MtnMessages.TransferStatus transfer;
        try {
            transfer = json.readValue(answer.body(), MtnMessages.TransferStatus.class);
        } catch (JacksonException | IllegalArgumentException e) {
            return new PayoutOutcome.Unknown("MTN answered the status query with an unreadable body");
        }
        return MtnStatus.outcome(transfer);
    }

    @Override
    public void prepare() {
        try {
            ProviderSettings settings = providers.require(NAME);
            tokens.get(settings, baseUrl(settings));
        } catch (MtnTokens.Unavailable | RuntimeException e) {
            // the payout meets the same fault and reports it
        }
    }

    private static String baseUrl(ProviderSettings settings) throws MtnTokens.Unavailable {
        return settings.baseUrlWithoutSlash().orElseThrow(() -> new MtnTokens.Unavailable("MTN has no base-url", true));
    }

    /** One call with the cached token; on 401 the token is dropped, a new one fetched and the call made once more. */
    private ProviderHttp.Answer authorized(String method, String path, Map<String, String> extraHeaders, String body,
                                           ProviderSettings settings)
            throws MtnTokens.Unavailable, ProviderHttp.NotSent, ProviderHttp.NoAnswer {
        String baseUrl = baseUrl(settings);
        String subscriptionKey;
        try {
            subscriptionKey = settings.credential("subscription-key");
        } catch (IllegalStateException e) {
            throw new MtnTokens.Unavailable("MTN is not configured: " + e.getMessage(), true);
        }
        String token = tokens.get(settings, baseUrl);
        ProviderHttp.Answer answer = http.exchange(method, baseUrl + path,
                headers(token, subscriptionKey, extraHeaders), body, settings);
        if (answer.status() == 401) {
            tokens.drop(token);
            token = tokens.get(settings, baseUrl);
            answer = http.exchange(method, baseUrl + path, headers(token, subscriptionKey, extraHeaders), body,
                    settings);
        }
        return answer;
    }

    private static Map<String, String> headers(String token, String subscriptionKey, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>(extra);
        headers.put("Authorization", "Bearer " + token);
        headers.put("Ocp-Apim-Subscription-Key", subscriptionKey);
        headers.put("Accept", "application/json");
        return headers;
    }

    /**
     * {@code <callback-base-url>/callbacks/mtn?reference=<reference>&token=<the payout's callback token>}
     * ({@link CallbackGuard#token}; the secret never travels), or null when no callback base URL is set.
     * Placeholders are resolved here, at send time, so a base URL such as {@code http://localhost:${local.server.port}}
     * works although the port is known only after the settings were bound.
     */
    private String callbackUrl(ProviderSettings settings, UUID reference) {
        String base = settings.callbackBaseUrl();
        if (base == null || base.isBlank()) {
            return null;
        }
        String secret = settings.callbackSecret();
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("callback-base-url is set but callback-secret is not");
        }
        base = environment.resolveRequiredPlaceholders(base.strip());
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return base + MtnCallbackController.PATH + "?reference=" + reference + "&token="
                + CallbackGuard.token(secret, NAME, reference);
    }

    private MtnMessages.Error error(ProviderHttp.Answer answer) {
        if (answer.body() == null || !answer.body().strip().startsWith("{")) {
            return null;
        }
        try {
            return json.readValue(answer.body(), MtnMessages.Error.class);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static PayoutOutcome logged(String action, PayoutRequest request, PayoutOutcome outcome) {
        if (LOG.isEnabledForLevel(outcome.logLevel())) {
            LOG.atLevel(outcome.logLevel()).log("mtn {} reference={} wallet={} attempt={}: {}", action,
                    request.reference(), Mask.identifier(request.walletE164()), request.attempt(), outcome.describe());
        }
        return outcome;
    }

}
