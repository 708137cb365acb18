package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.Map;
import java.util.function.Function;

/**
 * Hands a matched request to a {@link ProviderApi}. A mapping selects it with
 * {@code "transformers": ["<provider>"]} and names the endpoint with
 * {@code "transformerParameters": {"operation": "..."}}.
 */
final class ProviderTransformer implements ResponseDefinitionTransformerV2 {

    private final ProviderApi api;
    private final Map<String, Function<Request, ResponseDefinition>> operations;
    private final MockState state;

    ProviderTransformer(ProviderApi api, MockState state) {
        this.api = api;
        this.operations = Map.copyOf(api.operations());
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
        Function<Request, ResponseDefinition> handler = operation == null ? null : operations.get(operation);
        if (handler == null) {
            return mockFault("mapping needs transformerParameters.operation, one of " + operations.keySet());
        }
        try {
            return handler.apply(serveEvent.getRequest());
        } catch (MalformedRequest e) {
            return api.malformed(e.getMessage());
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
