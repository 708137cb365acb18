package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * Hands a matched request to a {@link ProviderApi}. A mapping selects it with
 * {@code "transformers": ["<provider>"]} and names the endpoint with
 * {@code "transformerParameters": {"operation": "..."}}.
 */
final class ProviderTransformer implements ResponseDefinitionTransformerV2 {

    private final ProviderApi api;
    private final MockState state;

    ProviderTransformer(ProviderApi api, MockState state) {
        this.api = api;
        this.state = state;
    }

    @Override
    public String getName() {
        return api.name();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Parameters parameters = serveEvent.getTransformerParameters();
        String operation = parameters == null ? null : parameters.getString("operation", null);
        if (operation == null) {
            return mockFault("mapping has no transformerParameters.operation");
        }
        try {
            return api.answer(operation, serveEvent.getRequest());
        } catch (RuntimeException e) {
            state.logError(api.name() + " " + operation + " failed inside the mock", e);
            return mockFault(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** A bug of the mock itself, never a provider answer. */
    private static ResponseDefinition mockFault(String message) {
        return JsonAnswer.json(500, JsonAnswer.object("mockError", message));
    }
}
