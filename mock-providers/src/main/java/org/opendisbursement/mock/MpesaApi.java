package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import java.math.BigDecimal;
import java.net.URI;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import static java.util.Map.entry;

/**
 * Safaricom Daraja B2C: OAuth token, {@code POST /mpesa/b2c/v3/paymentrequest} (synchronous
 * acknowledgement, final result POSTed to {@code ResultURL}), transaction status query (answered on
 * the query's own {@code ResultURL}). The reference is {@code OriginatorConversationID}.
 * Magic receivers: {@code 25470000} + four digits, see the README.
 */
final class MpesaApi implements ProviderApi {

    static final String NAME = "mpesa";

    /** Mock-chosen ResultCode for a status query about a transaction the mock never accepted. */
    static final String UNKNOWN_TRANSACTION_CODE = "R000002";

    private static final Pattern PARTY_B = Pattern.compile("254[17]\\d{8}");
    private static final BigDecimal MINIMUM = BigDecimal.TEN;
    private static final BigDecimal MAXIMUM = new BigDecimal("250000");
    private static final Set<String> COMMANDS = Set.of("BusinessPayment", "SalaryPayment", "PromotionPayment");
    private static final ZoneId NAIROBI = ZoneId.of("Africa/Nairobi");
    private static final DateTimeFormatter COMPLETED_TIME =
            DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss").withZone(NAIROBI);
    private static final DateTimeFormatter COMPACT_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(NAIROBI);
    private static final DateTimeFormatter CONVERSATION_DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(NAIROBI);

    /** ResultCodes from the protocols file. */
    static final Map<String, String> RESULT_DESCRIPTIONS = Map.ofEntries(
            entry("0", "The service request is processed successfully."),
            entry("1", "The balance is insufficient for the transaction."),
            entry("2", "Declined due to limit rule: less than the minimum transaction amount."),
            entry("3", "Declined due to limit rule: greater than the maximum transaction amount."),
            entry("4", "Declined due to limit rule: would exceed daily transfer limit."),
            entry("8", "Declined due to limit rule: would exceed the maximum balance."),
            entry("11", "The DebitParty is in an invalid state."),
            entry("15", "Duplicate detected."),
            entry("17", "Internal failure, please try again."),
            entry("26", "System busy. The service request is rejected (traffic blocking)."),
            entry("2001", "The initiator information is invalid."),
            entry("2040", "Credit Party customer type (Unregistered or Registered Customer) can't be supported by the service."),
            entry("SFC_IC0003", "The receiver MSISDN is unknown."));

    private static final ScenarioTable SCENARIOS = ScenarioTable.withPrefix("25470000", 4)
            .reject("0001", "1")
            .reject("0002", "2")
            .reject("0003", "3")
            .reject("0004", "4")
            .reject("0008", "8")
            .reject("0011", "11")
            .reject("0015", "15")
            .reject("0017", "17")
            .reject("0026", "26")
            .reject("2001", "2001")
            .reject("2040", "2040")
            .reject("9003", "SFC_IC0003")
            .add("0202", Scenario.of(Scenario.Kind.PENDING_THEN_SUCCESS))
            .add("0222", Scenario.of(Scenario.Kind.CALLBACK_TWICE))
            .add("0504", Scenario.of(Scenario.Kind.QUEUE_TIMEOUT))
            .build();

    private static final PayoutGate.TransportAnswers TRANSPORT = new PayoutGate.TransportAnswers(
            () -> error(429, "500.003.02", "System is busy. Please try again in few minutes."),
            () -> error(500, "500.003.1001", "Internal Server Error"),
            () -> error(503, "503.001.01", "Service Unavailable"));

    /** Request data the result callback needs. */
    record Details(String conversationId, String resultUrl, String queueTimeOutUrl, String occasion) {
    }

    private final MockState state;
    private final PayoutGate gate;

