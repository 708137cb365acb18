package org.opendisbursement.gateway.providers.bkash;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.opendisbursement.gateway.dispatch.ProviderHttp;
import org.opendisbursement.gateway.dispatch.ProviderSettings;
import org.opendisbursement.gateway.dispatch.TokenCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bKash's {@code id_token}: one for all gateway instances, kept in the database ({@link BkashTokenStore}) with an
 * in-memory {@link TokenCache} in front so a payout does not read the database for it. bKash blocks a caller that
 * grants too often (about twice an hour), so a token is <em>refreshed</em> ({@code token/refresh}) shortly before it
 * expires, and granted anew only when there is none, the refresh is refused, or bKash refused the token (HTTP 401)
 * and no other instance has replaced it yet. Tokens never appear in logs.
 */
final class BkashTokens {

    /** No token could be had: the payout was not sent. {@code refused}: bKash refused the credentials. */
    static final class Unavailable extends Exception {
        private final boolean refused;

        Unavailable(String message, boolean refused) {
            super(message);
            this.refused = refused;
        }

        boolean refused() {
            return refused;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(BkashTokens.class);
    /** When a due refresh could not be made for a passing reason, the old token is used this long before trying again. */
    private static final Duration RETRY_REFRESH = Duration.ofSeconds(30);

    private final ProviderHttp http;
    private final JsonMapper json;
    private final BkashTokenStore store;
    private final Duration refreshAhead;
    private final Clock clock;
    private final TokenCache<Unavailable> cache = new TokenCache<>(System::nanoTime);

    BkashTokens(ProviderHttp http, JsonMapper json, BkashTokenStore store, Duration refreshAhead, Clock clock) {
        this.http = http;
        this.json = json;
        this.store = store;
        this.refreshAhead = refreshAhead;
        this.clock = clock;
    }

    /** A live token: the cached one, else the shared one (refreshed or granted when due). */
    String get(ProviderSettings settings, String baseUrl) throws Unavailable {
        return cache.get(() -> shared(settings, baseUrl, null));
    }

    /**
     * After bKash refused {@code token} (HTTP 401): forgets it and gets another — the shared one if another instance
     * already replaced it, else a refreshed or newly granted one.
     */
    String replace(String token, ProviderSettings settings, String baseUrl) throws Unavailable {
        cache.drop(token);
        return cache.get(() -> shared(settings, baseUrl, token));
    }

    /** For tests: holds {@code token} in this instance's cache as if bKash had granted it. */
    void hold(String token) {
        cache.hold(token, Duration.ofMinutes(30));
    }

    private TokenCache.Granted shared(ProviderSettings settings, String baseUrl, String refused) throws Unavailable {
        String secret = credential(settings, "app-secret");
        BkashTokenStore.Stored chosen = store.locked(secret, current -> decide(current, refused, settings, baseUrl));
        Instant now = clock.instant();
        Duration untilRenewal = Duration.between(now, chosen.expiresAt().minus(refreshAhead));
        if (untilRenewal.compareTo(RETRY_REFRESH) < 0) {
            // the refresh is due but could not be made: use the still-valid token a little longer
            Duration left = Duration.between(now, chosen.expiresAt());
            untilRenewal = left.compareTo(RETRY_REFRESH) < 0 ? left : RETRY_REFRESH;
        }
        return new TokenCache.Granted(chosen.token(), untilRenewal.isNegative() ? Duration.ZERO : untilRenewal);
    }

    /** Under the row lock: keep the stored token, refresh it, or grant a new one. */
    private BkashTokenStore.Decision decide(BkashTokenStore.Stored current, String refused, ProviderSettings settings,
                                            String baseUrl) throws Unavailable {
        Instant now = clock.instant();
        boolean usable = current.token() != null && !current.token().equals(refused)
                && current.expiresAt() != null && current.expiresAt().isAfter(now);
        if (usable && current.expiresAt().isAfter(now.plus(refreshAhead))) {
            return new BkashTokenStore.Decision(current, BkashTokenStore.Renewal.KEPT);
        }
        if (current.refreshToken() != null && (usable || current.token() != null)) {
            try {
                BkashTokenStore.Stored refreshed = call(settings, baseUrl, "/token/refresh",
                        new BkashMessages.RefreshRequest(credential(settings, "app-key"),
                                credential(settings, "app-secret"), current.refreshToken()), now);
                if (refreshed.refreshToken() == null) {
                    refreshed = new BkashTokenStore.Stored(refreshed.token(), current.refreshToken(),
                            refreshed.expiresAt());
                }
                LOG.info("bkash token refreshed; valid until {}", refreshed.expiresAt());
                return new BkashTokenStore.Decision(refreshed, BkashTokenStore.Renewal.REFRESHED);
            } catch (Unavailable e) {
                if (!e.refused() && usable) {
                    LOG.warn("bkash token refresh failed ({}); the current token is used until it expires",
                            e.getMessage());
                    return new BkashTokenStore.Decision(current, BkashTokenStore.Renewal.KEPT);
                }
                LOG.warn("bkash token refresh refused ({}); granting a new token", e.getMessage());
            }
        }
        BkashTokenStore.Stored granted = call(settings, baseUrl, "/token/grant",
                new BkashMessages.GrantRequest(credential(settings, "app-key"), credential(settings, "app-secret")),
                now);
        LOG.info("bkash token granted; valid until {}", granted.expiresAt());
        return new BkashTokenStore.Decision(granted, BkashTokenStore.Renewal.GRANTED);
    }

    private BkashTokenStore.Stored call(ProviderSettings settings, String baseUrl, String path, Object request,
                                        Instant now) throws Unavailable {
        String what = path.endsWith("refresh") ? "token refresh" : "token grant";
        String body;
        try {
            body = json.writeValueAsString(request);
        } catch (JacksonException e) {
            throw new Unavailable("the bKash " + what + " could not be written", false);
        }
        Map<String, String> headers = Map.of("username", credential(settings, "username"),
                "password", credential(settings, "password"), "Accept", "application/json");
        ProviderHttp.Answer answer;
        try {
            answer = http.exchange("POST", baseUrl + path, headers, body, settings);
        } catch (ProviderHttp.NotSent | ProviderHttp.NoAnswer e) {
            throw new Unavailable("the bKash " + what + " failed: " + e.getMessage(), false);
        }
        if (answer.status() == 401 || answer.status() == 403) {
            throw new Unavailable("bKash refused the " + what + " with HTTP " + answer.status()
                    + ": check the username, password, app key and app secret", true);
        }
        if (answer.status() != 200 || answer.body() == null) {
            throw new Unavailable("bKash answered the " + what + " with HTTP " + answer.status(), false);
        }
        BkashMessages.TokenAnswer token;
        try {
            token = json.readValue(answer.body(), BkashMessages.TokenAnswer.class);
        } catch (JacksonException e) {
            throw new Unavailable("bKash answered the " + what + " with unreadable JSON", false);
        }
        String error = token.error();
        if (error != null) {
            throw new Unavailable("bKash refused the " + what + " (code " + BkashFormat.safe(error)
                    + "): check the username, password, app key and app secret", true);
        }
        return new BkashTokenStore.Stored(token.idToken(), token.refreshToken(),
                now.plusSeconds(token.lifetimeSeconds()));
    }

    private static String credential(ProviderSettings settings, String name) throws Unavailable {
        try {
            return settings.credential(name);
        } catch (IllegalStateException e) {
            throw new Unavailable("bKash is not configured: " + e.getMessage(), true);
        }
    }
}
