package org.opendisbursement.gateway.providers.mpesa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.opendisbursement.gateway.dispatch.ProviderHttp;
import org.opendisbursement.gateway.dispatch.ProviderSettings;
import org.opendisbursement.gateway.providers.mpesa.MpesaMessages.TokenAnswer;

/**
 * The Daraja access token, fetched with {@code GET /oauth/v1/generate?grant_type=client_credentials} and HTTP Basic
 * (consumer key and secret), and kept until a minute before it expires (M-Pesa gives 3599 s). Reads are lock-free;
 * only one thread fetches at a time, so a burst of payouts asks for one token. Token lifetimes are measured on the
 * monotonic clock, not the gateway's business clock. Tokens are never logged.
 */
final class MpesaTokens {

    /** The token could not be obtained; nothing was sent to the payout endpoint. */
    static final class Unavailable extends Exception {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Token(String value, long refreshAtNanos) {
    }

    static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);
    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(50);

    private final ProviderHttp http;
    private final ObjectMapper json;
    private final LongSupplier nanoTime;
    private final AtomicReference<Token> current = new AtomicReference<>();
    private final Object fetching = new Object();

    MpesaTokens(ProviderHttp http, ObjectMapper json, LongSupplier nanoTime) {
        this.http = http;
        this.json = json;
        this.nanoTime = nanoTime;
    }

    /** A live token: the cached one, or a fresh one. */
    String token(ProviderSettings settings) throws Unavailable {
        Token token = current.get();
        if (isFresh(token)) {
            return token.value();
        }
        synchronized (fetching) {
            token = current.get();
            if (isFresh(token)) {
                return token.value();
            }
            token = fetch(settings);
            current.set(token);
            return token.value();
        }
    }

    /** Drops {@code token} after M-Pesa refused it, unless another thread already replaced it. */
    void invalidate(String token) {
        current.updateAndGet(cached -> cached != null && cached.value().equals(token) ? null : cached);
    }

    /** Tests only: pretend the cache holds {@code token} (e.g. one M-Pesa no longer accepts). */
    void replaceForTest(String token) {
        current.set(new Token(token, nanoTime.getAsLong() + DEFAULT_LIFETIME.toNanos()));
    }

    private boolean isFresh(Token token) {
        return token != null && nanoTime.getAsLong() - token.refreshAtNanos() < 0;
    }

    private Token fetch(ProviderSettings settings) throws Unavailable {
        String basic = Base64.getEncoder().encodeToString((settings.credential("consumer-key") + ":"
                + settings.credential("consumer-secret")).getBytes(StandardCharsets.UTF_8));
        ProviderHttp.Answer answer;
        try {
            answer = http.exchange("GET", settings.baseUrl() + "/oauth/v1/generate?grant_type=client_credentials",
                    Map.of("Authorization", "Basic " + basic, "Accept", "application/json"), null, settings);
        } catch (ProviderHttp.NotSent | ProviderHttp.NoAnswer e) {
            throw new Unavailable("no M-Pesa access token: " + e.getMessage(), e);
        }
        if (!answer.is2xx()) {
            throw new Unavailable("M-Pesa refused the access token request with HTTP " + answer.status(), null);
        }
        TokenAnswer token;
        try {
            token = json.readValue(answer.body(), TokenAnswer.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new Unavailable("M-Pesa's access token answer is unreadable", null);
        }
        if (token == null || token.accessToken() == null || token.accessToken().isBlank()) {
            throw new Unavailable("M-Pesa's access token answer has no access_token", null);
        }
        return new Token(token.accessToken(), nanoTime.getAsLong() + usableLifetime(token.expiresIn()).toNanos());
    }

    /** The token's lifetime less the refresh margin; at least half its lifetime. */
    static Duration usableLifetime(String expiresIn) {
        Duration lifetime;
        try {
            lifetime = Duration.ofSeconds(Long.parseLong(expiresIn == null ? "" : expiresIn.strip()));
        } catch (NumberFormatException e) {
            lifetime = DEFAULT_LIFETIME;
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            return Duration.ZERO;
        }
        Duration withMargin = lifetime.minus(REFRESH_MARGIN);
        Duration half = lifetime.dividedBy(2);
        return withMargin.compareTo(half) > 0 ? withMargin : half;
    }
}
