package org.opendisbursement.gateway.providers.bkash;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProviderAdapter;
import org.opendisbursement.gateway.dispatch.ProviderHttp;
import org.opendisbursement.gateway.dispatch.ProviderSettings;
import org.opendisbursement.gateway.dispatch.ProvidersProperties;
import org.opendisbursement.gateway.intake.Channel;
import org.opendisbursement.gateway.money.Money;
import org.opendisbursement.gateway.system.Mask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * bKash Checkout B2C payouts ({@code disbursement.providers.bkash}). {@code base-url} is the Checkout root ending in
 * {@code /checkout}, e.g. {@code https://checkout.sandbox.bka.sh/v1.2.0-beta/checkout}; every call hangs under it:
 * {@code token/grant}, {@code token/refresh}, {@code payment/b2cPayment}, {@code payment/search/{trxID}},
 * {@code payment/organizationBalance}. Synchronous: the payout answer is final. bKash sends no callback.
 * Credentials: {@code username}, {@code password}, {@code app-key}, {@code app-secret}.
 *
 * <p><b>2029 is no proof.</b> It means "the same amount went to this wallet a short while ago": the payout was not
 * executed now and is tried again after {@link BkashProperties#duplicateWindow()}. bKash has no idempotency on
 * {@code merchantInvoiceNumber} the gateway can lean on, so after a lost answer (no trxID) nothing the API offers can
 * tell what happened: {@link #query} answers {@link PayoutOutcome.Unverifiable} (a person checks the merchant
 * statement), never a re-send. With a trxID, {@code payment/search/{trxID}} answers, and what it says about amount,
 * currency, wallet and invoice is reported for {@code PayoutCheck}.
 *
 * <p>As a last guard, this instance never sends the same attempt of a reference twice while it is in flight or may
 * have been paid (any answer but a certain "not executed"). Dispatch sends a reference again only as a new attempt,
 * after a certain "not executed" or a person's settlement as not paid.
 */
@Component
public class BkashAdapter implements ProviderAdapter {

    static final String NAME = "bkash";
    private static final Logger LOG = LoggerFactory.getLogger(BkashAdapter.class);
    private static final Set<String> IN_PROGRESS = Set.of("initiated", "pending", "authorized", "in progress",
            "processing");
    private static final int GUARDED_REFERENCES = 200_000;

    private final ProvidersProperties providers;
    private final ProviderHttp http;
    private final JsonMapper json;
    /** Bound once: a mapper's readValue and writeValueAsString look the (de)serialiser up again on every call. */
    private final ObjectReader answers;
    private final ObjectWriter payouts;
    private final BkashProperties properties;
    private final BkashTokens tokens;
    private final BkashBalance balance;
    private final Map<String, Boolean> guarded = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > GUARDED_REFERENCES;
        }
    };

    @Autowired
    BkashAdapter(ProvidersProperties providers, ProviderHttp http, JsonMapper json, BkashProperties properties,
                 BkashTokenStore store) {
        this(providers, http, json, properties, store, Clock.systemUTC());
    }

    BkashAdapter(ProvidersProperties providers, ProviderHttp http, JsonMapper json, BkashProperties properties,
                 BkashTokenStore store, Clock tokenClock) {
        this.providers = providers;
        this.http = http;
        this.json = json;
        this.answers = json.readerFor(BkashMessages.Answer.class);
        this.payouts = json.writerFor(BkashMessages.Payout.class);
        this.properties = properties;
        this.tokens = new BkashTokens(http, json, store, properties.refreshAhead(), tokenClock);
        this.balance = new BkashBalance(properties.balanceCacheFor(), System::nanoTime);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Channel channel() {
        return Channel.BKASH;
    }

    /** Pays once: Confirmed (with what bKash says it paid), or why not (see docs/providers/bkash.md). */
    @Override
    public PayoutOutcome send(PayoutRequest request) {
        if (!claim(request)) {
            return logged("send", request, new PayoutOutcome.Duplicate("this gateway instance already sent"
                    + " merchantInvoiceNumber " + request.reference() + " to bKash (it is in flight or was paid);"
                    + " it is not sent again"));
        }
        PayoutOutcome outcome = pay(request);
        if (outcome instanceof PayoutOutcome.Confirmed) {
            balance.paid(request.amountMinor());
        } else if (outcome instanceof PayoutOutcome.Retryable || outcome instanceof PayoutOutcome.Rejected
                || outcome instanceof PayoutOutcome.AccountFault) {
            release(request);  // certainly not executed: dispatch may send it again
        }
        return logged("send", request, outcome);
    }

    /** Searches by trxID; without one, bKash cannot be asked: a person checks the merchant statement. */
    @Override
    public PayoutOutcome query(PayoutRequest request) {
        if (request.providerTransactionId() == null || request.providerTransactionId().isBlank()) {
            return logged("query", request, new PayoutOutcome.Unverifiable("bKash gave no trxID for this payout and"
                    + " has no lookup by invoice: check the bKash merchant statement for merchantInvoiceNumber "
                    + request.reference() + " before anything else; if it is there, record its trxID; if it is"
                    + " certainly not, the payout may be sent again"));
        }
        return logged("search", request, search(request));
    }

    /**
     * Before a batch: the disbursement wallet must hold what the batch pays. A balance that cannot be read does not
     * stop the batch (logged); a shortfall pauses bKash with what to do.
     */
    @Override
    public Optional<PayoutOutcome.AccountFault> readyToPay(List<PayoutRequest> batch) {
        long needed = batch.stream().filter(p -> "BDT".equals(p.currency())).mapToLong(PayoutRequest::amountMinor)
                .filter(a -> a > 0).sum();
        if (needed <= 0) {
            return Optional.empty();
        }
        OptionalLong available = balance.available(this::readBalance);
        if (available.isEmpty() || available.getAsLong() >= needed) {
            return Optional.empty();
        }
        balance.forget();
        return Optional.of(new PayoutOutcome.AccountFault("INSUFFICIENT_DISBURSEMENT_BALANCE",
                "the bKash disbursement wallet holds " + Money.ofMinor(available.getAsLong(), "BDT").display()
                        + "; this batch needs " + Money.ofMinor(needed, "BDT").display()
                        + "; move money in with intraAccountTransfer (collection → disbursement), then resume"));
    }

    BkashTokens tokens() {
        return tokens;
    }

    private PayoutOutcome pay(PayoutRequest request) {
        String msisdn = BkashFormat.msisdn(request.walletE164());
        String amount = BkashFormat.amount(request.amountMinor(), request.currency());
        if (msisdn == null || amount == null) {
            return msisdn == null
                    ? new PayoutOutcome.Rejected("INVALID_WALLET", "the wallet is not a Bangladeshi mobile number")
                    : new PayoutOutcome.Rejected("INVALID_AMOUNT", "bKash pays only positive amounts in BDT");
        }
        ProviderSettings settings;
        String body;
        try {
            settings = providers.require(NAME);
            body = payouts.writeValueAsString(new BkashMessages.Payout(amount, "BDT", request.reference().toString(),
                    msisdn));
        } catch (IllegalStateException | JacksonException e) {
            return new PayoutOutcome.AccountFault("CONFIGURATION", "bKash is not configured: " + e.getMessage());
        }
        ProviderHttp.Answer answer;
        try {
            answer = authorized("POST", "/payment/b2cPayment", body, settings);
        } catch (BkashTokens.Unavailable e) {
            return e.refused() ? new PayoutOutcome.AccountFault("TOKEN_REFUSED", e.getMessage())
                    : new PayoutOutcome.Retryable("TOKEN", e.getMessage() + "; the payout was not sent");
        } catch (ProviderHttp.NotSent e) {
            return new PayoutOutcome.Retryable("NOT_SENT", "the payout never reached bKash: " + e.getMessage());
        } catch (ProviderHttp.NoAnswer e) {
            return new PayoutOutcome.Unknown("no answer from bKash after sending (" + e.getMessage() + ")");
        }
        if (answer.status() == 401) {
            return new PayoutOutcome.AccountFault("TOKEN_REFUSED", "bKash refused a freshly renewed token (HTTP 401);"
                    + " the payout was not executed: check the merchant credentials");
        }
        if (answer.status() != 200) {
            return httpFailure(answer);
        }
        BkashMessages.Answer paid = read(answer);
        if (paid == null) {
            return new PayoutOutcome.Unknown("bKash answered HTTP 200 with an unreadable body");
        }
        String error = paid.error();
        if (error != null) {
            return BkashCodes.afterSend(error, paid.message(), request.reference().toString(),
                    properties.duplicateWindow());
        }
        return transaction(paid);
    }

    private PayoutOutcome search(PayoutRequest request) {
        ProviderSettings settings;
        try {
            settings = providers.require(NAME);
        } catch (IllegalStateException e) {
            return new PayoutOutcome.AccountFault("CONFIGURATION", "bKash is not configured: " + e.getMessage());
        }
        String trxId = request.providerTransactionId().strip();
        if (!trxId.matches("[A-Za-z0-9]{1,64}")) {
            return new PayoutOutcome.Unverifiable("the stored bKash trxID is not a valid id: check the bKash merchant"
                    + " statement for merchantInvoiceNumber " + request.reference());
        }
        ProviderHttp.Answer answer;
        try {
            answer = authorized("GET", "/payment/search/" + trxId, null, settings);
        } catch (BkashTokens.Unavailable e) {
            return e.refused() ? new PayoutOutcome.AccountFault("TOKEN_REFUSED", e.getMessage())
                    : new PayoutOutcome.Unknown("the bKash status search failed: " + e.getMessage());
        } catch (ProviderHttp.NotSent | ProviderHttp.NoAnswer e) {
            return new PayoutOutcome.Unknown("the bKash status search failed: " + e.getMessage());
        }
        if (answer.status() == 401) {
            return new PayoutOutcome.AccountFault("TOKEN_REFUSED", "bKash refused a freshly renewed token (HTTP 401)");
        }
        if (answer.status() != 200) {
            return new PayoutOutcome.Unknown("the bKash status search failed with HTTP " + answer.status());
        }
        BkashMessages.Answer found = read(answer);
        if (found == null) {
            return new PayoutOutcome.Unknown("bKash answered the status search with an unreadable body");
        }
        String error = found.error();
        if (BkashCodes.TRANSACTION_NOT_FOUND.equals(error)) {
            // bKash gave us this trxID itself: "not found" now is odd, not proof that nothing was paid
            return new PayoutOutcome.Unverifiable("bKash answered 2033 (transaction not found) for trxID " + trxId
                    + ", which bKash itself gave for this payout: check the bKash merchant statement for"
                    + " merchantInvoiceNumber " + request.reference() + " and ask bKash before anything else");
        }
        if (error != null && BkashCodes.accountFault(error)) {
            return new PayoutOutcome.AccountFault(error, BkashCodes.accountFaultReason(error));
        }
        if (error != null) {
            return new PayoutOutcome.Unknown("the bKash status search answered code " + BkashFormat.safe(error));
        }
        if (found.trxId() == null) {
            return new PayoutOutcome.Unknown("the bKash status search answered no transaction");
        }
        return transaction(found);
    }

    /** A transaction answer: Completed is paid; an in-progress status is pending; anything else needs a person. */
    private static PayoutOutcome transaction(BkashMessages.Answer answer) {
        String status = answer.transactionStatus() == null ? "" : answer.transactionStatus().strip();
        PayoutOutcome.Reported reported = BkashFormat.reported(answer);
        if ("Completed".equalsIgnoreCase(status) && answer.trxId() != null) {
            return new PayoutOutcome.Confirmed(answer.trxId(), reported);
        }
        if (IN_PROGRESS.contains(status.toLowerCase(Locale.ROOT))) {
            return new PayoutOutcome.Pending(answer.trxId(), "bKash reports the transaction as " + status, reported);
        }
        return new PayoutOutcome.Unverifiable("bKash answered transaction status '" + BkashFormat.safe(status)
                + "'" + (answer.trxId() == null ? "" : " for trxID " + answer.trxId())
                + ", which the gateway does not know: check the bKash merchant statement");
    }

    /**
     * A payout answered with an HTTP status other than 200 and 401. bKash documents 503 only as maintenance, and only
     * with its maintenance message is it taken as "not executed"; any other 5xx after sending is unknown.
     */
    private static PayoutOutcome httpFailure(ProviderHttp.Answer answer) {
        int status = answer.status();
        String code = "HTTP_" + status;
        if (status == 503 && maintenance(answer.body())) {
            return new PayoutOutcome.Retryable(code, "bKash is under maintenance; the payout was not executed");
        }
        if (status == 429) {
            return new PayoutOutcome.Retryable(code, "bKash is rate limiting; the payout was not executed");
        }
        if (status == 403) {
            return new PayoutOutcome.AccountFault(code, "bKash refused the merchant's app key (HTTP 403); the payout"
                    + " was not executed");
        }
        if (status == 400 || status == 404 || status == 405 || status == 415 || status == 422) {
            return new PayoutOutcome.AccountFault(code, "bKash refused the request itself (HTTP " + status + "): the"
                    + " base-url or the request form is wrong; the payout was not executed");
        }
        return new PayoutOutcome.Unknown("bKash answered HTTP " + status + " after the payout was sent");
    }

    private static boolean maintenance(String body) {
        return body != null && body.toLowerCase(Locale.ROOT).contains("maintenance");
    }

    /**
     * One call with the shared token; on HTTP 401 the token is replaced once (re-read, refreshed or granted) and the
     * call made once more. bKash refuses a payout with a bad token before executing it, so the second call is safe.
     */
    private ProviderHttp.Answer authorized(String method, String path, String body, ProviderSettings settings)
            throws BkashTokens.Unavailable, ProviderHttp.NotSent, ProviderHttp.NoAnswer {
        String baseUrl = baseUrl(settings);
        String appKey;
        try {
            appKey = settings.credential("app-key");
        } catch (IllegalStateException e) {
            throw new BkashTokens.Unavailable("bKash is not configured: " + e.getMessage(), true);
        }
        String token = tokens.get(settings, baseUrl);
        ProviderHttp.Answer answer = http.exchange(method, baseUrl + path, headers(token, appKey), body, settings);
        if (answer.status() == 401) {
            token = tokens.replace(token, settings, baseUrl);
            answer = http.exchange(method, baseUrl + path, headers(token, appKey), body, settings);
        }
        return answer;
    }

    private OptionalLong readBalance() {
        try {
            ProviderSettings settings = providers.require(NAME);
            ProviderHttp.Answer answer = authorized("GET", "/payment/organizationBalance", null, settings);
            if (answer.status() != 200 || answer.body() == null) {
                LOG.warn("bkash organizationBalance answered HTTP {}; the batch goes without a balance check",
                        answer.status());
                return OptionalLong.empty();
            }
            BkashMessages.BalanceAnswer read = json.readValue(answer.body(), BkashMessages.BalanceAnswer.class);
            if (read.organizationBalance() != null) {
                for (BkashMessages.Balance wallet : read.organizationBalance()) {
                    if (isDisbursement(wallet.accountTypeName())) {
                        long minor = BkashFormat.minor(wallet.availableBalance());
                        if (minor >= 0 || wallet.availableBalance() != null
                                && new BigDecimal(wallet.availableBalance().strip()).signum() < 0) {
                            return OptionalLong.of(minor);
                        }
                    }
                }
            }
            LOG.warn("bkash organizationBalance named no disbursement wallet ({}); the batch goes without a balance"
                    + " check", read.errorCode() == null ? "no error code" : "code " + BkashFormat.safe(read.errorCode()));
            return OptionalLong.empty();
        } catch (BkashTokens.Unavailable | ProviderHttp.NotSent | ProviderHttp.NoAnswer | IllegalStateException
                 | JacksonException | NumberFormatException e) {
            LOG.warn("bkash organizationBalance could not be read ({}); the batch goes without a balance check",
                    e.getClass().getSimpleName());
            return OptionalLong.empty();
        }
    }

    private boolean isDisbursement(String accountTypeName) {
        if (accountTypeName == null) {
            return false;
        }
        String name = accountTypeName.strip();
        return name.equalsIgnoreCase(properties.disbursementAccountType())
                || name.toLowerCase(Locale.ROOT).contains("disburse");
    }

    private static Map<String, String> headers(String token, String appKey) {
        // the id_token goes raw: bKash refuses "Bearer <token>"
        return Map.of("authorization", token, "x-app-key", appKey, "Accept", "application/json");
    }

    @Override
    public void prepare() {
        try {
            ProviderSettings settings = providers.require(NAME);
            tokens.get(settings, baseUrl(settings));
        } catch (BkashTokens.Unavailable | RuntimeException e) {
            // the payout meets the same fault and reports it
        }
    }

    private static String baseUrl(ProviderSettings settings) throws BkashTokens.Unavailable {
        return settings.baseUrlWithoutSlash().orElseThrow(() -> new BkashTokens.Unavailable("bKash has no base-url", true));
    }

    private BkashMessages.Answer read(ProviderHttp.Answer answer) {
        if (answer.body() == null || answer.body().isBlank()) {
            return null;
        }
        try {
            return answers.readValue(answer.body());
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Each attempt of a reference goes out once from this instance (dispatch numbers every new attempt). */
    private boolean claim(PayoutRequest request) {
        synchronized (guarded) {
            return guarded.putIfAbsent(request.reference() + "#" + request.attempt(), Boolean.TRUE) == null;
        }
    }

    private void release(PayoutRequest request) {
        synchronized (guarded) {
            guarded.remove(request.reference() + "#" + request.attempt());
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