    MpesaApi(MockState state) {
        this.state = state;
        this.gate = new PayoutGate(state);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Function<Request, ResponseDefinition>> operations() {
        return Map.of("token", this::token, "payout", this::payout, "status", this::status);
    }

    @Override
    public ResponseDefinition malformed(String message) {
        return error(400, "400.002.02", "Bad Request - " + message);
    }

    private ResponseDefinition token(Request request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return error(400, "400.008.01", "Invalid Authentication passed");
        }
        QueryParameter grantType = request.queryParameter("grant_type");
        if (!grantType.isPresent() || !"client_credentials".equals(grantType.firstValue())) {
            return error(400, "400.008.02", "Invalid grant type passed");
        }
        return JsonAnswer.json(200, JsonAnswer.object(
                "access_token", state.tokens().issue(NAME, state.now(), state.tokenTtl()),
                "expires_in", String.valueOf(state.settings().tokenTtlSeconds() - 1)));
    }

    private ResponseDefinition payout(Request request) {
        if (!hasValidToken(request)) {
            return invalidToken();
        }
        JsonFields body = JsonFields.parse(request.getBodyAsString());
        String reference = body.requiredText("OriginatorConversationID");
        body.requiredText("InitiatorName");
        body.requiredText("SecurityCredential");
        body.requiredText("PartyA");
        if (!COMMANDS.contains(body.text("CommandID"))) {
            throw new MalformedRequest("Invalid CommandID");
        }
        String amount = body.requiredText("Amount");
        BigDecimal value = wholeAmount(amount);
        String partyB = body.requiredText("PartyB");
        if (!PARTY_B.matcher(partyB).matches()) {
            throw new MalformedRequest("Invalid PartyB");
        }
        String resultUrl = callbackUrl(body, "ResultURL");
        String queueTimeOutUrl = callbackUrl(body, "QueueTimeOutURL");

        Scenario scenario = scenarioFor(partyB, value);
        Optional<ResponseDefinition> transportRefusal = gate.refuseBeforeRecording(scenario, TRANSPORT);
        if (transportRefusal.isPresent()) {
            return transportRefusal.get();
        }
        String conversationId = "AG_" + CONVERSATION_DAY.format(state.now()) + "_" + state.journal().nextId("");
        Map<String, Object> acknowledgement = JsonAnswer.object(
                "ConversationID", conversationId,
                "OriginatorConversationID", reference,
                "ResponseCode", "0",
                "ResponseDescription", "Accept the service request successfully.");
        if (scenario.is(Scenario.Kind.QUEUE_TIMEOUT)) {
            state.log("mpesa queue timeout for " + reference + ", nothing executed");
            state.callbacks().send(NAME, reference, "queue-timeout", "POST", queueTimeOutUrl,
                    Json.write(queueTimeoutBody(reference, conversationId)), 1);
            return JsonAnswer.json(200, acknowledgement);
        }
        Details details = new Details(conversationId, resultUrl, queueTimeOutUrl, body.text("Occassion"));
        Transfer transfer = new Transfer(NAME, reference, amount, "KES", partyB, state.journal().nextId("MP"),
                scenario, state.now(), details);
        if (!state.journal().register(transfer)) {
            state.log("mpesa duplicate OriginatorConversationID " + reference);
            return error(500, "500.002.1001", "Duplicate OriginatorConversationID.");
        }
        settle(transfer);
        boolean lost = gate.answerLost(scenario);
        state.log("mpesa accepted " + reference + " KES " + amount + " to " + WalletMask.mask(partyB)
                + " as " + transfer.status() + (lost ? " (answer lost)" : ""));
        return gate.deliver(scenario, lost, JsonAnswer.json(200, acknowledgement));
    }

    /** Moves a new transfer to its first state and posts the result if that state is final. */
    private void settle(Transfer transfer) {
        Scenario scenario = transfer.scenario();
        if (scenario.is(Scenario.Kind.PENDING_THEN_SUCCESS)) {
            return;
        }
        if (scenario.is(Scenario.Kind.REJECTED)) {
            transfer.fail(scenario.code());
        } else {
            transfer.complete(state.now());
        }
        postResult(transfer);
    }

    private void postResult(Transfer transfer) {
        state.callbacks().send(NAME, transfer.reference(), "result", "POST",
                transfer.details(Details.class).resultUrl(), Json.write(resultBody(transfer)),
                transfer.scenario().is(Scenario.Kind.CALLBACK_TWICE) ? 2 : 1);
    }

