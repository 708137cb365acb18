package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * MTN MoMo Disbursement: token, {@code POST /disbursement/v1_0/transfer} (202, empty body),
 * {@code GET /disbursement/v1_0/transfer/{referenceId}}, optional callback to {@code X-Callback-Url}.
 * The reference is the {@code X-Reference-Id} header; a FAILED transfer is final for that reference (a reused one gets
 * 409), and a new reference is a new transfer. Magic payees: {@code 46733123} + three digits, MTN's sandbox numbers
 * 450..454 and the mock's own ({@link MtnNumbers}, README). With {@code X-Target-Environment: sandbox} only EUR is
 * taken, as in MTN's sandbox.
 */
final class MtnApi implements ProviderApi {

    static final String NAME = "mtn";

    private static final Pattern UUID_FORMAT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,12}(\\.\\d{1,2})?");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Set<String> PARTY_ID_TYPES = Set.of("MSISDN", "EMAIL", "PARTY_CODE");

    /** Transport scenarios only (429, 500, 503, 499, 408, 901); MTN's own behaviours are in {@link MtnNumbers}. */
    private static final ScenarioTable SCENARIOS = ScenarioTable.withPrefix(MtnNumbers.PREFIX, 3)
            .add("222", Scenario.of(Scenario.Kind.CALLBACK_TWICE))
            .add("223", Scenario.of(Scenario.Kind.CALLBACK_PUT))
            .build();

    private static final PayoutGate.TransportAnswers TRANSPORT = new PayoutGate.TransportAnswers(
            () -> JsonAnswer.json(429, JsonAnswer.object("statusCode", 429,
                    "message", "Rate limit is exceeded. Try again in 1 seconds.")),
            () -> error(500, "INTERNAL_PROCESSING_ERROR", "An internal error occurred while processing."),
            () -> error(503, "SERVICE_UNAVAILABLE", "Service is currently unavailable."));

    /** Request data the status body and the callback repeat, and how this number plays. */
    record Details(String externalId, String partyIdType, String payerMessage, String payeeNote,
                   String callbackUrl, MtnNumbers.Behaviour behaviour) {
    }

    private final MockState state;
    private final PayoutGate gate;
    /** 461: the wallet → the reference of its last FAILED transfer (the next new reference succeeds). */
    private final Map<String, String> failedOnce = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ongoing = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mtn-mock-ongoing");
        thread.setDaemon(true);
        return thread;
    });

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
        if (authorization == null || !authorization.startsWith("Basic ")
                || basicUser(authorization).equals(MtnNumbers.REFUSED_API_USER)) {
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
        MtnNumbers.Behaviour behaviour = MtnNumbers.forPartyId(partyId);
        if ("sandbox".equals(request.getHeader("X-Target-Environment")) && !"EUR".equals(currency)) {
            return configurationFault("INVALID_CURRENCY");
        }
        if (behaviour.play() == MtnNumbers.Play.CONFIGURATION_FAULT) {
            return configurationFault(behaviour.reason());
        }

        Scenario transport = SCENARIOS.forWallet(partyId);
        Optional<ResponseDefinition> transportRefusal = gate.refuseBeforeRecording(transport, TRANSPORT);
        if (transportRefusal.isPresent()) {
            return transportRefusal.get();
        }
        Details details = new Details(body.text("externalId"), partyIdType, body.text("payerMessage"),
                body.text("payeeNote"), isBlank(callbackUrl) ? null : callbackUrl, behaviour);
        String reference = referenceId.toLowerCase();
        Transfer transfer;
        synchronized (failedOnce) {
            transfer = new Transfer(NAME, reference, amount, currency, partyId,
                    String.valueOf(1_000_000_000L + state.journal().nextNumber()),
                    scenario(behaviour, transport, partyId), state.now(), details);
            if (!state.journal().register(transfer)) {
                state.log("mtn duplicate X-Reference-Id " + referenceId);
                return error(409, "RESOURCE_ALREADY_EXIST", "Duplicated reference id. Creation of resource failed.");
            }
            if (behaviour.play() == MtnNumbers.Play.FAILED_THEN_NEW_REFERENCE_SUCCEEDS) {
                if (transfer.scenario().is(Scenario.Kind.REJECTED)) {
                    failedOnce.put(partyId, reference);
                } else {
                    failedOnce.remove(partyId);
                }
            }
        }
        settle(transfer);
        boolean lost = gate.answerLost(transport);
        state.log("mtn accepted " + referenceId + " " + amount + " " + currency + " to "
                + WalletMask.mask(partyId) + " as " + transfer.status() + (lost ? " (answer lost)" : ""));
        return gate.deliver(transport, lost, JsonAnswer.empty(202));
    }

    /** What the transfer plays: MTN's behaviour for the number, else the transport scenario. */
    private Scenario scenario(MtnNumbers.Behaviour behaviour, Scenario transport, String partyId) {
        switch (behaviour.play()) {
            case FAILED:
                return Scenario.rejected(behaviour.reason());
            case FAILED_THEN_NEW_REFERENCE_SUCCEEDS:
                String failed = failedOnce.get(partyId);
                boolean failedBefore = failed != null && state.journal().byReference(NAME, failed).isPresent();
                return failedBefore ? Scenario.SUCCESS : Scenario.rejected(behaviour.reason());
            case ONGOING:
            case PENDING:
                return Scenario.of(Scenario.Kind.STAYS_PENDING);
            case PENDING_THEN_SUCCESS:
                return Scenario.of(Scenario.Kind.PENDING_THEN_SUCCESS);
            default:
                return transport;
        }
    }

    /** Moves a new transfer to its first state and sends the callback if that state is final. */
    private void settle(Transfer transfer) {
        switch (transfer.scenario().kind()) {
            case REJECTED:
                transfer.fail(transfer.scenario().code());
                notifyClient(transfer);
                break;
            case PENDING_THEN_SUCCESS:
                break;
            case STAYS_PENDING:
                if (details(transfer).behaviour().play() == MtnNumbers.Play.ONGOING) {
                    ongoing.schedule(() -> finishOngoing(transfer), state.settings().mtnOngoingMs(),
                            TimeUnit.MILLISECONDS);
                }
                break;
            default:
                transfer.complete(state.now());
                notifyClient(transfer);
        }
    }

    /** 453: SUCCESSFUL once its time is up, unless the mock was reset meanwhile. */
    private void finishOngoing(Transfer transfer) {
        if (state.journal().byReference(NAME, transfer.reference()).orElse(null) == transfer
                && transfer.complete(state.now())) {
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
        if (details(transfer).behaviour().play() == MtnNumbers.Play.ONGOING && !state.now().isBefore(
                transfer.acceptedAt().plusMillis(state.settings().mtnOngoingMs()))) {
            finishOngoing(transfer);
        }
        ResponseDefinition answer = JsonAnswer.json(200, statusBody(transfer));
        if (transfer.advanceAfterStatusQuery(state.now())) {
            notifyClient(transfer);
        }
        return answer;
    }

    /**
     * The transfer as the status query and the callback tell it; the numbers 771, 772 and 773 report another amount,
     * payee or externalId than the transfer had (the mock's own, to test that clients compare).
     */
    private Map<String, Object> statusBody(Transfer transfer) {
        Details details = details(transfer);
        Transfer.Snapshot snapshot = transfer.snapshot();
        MtnNumbers.Play play = details.behaviour().play();
        String amount = play == MtnNumbers.Play.REPORTS_OTHER_AMOUNT
                ? new BigDecimal(transfer.amount()).add(BigDecimal.ONE).toPlainString() : transfer.amount();
        String partyId = play == MtnNumbers.Play.REPORTS_OTHER_PAYEE ? otherNumber(transfer.wallet()) : transfer.wallet();
        String externalId = play == MtnNumbers.Play.REPORTS_OTHER_EXTERNAL_ID
                ? UUID.nameUUIDFromBytes(transfer.reference().getBytes(StandardCharsets.UTF_8)).toString()
                : details.externalId();
        return JsonAnswer.object(
                "amount", amount,
                "currency", transfer.currency(),
                "financialTransactionId", snapshot.status() == TransferStatus.COMPLETED
                        ? transfer.providerTransactionId() : null,
                "externalId", externalId,
                "payee", JsonAnswer.object("partyIdType", details.partyIdType(), "partyId", partyId),
                "payerMessage", details.payerMessage(),
                "payeeNote", details.payeeNote(),
                "status", statusName(snapshot.status()),
                "reason", snapshot.status() == TransferStatus.FAILED
                        ? MtnNumbers.reason(snapshot.failureCode(), details.behaviour().reasonObject()) : null);
    }

    private static String otherNumber(String wallet) {
        char last = wallet.charAt(wallet.length() - 1);
        return wallet.substring(0, wallet.length() - 1) + (last == '9' ? '0' : (char) (last + 1));
    }

    private static Details details(Transfer transfer) {
        return transfer.details(Details.class);
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

    private static ResponseDefinition configurationFault(String code) {
        return error(400, code, MtnNumbers.MESSAGES.getOrDefault(code, code));
    }

    private static String basicUser(String authorization) {
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring("Basic ".length()).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? decoded : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return "";
        }
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
