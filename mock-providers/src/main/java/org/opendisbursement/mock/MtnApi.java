package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * MTN MoMo Disbursement: token, {@code POST /disbursement/v1_0/transfer} (202, empty body),
 * {@code GET /disbursement/v1_0/transfer/{referenceId}}, optional callback to {@code X-Callback-Url}.
 * The reference is the {@code X-Reference-Id} header. Magic payees: {@code 46733123} + three digits
 * (the sandbox numbers 450..463, and mock-only codes, see the README).
 */
final class MtnApi implements ProviderApi {

    static final String NAME = "mtn";

    private static final Pattern UUID_FORMAT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,12}(\\.\\d{1,2})?");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Set<String> PARTY_ID_TYPES = Set.of("MSISDN", "EMAIL", "PARTY_CODE");

    /** Reasons answered as {@code {code, message}}; all others as a plain string (clients must accept both). */
    private static final Map<String, String> OBJECT_REASONS = Map.of(
            "COULD_NOT_PERFORM_TRANSACTION", "Could not perform the transaction.",
            "APPROVAL_REJECTED", "The transaction was rejected.",
            "EXPIRED", "The transaction expired.",
            "INTERNAL_PROCESSING_ERROR", "An internal error occurred while processing.",
            "SERVICE_UNAVAILABLE", "The service is currently unavailable.");

    private static final ScenarioTable SCENARIOS = ScenarioTable.withPrefix("46733123", 3)
            .reject("450", "COULD_NOT_PERFORM_TRANSACTION")
            .reject("451", "APPROVAL_REJECTED")
            .reject("452", "EXPIRED")
            .add("453", Scenario.of(Scenario.Kind.STAYS_PENDING))
            .add("454", Scenario.of(Scenario.Kind.PENDING_THEN_SUCCESS))
            .reject("455", "NOT_ENOUGH_FUNDS")
            .reject("456", "PAYER_LIMIT_REACHED")
            .reject("457", "PAYEE_NOT_FOUND")
            .reject("458", "NOT_ALLOWED")
            .reject("462", "INTERNAL_PROCESSING_ERROR")
            .reject("463", "SERVICE_UNAVAILABLE")
            .add("222", Scenario.of(Scenario.Kind.CALLBACK_TWICE))
            .add("223", Scenario.of(Scenario.Kind.CALLBACK_PUT))
            .build();

    private static final PayoutGate.TransportAnswers TRANSPORT = new PayoutGate.TransportAnswers(
            () -> JsonAnswer.json(429, JsonAnswer.object("statusCode", 429,
                    "message", "Rate limit is exceeded. Try again in 1 seconds.")),
            () -> error(500, "INTERNAL_PROCESSING_ERROR", "An internal error occurred while processing."),
            () -> error(503, "SERVICE_UNAVAILABLE", "Service is currently unavailable."));

    /** Request data the status body and the callback repeat. */
    record Details(String externalId, String partyIdType, String payerMessage, String payeeNote,
                   String callbackUrl) {
    }

    private final MockState state;
    private final PayoutGate gate;

    MtnApi(MockState state) {
        this.state = state;
        this.gate = new PayoutGate(state);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Function<Request, ResponseDefinition>> operations() {
        return Map.of("token", this::token, "transfer", this::transfer, "status", this::status);
    }

    @Override
    public ResponseDefinition malformed(String message) {
        return error(400, "BAD_REQUEST", message);
    }

    private ResponseDefinition token(Request request) {
        if (isBlank(request.getHeader("Ocp-Apim-Subscription-Key"))) {
            return missingSubscriptionKey();
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return JsonAnswer.json(401, JsonAnswer.object("error", "login_failed"));
        }
        return JsonAnswer.json(200, JsonAnswer.object(
                "access_token", state.tokens().issue(NAME, state.now(), state.tokenTtl()),
                "token_type", "access_token",
                "expires_in", state.settings().tokenTtlSeconds()));
    }

    private ResponseDefinition transfer(Request request) {
        Optional<ResponseDefinition> refused = checkHeaders(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        String referenceId = request.getHeader("X-Reference-Id");
        if (referenceId == null || !UUID_FORMAT.matcher(referenceId).matches()) {
            throw new MalformedRequest("X-Reference-Id must be a UUID");
        }
        JsonFields body = JsonFields.parse(request.getBodyAsString());
        String amount = body.requiredText("amount");
        if (!AMOUNT.matcher(amount).matches() || new BigDecimal(amount).signum() <= 0) {
            throw new MalformedRequest("amount must be a positive decimal string");
        }
        String currency = body.requiredText("currency");
        if (!CURRENCY.matcher(currency).matches()) {
            throw new MalformedRequest("currency must be an ISO 4217 code");
        }
        JsonFields payee = body.object("payee");
        String partyIdType = payee.requiredText("partyIdType");
        String partyId = payee.requiredText("partyId");
        if (!PARTY_ID_TYPES.contains(partyIdType)) {
            throw new MalformedRequest("payee.partyIdType must be one of " + PARTY_ID_TYPES);
        }
        if ("MSISDN".equals(partyIdType) && !partyId.matches("\\d{6,15}")) {
            throw new MalformedRequest("payee.partyId must be digits only (country code, no '+')");
        }
        String callbackUrl = request.getHeader("X-Callback-Url");

        Scenario scenario = SCENARIOS.forWallet(partyId);
        Optional<ResponseDefinition> transportRefusal = gate.refuseBeforeRecording(scenario, TRANSPORT);
        if (transportRefusal.isPresent()) {
            return transportRefusal.get();
        }
        Details details = new Details(body.text("externalId"), partyIdType, body.text("payerMessage"),
                body.text("payeeNote"), isBlank(callbackUrl) ? null : callbackUrl);
        Transfer transfer = new Transfer(NAME, referenceId.toLowerCase(), amount, currency, partyId,
                String.valueOf(1_000_000_000L + state.journal().nextNumber()), scenario, state.now(), details);
        if (!state.journal().register(transfer)) {
            state.log("mtn duplicate X-Reference-Id " + referenceId);
            return error(409, "RESOURCE_ALREADY_EXIST", "Duplicated reference id. Creation of resource failed.");
        }
        settle(transfer);
        boolean lost = gate.answerLost(scenario);
        state.log("mtn accepted " + referenceId + " " + amount + " " + currency + " to "
                + WalletMask.mask(partyId) + " as " + transfer.status() + (lost ? " (answer lost)" : ""));
        return gate.deliver(scenario, lost, JsonAnswer.empty(202));
    }

    /** Moves a new transfer to its first state and sends the callback if that state is final. */
    private void settle(Transfer transfer) {
        switch (transfer.scenario().kind()) {
            case REJECTED:
                transfer.fail(transfer.scenario().code());
                notifyClient(transfer);
                break;
            case PENDING_THEN_SUCCESS:
            case STAYS_PENDING:
                break;
            default:
                transfer.complete(state.now());
                notifyClient(transfer);
        }
    }

    private ResponseDefinition status(Request request) {
        Optional<ResponseDefinition> refused = checkHeaders(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        String path = URI.create(request.getUrl()).getPath();
        String referenceId = path.substring(path.lastIndexOf('/') + 1).toLowerCase();
        Optional<Transfer> found = state.journal().byReference(NAME, referenceId);
        if (found.isEmpty()) {
            return error(404, "RESOURCE_NOT_FOUND", "Requested resource was not found.");
        }
        Transfer transfer = found.get();
        ResponseDefinition answer = JsonAnswer.json(200, statusBody(transfer));
        if (transfer.advanceAfterStatusQuery(state.now())) {
            notifyClient(transfer);
        }
        return answer;
    }

    private Map<String, Object> statusBody(Transfer transfer) {
        Details details = transfer.details(Details.class);
        Transfer.Snapshot snapshot = transfer.snapshot();
        return JsonAnswer.object(
                "amount", transfer.amount(),
                "currency", transfer.currency(),
                "financialTransactionId", snapshot.status() == TransferStatus.COMPLETED
                        ? transfer.providerTransactionId() : null,
                "externalId", details.externalId(),
                "payee", JsonAnswer.object("partyIdType", details.partyIdType(), "partyId", transfer.wallet()),
                "payerMessage", details.payerMessage(),
                "payeeNote", details.payeeNote(),
                "status", statusName(snapshot.status()),
                "reason", snapshot.status() == TransferStatus.FAILED ? reason(snapshot.failureCode()) : null);
    }

    private void notifyClient(Transfer transfer) {
        Details details = transfer.details(Details.class);
        if (details.callbackUrl() == null) {
            return;
        }
        Scenario scenario = transfer.scenario();
        state.callbacks().send(NAME, transfer.reference(), "notification",
                scenario.is(Scenario.Kind.CALLBACK_PUT) ? "PUT" : "POST",
                details.callbackUrl(),
                Json.write(statusBody(transfer)),
                scenario.is(Scenario.Kind.CALLBACK_TWICE) ? 2 : 1);
    }

    private Optional<ResponseDefinition> checkHeaders(Request request) {
        if (isBlank(request.getHeader("Ocp-Apim-Subscription-Key"))) {
            return Optional.of(missingSubscriptionKey());
        }
        if (!state.tokens().isValidBearer(NAME, request.getHeader("Authorization"), state.now())) {
            return Optional.of(JsonAnswer.json(401, JsonAnswer.object("statusCode", 401,
                    "message", "Access denied: invalid or expired access token.")));
        }
        if (isBlank(request.getHeader("X-Target-Environment"))) {
            throw new MalformedRequest("X-Target-Environment is required");
        }
        return Optional.empty();
    }

    private static Object reason(String code) {
        String message = OBJECT_REASONS.get(code);
        return message == null ? code : JsonAnswer.object("code", code, "message", message);
    }

    private static String statusName(TransferStatus status) {
        switch (status) {
            case COMPLETED:
                return "SUCCESSFUL";
            case FAILED:
                return "FAILED";
            default:
                return "PENDING";
        }
    }

    private static ResponseDefinition missingSubscriptionKey() {
        return JsonAnswer.json(401, JsonAnswer.object("statusCode", 401,
                "message", "Access denied due to missing subscription key. Make sure to include subscription key "
                        + "when making requests to an API."));
    }

    private static ResponseDefinition error(int status, String code, String message) {
        return JsonAnswer.json(status, JsonAnswer.object("code", code, "message", message));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