    private ResponseDefinition status(Request request) {
        if (!hasValidToken(request)) {
            return invalidToken();
        }
        JsonFields body = JsonFields.parse(request.getBodyAsString());
        if (!"TransactionStatusQuery".equals(body.text("CommandID"))) {
            throw new MalformedRequest("Invalid CommandID");
        }
        body.requiredText("Initiator");
        body.requiredText("SecurityCredential");
        body.requiredText("PartyA");
        body.requiredText("IdentifierType");
        String resultUrl = callbackUrl(body, "ResultURL");
        callbackUrl(body, "QueueTimeOutURL");
        String originatorId = body.text("OriginatorConversationID");
        String transactionId = body.text("TransactionID");
        if (originatorId == null && transactionId == null) {
            throw new MalformedRequest("TransactionID or OriginatorConversationID is required");
        }
        Optional<Transfer> found = originatorId != null
                ? state.journal().byReference(NAME, originatorId)
                : state.journal().byProviderTransactionId(NAME, transactionId);

        String queryOriginatorId = UUID.randomUUID().toString();
        String queryConversationId = "AG_" + CONVERSATION_DAY.format(state.now()) + "_" + state.journal().nextId("Q");
        String queried = originatorId != null ? originatorId : transactionId;
        Map<String, Object> result = found
                .map(transfer -> statusResult(transfer, queryOriginatorId, queryConversationId))
                .orElseGet(() -> JsonAnswer.object("Result", JsonAnswer.object(
                        "ResultType", 0,
                        "ResultCode", UNKNOWN_TRANSACTION_CODE,
                        "ResultDesc", "The transaction " + queried + " does not exist (mock-chosen code).",
                        "OriginatorConversationID", queryOriginatorId,
                        "ConversationID", queryConversationId)));
        state.callbacks().send(NAME, queried, "status-result", "POST", resultUrl, Json.write(result), 1);
        found.ifPresent(transfer -> {
            if (transfer.advanceAfterStatusQuery(state.now())) {
                postResult(transfer);
            }
        });
        return JsonAnswer.json(200, JsonAnswer.object(
                "OriginatorConversationID", queryOriginatorId,
                "ConversationID", queryConversationId,
                "ResponseCode", "0",
                "ResponseDescription", "Accept the service request successfully."));
    }

    private Map<String, Object> resultBody(Transfer transfer) {
        Details details = transfer.details(Details.class);
        Transfer.Snapshot snapshot = transfer.snapshot();
        boolean success = snapshot.status() == TransferStatus.COMPLETED;
        String code = success ? "0" : snapshot.failureCode();
        Map<String, Object> parameters = null;
        if (success) {
            parameters = JsonAnswer.object("ResultParameter", List.of(
                    parameter("TransactionAmount", new BigDecimal(transfer.amount())),
                    parameter("TransactionReceipt", transfer.providerTransactionId()),
                    parameter("ReceiverPartyPublicName", WalletMask.mask(transfer.wallet()) + " - TEST RECEIVER"),
                    parameter("TransactionCompletedDateTime", COMPLETED_TIME.format(snapshot.executedAt())),
                    parameter("B2CUtilityAccountAvailableFunds", new BigDecimal("1000000.00")),
                    parameter("B2CWorkingAccountAvailableFunds", new BigDecimal("1000000.00")),
                    parameter("B2CRecipientIsRegisteredCustomer", "Y"),
                    parameter("B2CChargesPaidAccountAvailableFunds", BigDecimal.ZERO)));
        }
        return JsonAnswer.object("Result", JsonAnswer.object(
                "ResultType", 0,
                "ResultCode", resultCode(code),
                "ResultDesc", RESULT_DESCRIPTIONS.get(code),
                "OriginatorConversationID", transfer.reference(),
                "ConversationID", details.conversationId(),
                "TransactionID", transfer.providerTransactionId(),
                "ResultParameters", parameters,
                "ReferenceData", JsonAnswer.object("ReferenceItem",
                        parameter("QueueTimeoutURL", details.queueTimeOutUrl()))));
    }

