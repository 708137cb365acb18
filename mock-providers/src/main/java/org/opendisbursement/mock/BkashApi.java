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
 * bKash checkout B2C payout: token grant/refresh, synchronous {@code b2cPayment}, search by trxID.
 * Business errors come back as HTTP 200 with {@code errorCode}/{@code errorMessage}.
 * Magic receivers: {@code 0190000} + four digits, see the README.
 */
final class BkashApi implements ProviderApi {

    static final String NAME = "bkash";

    private static final Pattern MSISDN = Pattern.compile("01[3-9]\\d{8}");
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,12}(\\.\\d{1,2})?");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss:SSS 'GMT'xx").withZone(ZoneId.of("Asia/Dhaka"));

    /** Codes from the protocols file; 2029 is the duplicate-invoice answer. */
    static final Map<String, String> ERRORS = Map.ofEntries(
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
    /** Mock-chosen: bKash's code for an unknown trxID is not documented. */
    static final String UNKNOWN_TRX_CODE = "9404";
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
        return Map.of("grant", this::grant, "refresh", this::refresh, "payout", this::payout, "search", this::search);
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
        return tokens();
    }

    private ResponseDefinition refresh(Request request) {
        JsonFields body = JsonFields.parse(request.getBodyAsString());
        if (!state.tokens().isValid("bkash-refresh", body.text("refresh_token"), state.now())) {
            return JsonAnswer.json(401, JsonAnswer.object("errorCode", "2001",
                    "errorMessage", "Invalid refresh token"));
        }
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
        Optional<ResponseDefinition> transportRefusal = gate.refuseBeforeRecording(scenario, TRANSPORT);
        if (transportRefusal.isPresent()) {
            return transportRefusal.get();
        }
        if (scenario.is(Scenario.Kind.REJECTED)) {
            return error(scenario.code());
        }
        if (scenario.is(Scenario.Kind.FORCED_DUPLICATE)) {
            return error(DUPLICATE);
        }
        Instant now = state.now();
        Transfer transfer = new Transfer(NAME, invoice, amount, "BDT", receiver,
                state.journal().nextId("BK"), scenario, now, null);
        if (!state.journal().register(transfer)) {
            state.log("bkash duplicate merchantInvoiceNumber " + invoice);
            return error(DUPLICATE);
        }
        transfer.complete(now);
        boolean lost = gate.answerLost(scenario);
        state.log("bkash executed " + invoice + " " + amount + " BDT to " + WalletMask.mask(receiver)
                + (lost ? " (answer lost)" : ""));
        return gate.deliver(scenario, lost, JsonAnswer.json(200, JsonAnswer.object(
                "completedTime", TIME.format(now),
                "trxID", transfer.providerTransactionId(),
                "transactionStatus", "Completed",
                "amount", amount,
                "currency", "BDT",
                "merchantInvoiceNumber", invoice,
                "receiverMSISDN", receiver,
                "b2cFee", "0.00")));
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
                    "errorMessage", "Transaction not found (mock-chosen code)"));
        }
        Transfer transfer = found.get();
        return JsonAnswer.json(200, JsonAnswer.object(
                "trxID", transfer.providerTransactionId(),
                "transactionStatus", "Completed",
                "transactionType", "B2C Payment",
                "amount", transfer.amount(),
                "currency", transfer.currency(),
                "transactionReference", transfer.reference(),
                "merchantInvoiceNumber", transfer.reference(),
                "customerMsisdn", transfer.wallet(),
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
