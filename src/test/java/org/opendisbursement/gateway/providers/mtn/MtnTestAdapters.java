package org.opendisbursement.gateway.providers.mtn;

import tools.jackson.databind.json.JsonMapper;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.opendisbursement.gateway.dispatch.ProviderHttp;
import org.opendisbursement.gateway.dispatch.ProviderSettings;
import org.opendisbursement.gateway.dispatch.ProvidersProperties;
import org.springframework.core.env.Environment;

/** A second MTN adapter with changed settings (another base URL, refused credentials), its own token cache. */
final class MtnTestAdapters {

    /** The application's beans an adapter is made of. */
    record Parts(ProvidersProperties providers, ProviderHttp http, JsonMapper json, Environment environment) {
    }

    private MtnTestAdapters() {
    }

    static MtnAdapter withSettings(Parts parts, UnaryOperator<ProviderSettings> change) {
        ProviderSettings changed = change.apply(parts.providers().require(MtnAdapter.NAME));
        return new MtnAdapter(new ProvidersProperties(Map.of(MtnAdapter.NAME, changed)), parts.http(), parts.json(),
                parts.environment());
    }

    static ProviderSettings credential(ProviderSettings s, String key, String value) {
        Map<String, String> credentials = new HashMap<>(s.credentials());
        credentials.put(key, value);
        return new ProviderSettings(s.enabled(), s.baseUrl(), credentials, s.ratePerSecond(), s.maxInFlight(),
                s.maxAttempts(), s.connectTimeout(), s.readTimeout(), s.initialBackoff(), s.maxBackoff(),
                s.pendingDeadline(), s.callbackSecret(), s.callbackAllowList(), s.callbackBaseUrl());
    }

    static ProviderSettings baseUrl(ProviderSettings s, String baseUrl) {
        return new ProviderSettings(s.enabled(), baseUrl, s.credentials(), s.ratePerSecond(), s.maxInFlight(),
                s.maxAttempts(), s.connectTimeout(), s.readTimeout(), s.initialBackoff(), s.maxBackoff(),
                s.pendingDeadline(), s.callbackSecret(), s.callbackAllowList(), s.callbackBaseUrl());
    }
}