    private Map<String, Object> statusResult(Transfer transfer, String queryOriginatorId, String queryConversationId) {
        Transfer.Snapshot snapshot = transfer.snapshot();
        List<Map<String, Object>> parameters = new ArrayList<>(List.of(
                parameter("ReceiptNo", transfer.providerTransactionId()),
                parameter("TransactionStatus", transactionStatus(snapshot.status())),
                parameter("Amount", new BigDecimal(transfer.amount())),
                parameter("ReasonType", "Business Payment to Customer via API"),
                parameter("CreditPartyName", WalletMask.mask(transfer.wallet()) + " - TEST RECEIVER"),
                parameter("OriginatorConversationID", transfer.reference())));
        if (snapshot.executedAt() != null) {
            parameters.add(parameter("FinalisedTime", COMPACT_TIME.format(snapshot.executedAt())));
        }
        if (snapshot.status() == TransferStatus.FAILED) {
            parameters.add(parameter("TransactionResultCode", resultCode(snapshot.failureCode())));
        }
        return JsonAnswer.object("Result", JsonAnswer.object(
                "ResultType", 0,
                "ResultCode", 0,
                "ResultDesc", "The service request is processed successfully.",
                "OriginatorConversationID", queryOriginatorId,
                "ConversationID", queryConversationId,
                "TransactionID", transfer.providerTransactionId(),
                "ResultParameters", JsonAnswer.object("ResultParameter", parameters)));
    }

    private static Map<String, Object> queueTimeoutBody(String reference, String conversationId) {
        return JsonAnswer.object("Result", JsonAnswer.object(
                "ResultType", 1,
                "ResultCode", 1,
                "ResultDesc", "The service request has timed out.",
                "OriginatorConversationID", reference,
                "ConversationID", conversationId));
    }

    private static Scenario scenarioFor(String partyB, BigDecimal amount) {
        Scenario byWallet = SCENARIOS.forWallet(partyB);
        if (!byWallet.is(Scenario.Kind.SUCCESS)) {
            return byWallet;
        }
        if (amount.compareTo(MINIMUM) < 0) {
            return Scenario.rejected("2");
        }
        if (amount.compareTo(MAXIMUM) > 0) {
            return Scenario.rejected("3");
        }
        return byWallet;
    }

    /** Daraja amounts are whole shillings; "100" and "100.00" pass, "100.50" does not. */
    private static BigDecimal wholeAmount(String amount) {
        try {
            BigDecimal value = new BigDecimal(amount.trim());
            if (value.signum() <= 0 || value.stripTrailingZeros().scale() > 0) {
                throw new MalformedRequest("Invalid Amount");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new MalformedRequest("Invalid Amount");
        }
    }

    private static String callbackUrl(JsonFields body, String field) {
        String url = body.requiredText(field);
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
                throw new MalformedRequest("Invalid " + field);
            }
            return url;
        } catch (IllegalArgumentException e) {
            throw new MalformedRequest("Invalid " + field);
        }
    }

    private boolean hasValidToken(Request request) {
        return state.tokens().isValidBearer(NAME, request.getHeader("Authorization"), state.now());
    }

    private static ResponseDefinition invalidToken() {
        return error(401, "404.001.03", "Invalid Access Token");
    }

    private static Object resultCode(String code) {
        return code.chars().allMatch(Character::isDigit) ? (Object) Integer.valueOf(code) : code;
    }

    private static String transactionStatus(TransferStatus status) {
        switch (status) {
            case COMPLETED:
                return "Completed";
            case FAILED:
                return "Failed";
            default:
                return "Pending";
        }
    }

    private static Map<String, Object> parameter(String key, Object value) {
        return JsonAnswer.object("Key", key, "Value", value);
    }

    private static ResponseDefinition error(int status, String code, String message) {
        return JsonAnswer.json(status, JsonAnswer.object(
                "requestId", UUID.randomUUID().toString(),
                "errorCode", code,
                "errorMessage", message));
    }
}
