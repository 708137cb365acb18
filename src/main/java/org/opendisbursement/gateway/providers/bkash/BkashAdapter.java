package org.opendisbursement.gateway.providers.bkash;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
import org.springframework.stereotype.Component;

/**
 * bKash checkout B2C payouts ({@code disbursement.providers.bkash}). Synchronous: the payout answer is final. The
 * idempotency key is {@code merchantInvoiceNumber} = the installment's reference UUID as text (36 characters); bKash
 * answers a repeat with error 2029. bKash sends no callback.
 *
 * <p>Credentials ({@code disbursement.providers.bkash.credentials}): {@code username}, {@code password} (token grant
 * headers), {@code app-key}, {@code app-secret}. {@code base-url} is everything before {@code /token/grant} and
 * {@code /checkout/payment/…}, e.g. {@code https://tokenized.sandbox.bka.sh/v1.2.0-beta/tokenized}.
 *
 * <p><b>Recovery.</b> bKash's status lookup ({@code search/{trxID}}) needs the {@code trxID}, which a client whose
 * answer was lost never got. So {@link #query} searches when the trxID is known, and otherwise re-sends the very same
 * payout (same {@code merchantInvoiceNumber}) as an idempotent probe:
 * <ul>
 *   <li>{@code Completed}: bKash had no payout under this invoice and executed it now, which is right, since the
 *       payout was due and had not been made → {@link PayoutOutcome.Confirmed} with the new trxID;</li>
 *   <li>2029: bKash already holds a payout under this invoice → {@link PayoutOutcome.Confirmed} without a trxID.
 *       This relies on 2029 meaning "already executed", which the protocols file marks as unconfirmed for B2C;
 *       reconciliation against the bKash statement (by {@code merchantInvoiceNumber}) is what confirms it;</li>
 *   <li>any other answer is mapped as for a first send.</li>
 * </ul>
 */
@Component
public class BkashAdapter implements ProviderAdapter {

    static final String NAME = "bkash";
    private static final Logger LOG = LoggerFactory.getLogger(BkashAdapter.class);
    private static final Set<String> IN_PROGRESS = Set.of("initiated", "pending", "authorized", "in progress",
            "processing");

    private final ProvidersProperties providers;
    private final ProviderHttp http;
    private final JsonMapper json;
    private final BkashTokens tokens;

