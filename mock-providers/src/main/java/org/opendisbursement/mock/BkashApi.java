package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import static java.util.Map.entry;

/**
 * bKash Checkout 1.2.0-beta B2C, under the one root {@code /v1.2.0-beta/checkout}: token grant/refresh, synchronous
 * {@code payment/b2cPayment}, {@code payment/search/{trxID}}, {@code payment/organizationBalance}. Business errors
 * come back as HTTP 200 with {@code errorCode}/{@code errorMessage}. 2029 is a time window on the same wallet and
 * amount ({@link BkashMockControls}), not idempotency on {@code merchantInvoiceNumber}: a repeated invoice after the
 * window is paid again, as nothing published says bKash refuses it. Magic receivers: {@code 0190000} + four digits,
 * see the README.
 */
final class BkashApi implements ProviderApi {

    static final String NAME = "bkash";

    private static final Pattern MSISDN = Pattern.compile("01[3-9]\\d{8}");
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,12}(\\.\\d{1,2})?");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss:SSS 'GMT'xx").withZone(ZoneId.of("Asia/Dhaka"));

    /** Codes from the protocols file; 2029 is the duplicate-invoice answer. */
    static final Map<String, String> ERRORS = Map.ofEntries(
            entry("2001", "Invalid App Key"),
            entry("2037", "Wrong Access Permission (mock wording)"),
            entry("2043", "Merchant-side check failed (mock wording)"),
            entry("2044", "Merchant-side check failed (mock wording)"),
            entry("2046", "Merchant-side check failed (mock wording)"),
            entry("2062", "The payment has already been completed"),
            entry("2067", "Merchant limit or permission (mock wording)"),
            entry("2068", "Already done (mock wording)"),
            entry("2006", "Invalid amount"),
            entry("2009", "Invalid wallet"),
            entry("2012", "Invalid receiver MSISDN"),
            entry("2020", "Exception occurred, please try again"),
            entry("2023", "Insufficient Balance"),
            entry("2024", "Exception occurred, please try again"),
            entry("2029", "Duplicate for all transactions"),
            entry("2039", "Credit party state prohibits the transaction"),
            entry("2040", "Credit party state prohibits the transaction"),
            entry("2045", "MSISDN does not exist"),
            entry("2057", "Not a bKash account"),
            entry("2058", "Not a customer wallet"));
    /** bKash's "Transaction not found" (search by an unknown trxID). */
    static final String UNKNOWN_TRX_CODE = "2033";
    /** Wallet suffixes whose answers disagree with the payout: amount (one taka more), receiver (another wallet). */
    private static final String AMOUNT_MISMATCH = "0771";
    private static final String PAYEE_MISMATCH = "0772";
    /** HTTP 503 without bKash's maintenance message. */
    private static final String PLAIN_503 = "0502";
    private static final String DUPLICATE = "2029";

    private static final ScenarioTable SCENARIOS = rejections(ScenarioTable.withPrefix("0190000", 4))
            .add(DUPLICATE, Scenario.of(Scenario.Kind.FORCED_DUPLICATE))
            .build();

    private static final PayoutGate.TransportAnswers TRANSPORT = new PayoutGate.TransportAnswers(
            () -> JsonAnswer.json(429, JsonAnswer.object("message", "Too Many Requests")),
            () -> JsonAnswer.json(500, JsonAnswer.object("message", "Internal server error")),
            () -> JsonAnswer.json(503, JsonAnswer.object("message", "Service is under maintenance")));

    private final MockState state;
    private final PayoutGate gate;
    private final BkashMockControls controls = new BkashMockControls();

    BkashApi(MockState state) {
        this.state = state;
        this.gate = new PayoutGate(state);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Function<Request, ResponseDefinition>> operations() {
        return Map.of("grant", this::grant, "refresh", this::refresh, "payout", this::payout, "search", this::search,
                "balance", this::balance, "controls", this::controls);
    }

    /** Not a bKash answer: tells the adapter author the request itself is wrong. */
    @Override
    public ResponseDefinition malformed(String message) {
        return JsonAnswer.json(400, JsonAnswer.object("errorCode", "MOCK_INVALID_REQUEST", "errorMessage", message));
    }

    private ResponseDefinition grant(Request request) {
        JsonFields body = JsonFields.parse(request.getBodyAsString());
        if (isBlank(request.getHeader("username")) || isBlank(request.getHeader("password"))
                || !body.has("app_key") || !body.has("app_secret")) {
            return JsonAnswer.json(401, JsonAnswer.object("errorCode", "2001", "errorMessage", "Invalid App Key"));
        }
        if (controls.grantRefused()) {
            return JsonAnswer.json(200, JsonAnswer.object("errorCode", "2001", "errorMessage", "Invalid App Key"));
        }
        controls.grants.incrementAndGet();
        return tokens();
    }

    private ResponseDefinition refresh(Request request) {
        JsonFields body = JsonFields.parse(request.getBodyAsString());
        if (isBlank(request.getHeader("username")) || isBlank(request.getHeader("password"))
                || !body.has("app_key") || !body.has("app_secret")) {
            throw new MalformedRequest("token/refresh needs headers username, password and body app_key,"
                    + " app_secret, refresh_token");
        }
        if (controls.grantRefused()
                || !state.tokens().isValid("bkash-refresh", body.text("refresh_token"), state.now())) {
            return JsonAnswer.json(401, JsonAnswer.object("errorCode", "2001",
                    "errorMessage", "Invalid refresh token"));
        }
        controls.refreshes.incrementAndGet();
        return tokens();
    }

    private ResponseDefinition tokens() {
        Instant now = state.now();
        return JsonAnswer.json(200, JsonAnswer.object(
                "statusCode", "0000",
                "statusMessage", "Successful",
                "id_token", state.tokens().issue("bkash", now, state.tokenTtl()),
                "token_type", "Bearer",
                "expires_in", state.settings().tokenTtlSeconds(),
                "refresh_token", state.tokens().issue("bkash-refresh", now, state.tokenTtl().multipliedBy(24))));
    }

    private ResponseDefinition payout(Request request) {
        Optional<ResponseDefinition> refused = checkAuthorization(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        JsonFields body = JsonFields.parse(request.getBodyAsString());
        for (String field : new String[] {"amount", "currency", "merchantInvoiceNumber", "receiverMSISDN"}) {
            if (!body.isText(field) || body.text(field).isBlank()) {
                throw new MalformedRequest(field + " is required and must be a JSON string");
            }
        }
        if (!"BDT".equals(body.text("currency"))) {
            throw new MalformedRequest("currency must be BDT");
        }
        String amount = body.text("amount");
        String invoice = body.text("merchantInvoiceNumber");
        String receiver = body.text("receiverMSISDN");
        if (!AMOUNT.matcher(amount).matches() || new BigDecimal(amount).signum() <= 0) {
            return error("2006");
        }
        if (!MSISDN.matcher(receiver).matches()) {
            return error("2012");
        }

        Scenario scenario = SCENARIOS.forWallet(receiver);
        if (receiver.endsWith(PLAIN_503) && receiver.startsWith("0190000")) {
            return JsonAnswer.json(503, JsonAnswer.object("message", "Service Unavailable"));
        }
        Optional<ResponseDefinition> transportRefusal = gate.refuseBeforeRecording(scenario, TRANSPORT);
        if (transportRefusal.isPresent()) {
            return transportRefusal.get();
        }
        if (controls.faultCode() != null) {
            return error(controls.faultCode());
        }
        if (scenario.is(Scenario.Kind.REJECTED)) {
            return error(scenario.code());
        }
        if (scenario.is(Scenario.Kind.FORCED_DUPLICATE)) {
            return error(DUPLICATE);
        }
        Instant now = state.now();
        if (controls.withinWindow(receiver, amount, now)) {
            state.log("bkash 2029: the same amount went to " + WalletMask.mask(receiver) + " within the window");
            return error(DUPLICATE);
        }
        if (!controls.spend(amount)) {
            controls.forget(receiver, amount, now);
            return error("2023");
        }
        String reference = invoice;
        for (int n = 2; state.journal().byReference(NAME, reference).isPresent(); n++) {
            // nothing published says bKash refuses a repeated invoice: after the window it is paid again
            reference = invoice + "#" + n;
        }
        Transfer transfer = new Transfer(NAME, reference, amount, "BDT", receiver,
                state.journal().nextId("BK"), scenario, now, null);
        if (!state.journal().register(transfer)) {
            reference = invoice + "#" + state.journal().nextNumber();
            transfer = new Transfer(NAME, reference, amount, "BDT", receiver, state.journal().nextId("BK"), scenario,
                    now, null);
            state.journal().register(transfer);
        }
        transfer.complete(now);
        boolean lost = gate.answerLost(scenario);
        state.log("bkash executed " + reference + " " + amount + " BDT to " + WalletMask.mask(receiver)
                + (lost ? " (answer lost)" : ""));
        return gate.deliver(scenario, lost, JsonAnswer.json(200, JsonAnswer.object(
                "completedTime", TIME.format(now),
                "trxID", transfer.providerTransactionId(),
                "transactionStatus", "Completed",
                "amount", answeredAmount(receiver, amount),
                "currency", "BDT",
                "merchantInvoiceNumber", invoice,
                "receiverMSISDN", answeredReceiver(receiver),
                "b2cFee", "0.00")));
    }

    /** The mismatch wallets get an answer that disagrees with the payout (amount one taka more). */
    private static String answeredAmount(String receiver, String amount) {
        return receiver.startsWith("0190000") && receiver.endsWith(AMOUNT_MISMATCH)
                ? new BigDecimal(amount).add(BigDecimal.ONE).setScale(2).toPlainString() : amount;
    }

    private static String answeredReceiver(String receiver) {
        return receiver.startsWith("0190000") && receiver.endsWith(PAYEE_MISMATCH) ? "01711111111" : receiver;
    }

    private ResponseDefinition balance(Request request) {
        Optional<ResponseDefinition> refused = checkAuthorization(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        controls.balanceReads.incrementAndGet();
        String updated = TIME.format(state.now());
        return JsonAnswer.json(200, JsonAnswer.object("organizationBalance", java.util.List.of(
                JsonAnswer.object("accountHolderName", "Mock NGO", "accountStatus", "Active",
                        "accountTypeName", "Collection Account", "availableBalance", "50000.00",
                        "currency", "BDT", "currentBalance", "50000.00", "updateTime", updated),
                JsonAnswer.object("accountHolderName", "Mock NGO", "accountStatus", "Active",
                        "accountTypeName", "Disbursement Account", "availableBalance", controls.balance(),
                        "currency", "BDT", "currentBalance", controls.balance(), "updateTime", updated))));
    }

    /** The mock's own bKash knobs: {@code GET}/{@code POST /__mock/bkash} (see {@link BkashMockControls}). */
    private ResponseDefinition controls(Request request) {
        if ("POST".equals(request.getMethod().getName())) {
            try {
                controls.update(JsonFields.parse(request.getBodyAsString()));
            } catch (RuntimeException e) {
                return JsonAnswer.json(400, JsonAnswer.object("mockError", "bad bKash control: " + e.getMessage()));
            }
        }
        return JsonAnswer.json(200, controls.asMap());
    }

    private ResponseDefinition search(Request request) {
        Optional<ResponseDefinition> refused = checkAuthorization(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        String path = URI.create(request.getUrl()).getPath();
        String trxId = path.substring(path.lastIndexOf('/') + 1);
        Optional<Transfer> found = state.journal().byProviderTransactionId(NAME, trxId);
        if (found.isEmpty()) {
            return JsonAnswer.json(200, JsonAnswer.object("errorCode", UNKNOWN_TRX_CODE,
                    "errorMessage", "Transaction not found"));
        }
        Transfer transfer = found.get();
        return JsonAnswer.json(200, JsonAnswer.object(
                "trxID", transfer.providerTransactionId(),
                "transactionStatus", "Completed",
                "transactionType", "B2C Payment",
                "amount", answeredAmount(transfer.wallet(), transfer.amount()),
                "currency", transfer.currency(),
                "transactionReference", invoiceOf(transfer),
                "merchantInvoiceNumber", invoiceOf(transfer),
                "customerMsisdn", answeredReceiver(transfer.wallet()),
                "organizationShortCode", "50000",
                "initiationTime", TIME.format(transfer.acceptedAt()),
                "completedTime", TIME.format(transfer.executedAt())));
    }

    /** The id_token goes raw in {@code authorization}; a "Bearer " prefix is refused on purpose. */
    private Optional<ResponseDefinition> checkAuthorization(Request request) {
        if (!state.tokens().isValid("bkash", request.getHeader("authorization"), state.now())) {
            return Optional.of(JsonAnswer.json(401, JsonAnswer.object("message", "Unauthorized")));
        }
        if (isBlank(request.getHeader("x-app-key"))) {
            return Optional.of(JsonAnswer.json(403, JsonAnswer.object("message", "Forbidden")));
        }
        return Optional.empty();
    }

    private static String invoiceOf(Transfer transfer) {
        int repeat = transfer.reference().indexOf('#');
        return repeat < 0 ? transfer.reference() : transfer.reference().substring(0, repeat);
    }

    private static ResponseDefinition error(String code) {
        return JsonAnswer.json(200, JsonAnswer.object("errorCode", code, "errorMessage", ERRORS.get(code)));
    }

    private static ScenarioTable.Builder rejections(ScenarioTable.Builder table) {
        ERRORS.keySet().stream().filter(code -> !code.equals(DUPLICATE)).forEach(code -> table.reject(code, code));
        return table;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
