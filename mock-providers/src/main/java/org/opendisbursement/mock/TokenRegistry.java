package org.opendisbursement.mock;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Access tokens the mock issued, per provider, with their expiry. */
final class TokenRegistry {

    private final ConcurrentMap<String, Instant> expiries = new ConcurrentHashMap<>();

    String issue(String kind, Instant now, Duration ttl) {
        expiries.values().removeIf(expiry -> expiry.isBefore(now));
        String token = kind + "-" + UUID.randomUUID().toString().replace("-", "");
        expiries.put(token, now.plus(ttl));
        return token;
    }

    /** Whether an {@code Authorization: Bearer <token>} header carries a live token of this kind. */
    boolean isValidBearer(String kind, String authorizationHeader, Instant now) {
        String prefix = "Bearer ";
        return authorizationHeader != null && authorizationHeader.startsWith(prefix)
                && isValid(kind, authorizationHeader.substring(prefix.length()).trim(), now);
    }

    boolean isValid(String kind, String token, Instant now) {
        if (token == null || !token.startsWith(kind + "-")) {
            return false;
        }
        Instant expiry = expiries.get(token);
        return expiry != null && !expiry.isBefore(now);
    }
}
