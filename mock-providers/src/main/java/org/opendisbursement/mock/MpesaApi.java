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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** Mock-chosen ResultCode for an IDNumber that is not the wallet owner's (Safaricom's code is unpublished). */
    static final String ID_MISMATCH = "ID_MISMATCH";
    /** The SecurityCredential the mock refuses with ResultCode 2001 (wrong initiator password). */
    static final String WRONG_CREDENTIAL = "wrong-credential";
    /** Consecutive 2001 results after which an InitiatorName is locked (8006), as Safaricom does. */
    static final int LOCK_AFTER = 3;
    /** A consumer key whose token grant is refused (revoked app). */
    static final String REVOKED_KEY = "revoked-key";
    /** Wallet registered to {@link #REGISTERED_ID}: any other IDNumber is refused. */
    static final String ID_CHECKED_WALLET = "254700000700";
    static final String REGISTERED_ID = "12345678";
    private static final String QUOTA_WALLET = "254700000433";
    private static final String ERROR_IN_2XX_WALLET = "254700000209";
    private static final String API_USER_FAULT_WALLET = "254700004012";
    private static final String OTHER_AMOUNT_WALLET = "254700000777";
    private static final String OTHER_PAYEE_WALLET = "254700000778";
    private static final Set<String> ID_TYPES = Set.of("01", "02", "03", "04", "05", "06");

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
            entry("8006", "The security credential is locked."),
            entry(ID_MISMATCH, "The IDNumber does not match the identity registered for the receiver (mock-chosen code)."),
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
            // Daraja's throttling is not HTTP 429: Spike Arrest comes as 500.003.02
            () -> error(500, "500.003.02", "Spike arrest violation"),
            () -> error(500, "500.003.1001", "Internal Server Error"),
            () -> error(503, "503.001.01", "Service Unavailable"));

    /** Request data the result callback needs. */
    record Details(String conversationId, String resultUrl, String queueTimeOutUrl, String occasion) {
    }

    private final MockState state;
    private final PayoutGate gate;
    /** ConversationID → OriginatorConversationID, for status queries by ConversationID. */
    private final ConcurrentMap<String, String> byConversation = new ConcurrentHashMap<>();
    /** InitiatorName → consecutive 2001 results. */
    private final ConcurrentMap<String, AtomicInteger> credentialFailures = new ConcurrentHashMap<>();

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
        String basic = new String(java.util.Base64.getDecoder().decode(authorization.substring(6).trim()),
                java.nio.charset.StandardCharsets.UTF_8);
        if (basic.startsWith(REVOKED_KEY + ":")) {
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
        String initiator = body.requiredText("InitiatorName");
        if ("unknown-initiator".equals(initiator)) {
            return error(400, "400.002.02", "Bad Request - Invalid InitiatorName");
        }
        String credential = body.requiredText("SecurityCredential");
        body.requiredText("PartyA");
        String idNumber = body.text("IDNumber");
        String idType = body.text("IDType");
        if (idNumber != null && (idType == null || !ID_TYPES.contains(idType))) {
            throw new MalformedRequest("Invalid IDType");
        }
        if (request.getUrl().contains("/b2cvalidate/") && (idNumber == null || idNumber.isBlank())) {
            throw new MalformedRequest("IDNumber is required");
        }
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

        if (QUOTA_WALLET.equals(partyB)) {
            return error(500, "500.003.03", "Quota Violation");
        }
        if (ERROR_IN_2XX_WALLET.equals(partyB)) {
            return error(200, "500.003.02", "Spike arrest violation");
        }
        if (API_USER_FAULT_WALLET.equals(partyB)) {
            return error(401, "401.002.01", "Error Occurred - Invalid Access Token");
        }
        Scenario scenario = scenarioFor(partyB, value);
        Scenario byAccount = accountScenario(initiator, credential);
        if (byAccount != null) {
            scenario = byAccount;
        } else if (idNumber != null && ID_CHECKED_WALLET.equals(partyB) && !REGISTERED_ID.equals(idNumber.strip())) {
            scenario = Scenario.rejected(ID_MISMATCH);
        }
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
            // Safaricom echoes the original request back to the QueueTimeOutURL (not a Result envelope)
            state.callbacks().send(NAME, reference, "queue-timeout", "POST", queueTimeOutUrl,
                    request.getBodyAsString(), 1);
            return JsonAnswer.json(200, acknowledgement);
        }
        Details details = new Details(conversationId, resultUrl, queueTimeOutUrl, body.text("Occassion"));
        Transfer transfer = new Transfer(NAME, reference, amount, "KES", partyB, state.journal().nextId("MP"),
                scenario, state.now(), details);
        if (!state.journal().register(transfer)) {
            state.log("mpesa duplicate OriginatorConversationID " + reference);
            return error(500, "500.002.1001", "Duplicate OriginatorConversationID.");
        }
        byConversation.put(conversationId, reference);
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
        if (body.has("OriginatorConversationID")) {
            // the status query's field is OriginalConversationID; the B2C request's name is refused
            throw new MalformedRequest("Invalid OriginatorConversationID");
        }
        String originalId = body.text("OriginalConversationID");
        String transactionId = body.text("TransactionID");
        if ((originalId == null) == (transactionId == null)) {
            throw new MalformedRequest("exactly one of TransactionID and OriginalConversationID is required");
        }
        String originatorId = originalId == null ? null : byConversation.getOrDefault(originalId, originalId);
        Optional<Transfer> found = originatorId != null
                ? state.journal().byReference(NAME, originatorId)
                : state.journal().byProviderTransactionId(NAME, transactionId);

        String queryOriginatorId = UUID.randomUUID().toString();
        String queryConversationId = "AG_" + CONVERSATION_DAY.format(state.now()) + "_" + state.journal().nextId("Q");
        String queried = found.map(Transfer::reference).orElse(originatorId != null ? originatorId : transactionId);
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
                    parameter("TransactionAmount", reportedAmount(transfer)),
                    parameter("TransactionReceipt", transfer.providerTransactionId()),
                    parameter("ReceiverPartyPublicName", reportedReceiver(transfer) + " - TEST RECEIVER"),
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
                parameter("Amount", reportedAmount(transfer)),
                parameter("ReasonType", "Business Payment to Customer via API"),
                parameter("CreditPartyName", reportedReceiver(transfer) + " - TEST RECEIVER"),
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

    /** What the answers say was paid: the mismatch scenario reports one shilling more than was asked. */
    private static BigDecimal reportedAmount(Transfer transfer) {
        BigDecimal amount = new BigDecimal(transfer.amount());
        return OTHER_AMOUNT_WALLET.equals(transfer.wallet()) ? amount.add(BigDecimal.ONE) : amount;
    }

    /** Who the answers say was paid (masked): the mismatch scenario names another wallet. */
    private static String reportedReceiver(Transfer transfer) {
        return WalletMask.mask(OTHER_PAYEE_WALLET.equals(transfer.wallet()) ? "254711111111" : transfer.wallet());
    }

    /**
     * The initiator's credential: a wrong one gives ResultCode 2001; after {@link #LOCK_AFTER} in a row the
     * InitiatorName is locked and every request gets 8006, whatever the credential. Null when the credential is fine.
     */
    private Scenario accountScenario(String initiator, String credential) {
        AtomicInteger failures = credentialFailures.computeIfAbsent(initiator, name -> new AtomicInteger());
        if (failures.get() >= LOCK_AFTER) {
            return Scenario.rejected("8006");
        }
        if (WRONG_CREDENTIAL.equals(credential)) {
            failures.incrementAndGet();
            return Scenario.rejected("2001");
        }
        failures.set(0);
        return null;
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
