package org.opendisbursement.gateway.providers.bkash;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.opendisbursement.gateway.dispatch.ProviderHttp;
import org.opendisbursement.gateway.dispatch.ProviderSettings;

/**
 * bKash's {@code id_token}, granted once and shared by every payout until shortly before it expires. bKash rate-limits
 * the refresh call (about two an hour), so an expired or refused token is replaced by a new grant, never a refresh.
 * Thread-safe: at most one grant runs at a time, and a caller that saw a 401 only drops the token it used (not a
 * newer one another thread already fetched).
 */
final class BkashTokens {

    /** No token could be had: the payout was not sent. */
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

    BkashTokens(ProviderHttp http, ObjectMapper json) {
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

    /** Forgets {@code token} after bKash refused it (HTTP 401), unless a newer one has replaced it already. */
    void drop(String token) {
        current.updateAndGet(held -> held != null && held.value().equals(token) ? null : held);
    }

    /** For tests: holds {@code token} as if bKash had granted it (e.g. one bKash no longer accepts). */
    void hold(String token) {
        current.set(new Token(token, System.nanoTime() + Duration.ofMinutes(30).toNanos()));
    }

    private Token grant(ProviderSettings settings, String baseUrl) throws Unavailable {
        String body;
        Map<String, String> headers;
        try {
            body = json.writeValueAsString(new BkashMessages.GrantRequest(settings.credential("app-key"),
                    settings.credential("app-secret")));
            headers = Map.of("username", settings.credential("username"), "password", settings.credential("password"),
                    "Accept", "application/json");
        } catch (JsonProcessingException | IllegalStateException e) {
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
        } catch (JsonProcessingException e) {
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
        Duration margin = lifetime.dividedBy(10).compareTo(MAX_MARGIN) < 0 ? lifetime.dividedBy(10) : MAX_MARGIN;
        return new Token(granted.idToken(), System.nanoTime() + lifetime.minus(margin).toNanos());
    }
}
