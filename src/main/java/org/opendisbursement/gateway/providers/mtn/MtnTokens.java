package org.opendisbursement.gateway.providers.mtn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.opendisbursement.gateway.dispatch.ProviderHttp;
import org.opendisbursement.gateway.dispatch.ProviderSettings;

/**
 * MTN's Disbursement access token ({@code POST /disbursement/token/}, Basic apiUser:apiKey), shared by every call
 * until shortly before it expires. Thread-safe: at most one grant runs at a time, and a caller that saw a 401 only
 * drops the token it used, not a newer one another thread already fetched.
 */
final class MtnTokens {

    /** No token could be had: the call was not made. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    private record Token(String value, long renewAtNanos) {
        boolean fresh() {
            return System.nanoTime() - renewAtNanos < 0;
        }
    }

    private static final Duration MAX_MARGIN = Duration.ofSeconds(60);

    private final ProviderHttp http;
    private final ObjectMapper json;
    private final AtomicReference<Token> current = new AtomicReference<>();
    private final Object grantLock = new Object();

    MtnTokens(ProviderHttp http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    /** A live token: the cached one, or a new grant. */
    String get(ProviderSettings settings, String baseUrl) throws Unavailable {
        Token token = current.get();
        if (token != null && token.fresh()) {
            return token.value();
        }
        synchronized (grantLock) {
            token = current.get();
            if (token != null && token.fresh()) {
                return token.value();
            }
            Token granted = grant(settings, baseUrl);
            current.set(granted);
            return granted.value();
        }
    }

    /** Forgets {@code token} after MTN refused it (HTTP 401), unless a newer one has replaced it already. */
    void drop(String token) {
        current.updateAndGet(held -> held != null && held.value().equals(token) ? null : held);
    }

    /** For tests: holds {@code token} as if MTN had granted it (e.g. one MTN no longer accepts). */
    void hold(String token) {
        current.set(new Token(token, System.nanoTime() + Duration.ofMinutes(30).toNanos()));
    }

    private Token grant(ProviderSettings settings, String baseUrl) throws Unavailable {
        Map<String, String> headers;
        try {
            String basic = Base64.getEncoder().encodeToString((settings.credential("api-user") + ":"
                    + settings.credential("api-key")).getBytes(StandardCharsets.UTF_8));
            headers = Map.of("Authorization", "Basic " + basic,
                    "Ocp-Apim-Subscription-Key", settings.credential("subscription-key"),
                    "Accept", "application/json");
        } catch (IllegalStateException e) {
            throw new Unavailable("MTN is not configured: " + e.getMessage());
        }
        ProviderHttp.Answer answer;
        try {
            answer = http.exchange("POST", baseUrl + "/disbursement/token/", headers, null, settings);
        } catch (ProviderHttp.NotSent | ProviderHttp.NoAnswer e) {
            throw new Unavailable("the MTN token request failed: " + e.getMessage());
        }
        if (answer.status() != 200 || answer.body() == null) {
            throw new Unavailable("MTN refused the token request with HTTP " + answer.status());
        }
        MtnMessages.TokenAnswer granted;
        try {
            granted = json.readValue(answer.body(), MtnMessages.TokenAnswer.class);
        } catch (JsonProcessingException e) {
            throw new Unavailable("MTN answered the token request with unreadable JSON");
        }
        if (granted.accessToken() == null || granted.accessToken().isBlank()) {
            throw new Unavailable("MTN's token answer has no access_token");
        }
        Duration lifetime = Duration.ofSeconds(granted.expiresIn() == null || granted.expiresIn() <= 0
                ? 3600 : granted.expiresIn());
        Duration margin = lifetime.dividedBy(10).compareTo(MAX_MARGIN) < 0 ? lifetime.dividedBy(10) : MAX_MARGIN;
        return new Token(granted.accessToken(), System.nanoTime() + lifetime.minus(margin).toNanos());
    }
}
