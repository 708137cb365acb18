package org.opendisbursement.gateway.providers.mpesa;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.LongSupplier;
import org.opendisbursement.gateway.dispatch.ProviderHttp;
import org.opendisbursement.gateway.dispatch.ProviderSettings;
import org.opendisbursement.gateway.dispatch.TokenCache;
import org.opendisbursement.gateway.providers.mpesa.MpesaMessages.TokenAnswer;

/**
 * The Daraja access token, fetched with {@code GET /oauth/v1/generate?grant_type=client_credentials} and HTTP Basic
 * (consumer key and secret), and kept until a minute before it expires (M-Pesa gives 3599 s), in a
 * {@link TokenCache}. Tokens are never logged.
 */
final class MpesaTokens {

    /**
     * The token could not be obtained; nothing was sent to the payout endpoint. {@code refused}: Daraja answered and
     * refused the grant (HTTP 400/401/403: the consumer key or secret is wrong or the app is revoked), an
     * organisation-level fault, not a passing one.
     */
    static final class Unavailable extends Exception {
        private final boolean refused;

        Unavailable(String message, Throwable cause) {
            this(message, cause, false);
        }

        Unavailable(String message, Throwable cause, boolean refused) {
            super(message, cause);
            this.refused = refused;
        }

        boolean refused() {
            return refused;
        }
    }

    static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);
    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(50);

    private final ProviderHttp http;
    private final JsonMapper json;
    private final TokenCache<Unavailable> cache;

    MpesaTokens(ProviderHttp http, JsonMapper json, LongSupplier nanoTime) {
        this.http = http;
        this.json = json;
        this.cache = new TokenCache<>(nanoTime);
    }

    /** A live token: the cached one, or a fresh one. */
    String token(ProviderSettings settings) throws Unavailable {
        return cache.get(() -> fetch(settings));
    }

    /** Drops {@code token} after M-Pesa refused it, unless another thread already replaced it. */
    void invalidate(String token) {
        cache.drop(token);
    }

    /** Tests only: pretend the cache holds {@code token} (e.g. one M-Pesa no longer accepts). */
    void replaceForTest(String token) {
        cache.hold(token, DEFAULT_LIFETIME);
    }

    private TokenCache.Granted fetch(ProviderSettings settings) throws Unavailable {
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
            int status = answer.status();
            throw new Unavailable("M-Pesa refused the access token request with HTTP " + status, null,
                    status == 400 || status == 401 || status == 403);
        }
        TokenAnswer token;
        try {
            token = json.readValue(answer.body(), TokenAnswer.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new Unavailable("M-Pesa's access token answer is unreadable", null);
        }
        if (token == null || token.accessToken() == null || token.accessToken().isBlank()) {
            throw new Unavailable("M-Pesa's access token answer has no access_token", null);
        }
        return new TokenCache.Granted(token.accessToken(), usableLifetime(token.expiresIn()));
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
