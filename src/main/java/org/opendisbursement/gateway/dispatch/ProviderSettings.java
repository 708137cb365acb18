package org.opendisbursement.gateway.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One provider's settings, {@code disbursement.providers.<name>.*}. {@code credentials} holds the provider's own
 * keys (app key and secret, API user, RSA keys …) under the names its adapter documents; they are never logged.
 */
public record ProviderSettings(
        @DefaultValue("true") boolean enabled,
        String baseUrl,
        @DefaultValue Map<String, String> credentials,
        /* payouts per second; 0 = no limit */
        @DefaultValue("0") double ratePerSecond,
        @DefaultValue("32") int maxInFlight,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout,
        /* first retry after this, doubling with jitter, capped at maxBackoff */
        @DefaultValue("10s") Duration initialBackoff,
        @DefaultValue("30m") Duration maxBackoff,
        /* a pending payout not final after this goes to MANUAL_REVIEW */
        @DefaultValue("48h") Duration pendingDeadline,
        /* shared secret a callback must present, and the addresses it may come from (empty = any) */
        String callbackSecret,
        @DefaultValue List<String> callbackAllowList,
        /* the gateway's public base URL for callbacks, e.g. https://gateway.example.org */
        String callbackBaseUrl) {

    public String credential(String key) {
        String value = credentials.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("missing credential '" + key + "' for this provider");
        }
        return value;
    }

    /** {@code base-url} without a trailing slash (adapters append paths that begin with one); empty when not set. */
    public Optional<String> baseUrlWithoutSlash() {
        if (baseUrl == null || baseUrl.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    }

    @Override
    public String toString() {
        return "ProviderSettings[baseUrl=" + baseUrl + ", credentials=" + credentials.keySet() + ", ratePerSecond="
                + ratePerSecond + ", maxInFlight=" + maxInFlight + ", maxAttempts=" + maxAttempts + "]";
    }
}
