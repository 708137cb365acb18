package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The mock's own endpoints, under {@value #PATH_PREFIX}:
 * <ul>
 *   <li>{@code GET /__mock/executed}: the executed-payout journal, with count and sum</li>
 *   <li>{@code POST /__mock/reset}: forget all transfers and callbacks, restore startup settings</li>
 *   <li>{@code GET|POST /__mock/config}: read or partially change {@link MockSettings}</li>
 *   <li>{@code GET /__mock/callbacks}: callbacks delivered so far</li>
 * </ul>
 */
final class AdminApi implements ProviderApi {

    static final String NAME = "mock-admin";
    static final String PATH_PREFIX = "/__mock/";

    private final MockState state;

    AdminApi(MockState state) {
        this.state = state;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Function<Request, ResponseDefinition>> operations() {
        return Map.of(
                "executed", request -> executed(),
                "reset", request -> reset(),
                "get-config", request -> JsonAnswer.json(200, state.settings().asMap()),
                "set-config", this::setConfig,
                "callbacks", request -> callbacks());
    }

    @Override
    public ResponseDefinition malformed(String message) {
        return JsonAnswer.json(400, JsonAnswer.object("error", message));
    }

    private ResponseDefinition reset() {
        state.reset();
        state.log("journal reset");
        return JsonAnswer.json(200, JsonAnswer.object("reset", true));
    }

    private ResponseDefinition executed() {
        List<ExecutedPayout> executed = state.journal().executed();
        List<Map<String, Object>> entries = executed.stream()
                .map(payout -> JsonAnswer.object(
                        "provider", payout.provider(),
                        "reference", payout.reference(),
                        "amount", payout.amount(),
                        "currency", payout.currency(),
                        "wallet", payout.wallet(),
                        "providerTransactionId", payout.providerTransactionId(),
                        "executedAt", payout.executedAt().toString()))
                .collect(Collectors.toList());
        return JsonAnswer.json(200, JsonAnswer.object(
                "count", executed.size(),
                "sum", PayoutJournal.sum(executed).toPlainString(),
                "executed", entries));
    }

    private ResponseDefinition setConfig(Request request) {
        try {
            MockSettings updated = state.updateSettings(JsonFields.parse(request.getBodyAsString()).values());
            state.log("settings now " + updated.asMap());
            return JsonAnswer.json(200, updated.asMap());
        } catch (IllegalArgumentException e) {
            return JsonAnswer.json(400, JsonAnswer.object("error", e.getMessage()));
        }
    }

    private ResponseDefinition callbacks() {
        List<Map<String, Object>> entries = state.callbacks().deliveries().stream()
                .map(delivery -> JsonAnswer.object(
                        "provider", delivery.provider(),
                        "reference", delivery.reference(),
                        "kind", delivery.kind(),
                        "method", delivery.method(),
                        "url", delivery.url(),
                        "copy", delivery.copy(),
                        "httpStatus", delivery.httpStatus(),
                        "error", delivery.error(),
                        "sentAt", delivery.sentAt().toString()))
                .collect(Collectors.toList());
        return JsonAnswer.json(200, JsonAnswer.object("count", entries.size(), "callbacks", entries));
    }
}