    BkashAdapter(ProvidersProperties providers, ProviderHttp http, JsonMapper json) {
        this.providers = providers;
        this.http = http;
        this.json = json;
        this.tokens = new BkashTokens(http, json);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Channel channel() {
        return Channel.BKASH;
    }

    /** Pays; a repeated invoice (2029) is {@link PayoutOutcome.Duplicate}: query, never send again. */
    @Override
    public PayoutOutcome send(PayoutRequest request) {
        return logged("send", request, pay(request, false));
    }

    /** Searches by trxID when known, else probes by re-sending the same invoice (see the class comment). */
    @Override
    public PayoutOutcome query(PayoutRequest request) {
        if (request.providerTransactionId() != null && !request.providerTransactionId().isBlank()) {
            return logged("search", request, search(request));
        }
        return logged("probe", request, pay(request, true));
    }

    BkashTokens tokens() {
        return tokens;
    }

    private PayoutOutcome pay(PayoutRequest request, boolean probe) {
        String msisdn = BkashFormat.msisdn(request.walletE164());
        String amount = BkashFormat.amount(request.amountMinor(), request.currency());
        if (msisdn == null || amount == null) {
            String problem = msisdn == null ? "the wallet is not a Bangladeshi mobile number"
                    : "bKash pays only positive amounts in BDT";
            // a probe must never turn a payout that may have been made into a failure
            return probe ? new PayoutOutcome.Unknown("cannot ask bKash: " + problem)
                    : new PayoutOutcome.Rejected(msisdn == null ? "INVALID_WALLET" : "INVALID_AMOUNT", problem);
        }
        ProviderSettings settings;
        String body;
        try {
            settings = providers.require(NAME);
            body = json.writeValueAsString(new BkashMessages.Payout(amount, "BDT", request.reference().toString(),
                    msisdn));
        } catch (IllegalStateException | JacksonException e) {
            return new PayoutOutcome.Retryable("CONFIGURATION", "bKash is not configured: " + e.getMessage());
        }
        ProviderHttp.Answer answer;
        try {
            answer = authorized("POST", "/checkout/payment/b2cPayment", body, settings);
        } catch (BkashTokens.Unavailable e) {
            return new PayoutOutcome.Retryable("TOKEN", e.getMessage() + "; the payout was not sent");
        } catch (ProviderHttp.NotSent e) {
            return new PayoutOutcome.Retryable("NOT_SENT", "the payout never reached bKash: " + e.getMessage());
        } catch (ProviderHttp.NoAnswer e) {
            return new PayoutOutcome.Unknown("no answer from bKash after sending (" + e.getMessage() + ")");
        }
        if (answer.status() != 200) {
            return httpFailure(answer);
        }
        BkashMessages.Answer paid = read(answer);
        if (paid == null) {
            return new PayoutOutcome.Unknown("bKash answered HTTP 200 with an unreadable body");
        }
        String error = paid.error();
        if (BkashCodes.DUPLICATE.equals(error)) {
            return probe
                    ? new PayoutOutcome.Confirmed(null)
                    : new PayoutOutcome.Duplicate("bKash already has a payout under this merchantInvoiceNumber (2029)");
        }
        if (error != null) {
            return BkashCodes.outcome(error, paid.message());
        }
        return transaction(paid);
    }

    private PayoutOutcome search(PayoutRequest request) {
        ProviderSettings settings;
        try {
            settings = providers.require(NAME);
        } catch (IllegalStateException e) {
            return new PayoutOutcome.Unknown("bKash is not configured: " + e.getMessage());
        }
        String trxId = request.providerTransactionId().strip();
        if (!trxId.matches("[A-Za-z0-9]{1,64}")) {
            return new PayoutOutcome.Unknown("the stored bKash trxID is not a valid id");
        }
        ProviderHttp.Answer answer;
        try {
            answer = authorized("GET", "/checkout/payment/search/" + trxId, null, settings);
        } catch (BkashTokens.Unavailable | ProviderHttp.NotSent | ProviderHttp.NoAnswer e) {
            return new PayoutOutcome.Unknown("the bKash status search failed: " + e.getMessage());
        }
        if (answer.status() != 200) {
            return new PayoutOutcome.Unknown("the bKash status search failed with HTTP " + answer.status());
        }
        BkashMessages.Answer found = read(answer);
        if (found == null) {
            return new PayoutOutcome.Unknown("bKash answered the status search with an unreadable body");
        }
        String error = found.error();
        if ("9404".equals(error)) {
            // the mock's code for an unknown trxID; bKash does not document its own
            return new PayoutOutcome.NotFound("bKash has no transaction " + trxId);
        }
        if (error != null) {
            return new PayoutOutcome.Unknown("the bKash status search answered code " + error);
        }
        if (found.trxId() == null) {
            return new PayoutOutcome.Unknown("the bKash status search answered no transaction");
        }
        return transaction(found);
    }

    /** A transaction answer: Completed is paid; an in-progress status is pending; anything else needs a person. */
    private static PayoutOutcome transaction(BkashMessages.Answer answer) {
        String status = answer.transactionStatus() == null ? "" : answer.transactionStatus().strip();
        if ("Completed".equalsIgnoreCase(status) && answer.trxId() != null) {
            return new PayoutOutcome.Confirmed(answer.trxId());
        }
        if (IN_PROGRESS.contains(status.toLowerCase(Locale.ROOT))) {
            return new PayoutOutcome.Pending(answer.trxId(), "bKash reports the transaction as " + status);
        }
        return new PayoutOutcome.Unknown("bKash answered transaction status '" + BkashFormat.safe(status)
                + "', which the gateway does not know");
    }

    /** A payout answered with an HTTP status other than 200. */
    private static PayoutOutcome httpFailure(ProviderHttp.Answer answer) {
        int status = answer.status();
        String code = "HTTP_" + status;
        if (status == 429) {
            return new PayoutOutcome.Retryable(code, "bKash is rate limiting; the payout was not executed");
        }
        if (status == 503) {
            return new PayoutOutcome.Retryable(code, "bKash is under maintenance; the payout was not executed");
        }
        if (status == 401 || status == 403) {
            return new PayoutOutcome.Retryable(code, "bKash refused the gateway's credentials; the payout was not"
                    + " executed");
        }
        if (status >= 500 || status < 300) {
            return new PayoutOutcome.Unknown("bKash answered HTTP " + status + " after the payout was sent");
        }
        if (status == 400 || status == 422) {
            return new PayoutOutcome.Rejected(code, "bKash refused the request as malformed");
        }
        return new PayoutOutcome.Retryable(code, "bKash answered HTTP " + status + "; the payout was not executed");
    }

    /** One call with the cached token; on 401 the token is dropped, a new one granted and the call made once more. */
    private ProviderHttp.Answer authorized(String method, String path, String body, ProviderSettings settings)
            throws BkashTokens.Unavailable, ProviderHttp.NotSent, ProviderHttp.NoAnswer {
        String baseUrl = baseUrl(settings);
        String appKey;
        try {
            appKey = settings.credential("app-key");
        } catch (IllegalStateException e) {
            throw new BkashTokens.Unavailable("bKash is not configured: " + e.getMessage());
        }
        String token = tokens.get(settings, baseUrl);
        ProviderHttp.Answer answer = http.exchange(method, baseUrl + path, headers(token, appKey), body, settings);
        if (answer.status() == 401) {
            tokens.drop(token);
            token = tokens.get(settings, baseUrl);
            answer = http.exchange(method, baseUrl + path, headers(token, appKey), body, settings);
        }
        return answer;
    }

    private static Map<String, String> headers(String token, String appKey) {
        // the id_token goes raw: bKash refuses "Bearer <token>"
        return Map.of("authorization", token, "x-app-key", appKey, "Accept", "application/json");
    }

    private static String baseUrl(ProviderSettings settings) throws BkashTokens.Unavailable {
        String base = settings.baseUrl();
        if (base == null || base.isBlank()) {
            throw new BkashTokens.Unavailable("bKash has no base-url");
        }
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private BkashMessages.Answer read(ProviderHttp.Answer answer) {
        if (answer.body() == null || answer.body().isBlank()) {
            return null;
        }
        try {
            return json.readValue(answer.body(), BkashMessages.Answer.class);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static PayoutOutcome logged(String action, PayoutRequest request, PayoutOutcome outcome) {
        if (LOG.isEnabledForLevel(outcome.logLevel())) {
            LOG.atLevel(outcome.logLevel()).log("bkash {} reference={} wallet={} attempt={}: {}", action,
                    request.reference(), Mask.identifier(request.walletE164()), request.attempt(), outcome.describe());
        }
        return outcome;
    }

}
