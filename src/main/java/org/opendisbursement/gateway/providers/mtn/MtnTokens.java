package org.opendisbursement.gateway.providers.mtn;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.opendisbursement.gateway.dispatch.ProviderHttp;
import org.opendisbursement.gateway.dispatch.ProviderSettings;
import org.opendisbursement.gateway.dispatch.TokenCache;

/**
 * MTN's Disbursement access token ({@code POST /disbursement/token/}, Basic apiUser:apiKey), shared by every call
 * until shortly before it expires, in a {@link TokenCache}.
 */
final class MtnTokens {

    /**
     * No token could be had: the call was not made. {@code refused}: MTN refused the grant (401/403: wrong, revoked or
     * locked API user or key, wrong subscription key) or the credentials are not configured — the account's fault,
     * not a passing one.
     */
    static final class Unavailable extends Exception {
        private final boolean refused;

        Unavailable(String message) {
            this(message, false);
        }

        Unavailable(String message, boolean refused) {
            super(message);
            this.refused = refused;
        }

        boolean refused() {
            return refused;
        }
    }

    private static final Duration MAX_MARGIN = Duration.ofSeconds(60);

    private final ProviderHttp http;
    private final JsonMapper json;
    private final TokenCache<Unavailable> cache = new TokenCache<>(System::nanoTime);

    MtnTokens(ProviderHttp http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    /** A live token: the cached one, or a new grant. */
    String get(ProviderSettings settings, String baseUrl) throws Unavailable {
        return cache.get(() -> grant(settings, baseUrl));
    }

    /** Forgets {@code token} after MTN refused it (HTTP 401), unless a newer one has replaced it already. */
    void drop(String token) {
        cache.drop(token);
    }

    /** For tests: holds {@code token} as if MTN had granted it (e.g. one MTN no longer accepts). */
    void hold(String token) {
        cache.hold(token, Duration.ofMinutes(30));
    }

    private TokenCache.Granted grant(ProviderSettings settings, String baseUrl) throws Unavailable {
        Map<String, String> headers;
        try {
            String basic = Base64.getEncoder().encodeToString((settings.credential("api-user") + ":"
                    + settings.credential("api-key")).getBytes(StandardCharsets.UTF_8));
            headers = Map.of("Authorization", "Basic " + basic,
                    "Ocp-Apim-Subscription-Key", settings.credential("subscription-key"),
                    "Accept", "application/json");
        } catch (IllegalStateException e) {
            throw new Unavailable("MTN is not configured: " + e.getMessage(), true);
        }
        ProviderHttp.Answer answer;
        try {
            answer = http.exchange("POST", baseUrl + "/disbursement/token/", headers, null, settings);
        } catch (ProviderHttp.NotSent | ProviderHttp.NoAnswer e) {
            throw new Unavailable("the MTN token request failed: " + e.getMessage());
        }
        if (answer.status() == 401 || answer.status() == 403) {
            throw new Unavailable("MTN refused the token request with HTTP " + answer.status()
                    + " (API user, API key or subscription key refused)", true);
        }
        if (answer.status() != 200 || answer.body() == null) {
            throw new Unavailable("MTN answered the token request with HTTP " + answer.status());
        }
        MtnMessages.TokenAnswer granted;
        try {
            granted = json.readValue(answer.body(), MtnMessages.TokenAnswer.class);
        } catch (JacksonException e) {
            throw new Unavailable("MTN answered the token request with unreadable JSON");
        }
        if (granted.accessToken() == null || granted.accessToken().isBlank()) {
            throw new Unavailable("MTN's token answer has no access_token");
        }
        Duration lifetime = Duration.ofSeconds(granted.expiresIn() == null || granted.expiresIn() <= 0
                ? 3600 : granted.expiresIn());
        return new TokenCache.Granted(granted.accessToken(), TokenCache.lessMargin(lifetime, MAX_MARGIN));
    }
}
