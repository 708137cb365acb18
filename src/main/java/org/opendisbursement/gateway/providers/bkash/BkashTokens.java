package org.opendisbursement.gateway.providers.bkash;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import java.time.Duration;
import java.util.Map;
import org.opendisbursement.gateway.dispatch.ProviderHttp;
import org.opendisbursement.gateway.dispatch.ProviderSettings;
import org.opendisbursement.gateway.dispatch.TokenCache;

/**
 * bKash's {@code id_token}, granted once and shared by every payout until shortly before it expires. bKash rate-limits
 * the refresh call (about two an hour), so an expired or refused token is replaced by a new grant, never a refresh.
 * Cached in a {@link TokenCache}.
 */
final class BkashTokens {

    /** No token could be had: the payout was not sent. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    private static final Duration MAX_MARGIN = Duration.ofSeconds(60);

    private final ProviderHttp http;
    private final JsonMapper json;
    private final TokenCache<Unavailable> cache = new TokenCache<>(System::nanoTime);

    BkashTokens(ProviderHttp http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    /** A live token: the cached one, or a new grant. */
    String get(ProviderSettings settings, String baseUrl) throws Unavailable {
        return cache.get(() -> grant(settings, baseUrl));
    }

    /** Forgets {@code token} after bKash refused it (HTTP 401), unless a newer one has replaced it already. */
    void drop(String token) {
        cache.drop(token);
    }

    /** For tests: holds {@code token} as if bKash had granted it (e.g. one bKash no longer accepts). */
    void hold(String token) {
        cache.hold(token, Duration.ofMinutes(30));
    }

    private TokenCache.Granted grant(ProviderSettings settings, String baseUrl) throws Unavailable {
        String body;
        Map<String, String> headers;
        try {
            body = json.writeValueAsString(new BkashMessages.GrantRequest(settings.credential("app-key"),
                    settings.credential("app-secret")));
            headers = Map.of("username", settings.credential("username"), "password", settings.credential("password"),
                    "Accept", "application/json");
        } catch (JacksonException | IllegalStateException e) {
            throw new Unavailable("bKash is not configured: " + e.getMessage());
        }
        ProviderHttp.Answer answer;
        try {
            answer = http.exchange("POST", baseUrl + "/token/grant", headers, body, settings);
        } catch (ProviderHttp.NotSent | ProviderHttp.NoAnswer e) {
            throw new Unavailable("the bKash token grant failed: " + e.getMessage());
        }
        if (answer.status() != 200 || answer.body() == null) {
            throw new Unavailable("bKash refused the token grant with HTTP " + answer.status());
        }
        BkashMessages.GrantAnswer granted;
        try {
            granted = json.readValue(answer.body(), BkashMessages.GrantAnswer.class);
        } catch (JacksonException e) {
            throw new Unavailable("bKash answered the token grant with unreadable JSON");
        }
        if (granted.idToken() == null || granted.idToken().isBlank()
                || granted.statusCode() != null && !"0000".equals(granted.statusCode())
                || granted.errorCode() != null) {
            String code = granted.errorCode() != null ? granted.errorCode() : granted.statusCode();
            throw new Unavailable("bKash refused the token grant" + (code == null ? "" : " (code " + code + ")"));
        }
        Duration lifetime = Duration.ofSeconds(granted.expiresIn() == null || granted.expiresIn() <= 0
                ? 3600 : granted.expiresIn());
        return new TokenCache.Granted(granted.idToken(), TokenCache.lessMargin(lifetime, MAX_MARGIN));
    }
}
