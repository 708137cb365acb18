package org.opendisbursement.gateway.system;

import java.time.Instant;
import org.springframework.security.authentication.LockedException;

/**
 * Signing in is refused without looking at the password: too many wrong ones for this user name or from this
 * address. An account-status exception, so no other authentication provider is asked.
 */
public final class LoginLockedOutException extends LockedException {

    private final transient Instant until;

    public LoginLockedOutException(Instant until) {
        super("too many failed sign-ins: locked until " + until);
        this.until = until;
    }

    public Instant until() {
        return until;
    }

    /** Whole seconds until the lockout ends, at least 1 (for {@code Retry-After}). */
    public long retryAfterSeconds(Instant now) {
        return Math.max(1, (until.toEpochMilli() - now.toEpochMilli() + 999) / 1000);
    }
}
