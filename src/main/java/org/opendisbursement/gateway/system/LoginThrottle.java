package org.opendisbursement.gateway.system;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Counts wrong passwords per user name and per client address ({@link LoginLimits}) in this instance's memory, and
 * locks a name or an address out once it has too many within the window. A locked name or address is refused before
 * its password is even checked. A successful sign-in clears its user name's count, never its address's (one valid
 * account must not reset an address that is guessing others). Each lockout is logged (user name and address, never
 * a password) and published as {@link LoginLockedOut}. Counts are per instance: behind a load balancer each instance
 * counts its own share.
 */
@Component
public class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    /** Past this many names and addresses, the ones neither counting nor locked are forgotten. */
    private static final int TIDY_ABOVE = 10_000;

    /** Failures counted since {@code since}; locked until {@code lockedUntil} (null: not locked), just now or before. */
    private record Count(Instant since, int failures, Instant lockedUntil, boolean justLocked) {
    }

    private final LoginLimits limits;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Map<String, Count> users = new ConcurrentHashMap<>();
    private final Map<String, Count> addresses = new ConcurrentHashMap<>();

    LoginThrottle(LoginLimits limits, Clock clock, ApplicationEventPublisher events) {
        this.limits = limits;
        this.clock = clock;
        this.events = events;
    }

    /** The lockout in force for this user name or address (the later one), if any. */
    public Optional<Instant> lockedUntil(String username, String address) {
        Instant now = clock.instant();
        Instant user = until(users.get(userKey(username)), now);
        Instant place = until(addresses.get(addressKey(address)), now);
        if (user == null) {
            return Optional.ofNullable(place);
        }
        return Optional.of(place == null || user.isAfter(place) ? user : place);
    }

    /**
     * One wrong password: counts it for the name and the address; if that locks either out, logs and publishes the
     * lockout and returns its end.
     */
    public Optional<Instant> failed(String username, String address, String method, String path) {
        Instant now = clock.instant();
        tidy(now);
        Count user = users.compute(userKey(username), (key, count) -> fail(count, now, limits.maxFailures()));
        Count place = addresses.compute(addressKey(address), (key, count) -> fail(count, now, limits.maxFailuresPerAddress()));
        Instant until = null;
        if (user.justLocked()) {
            until = lockout(now, username, address, LoginLockedOut.Scope.USER, user, method, path);
        }
        if (place.justLocked()) {
            Instant addressUntil = lockout(now, username, address, LoginLockedOut.Scope.ADDRESS, place, method, path);
            until = until == null || addressUntil.isAfter(until) ? addressUntil : until;
        }
        return Optional.ofNullable(until);
    }

    /** A right password: the user name's count starts again. */
    public void succeeded(String username) {
        users.remove(userKey(username));
    }

    /** Forgets every count and lockout (an administrator's reset, and tests). */
    public void clear() {
        users.clear();
        addresses.clear();
    }

    /**
     * The next count after one more failure at {@code now}: a new window once the old one is over; at {@code max}
     * failures the lock starts.
     */
    private Count fail(Count count, Instant now, int max) {
        if (count != null && count.lockedUntil() != null && now.isBefore(count.lockedUntil())) {
            // already locked: a refused attempt is not counted again
            return new Count(count.since(), count.failures(), count.lockedUntil(), false);
        }
        boolean fresh = count == null || count.lockedUntil() != null || !now.isBefore(count.since().plus(limits.window()));
        Instant since = fresh ? now : count.since();
        int failures = fresh ? 1 : count.failures() + 1;
        if (failures >= max) {
            return new Count(now, max, now.plus(limits.lockout()), true);
        }
        return new Count(since, failures, null, false);
    }

    private Instant lockout(Instant now, String username, String address, LoginLockedOut.Scope scope, Count count,
                            String method, String path) {
        Instant until = count.lockedUntil();
        log.warn("sign-in locked out: {} {} after {} wrong passwords within {} (user name '{}', address {}), until {}",
                scope == LoginLockedOut.Scope.USER ? "user name" : "address",
                scope == LoginLockedOut.Scope.USER ? printable(username) : printable(address), count.failures(),
                limits.window(), printable(username), printable(address), until);
        events.publishEvent(new LoginLockedOut(now, printable(username), printable(address), scope, until,
                count.failures(), method, path));
        return until;
    }

    private static Instant until(Count count, Instant now) {
        return count == null || count.lockedUntil() == null || !now.isBefore(count.lockedUntil()) ? null : count.lockedUntil();
    }

    private void tidy(Instant now) {
        if (users.size() + addresses.size() > TIDY_ABOVE) {
            users.values().removeIf(count -> stale(count, now));
            addresses.values().removeIf(count -> stale(count, now));
        }
    }

    private boolean stale(Count count, Instant now) {
        return count.lockedUntil() != null ? !now.isBefore(count.lockedUntil())
                : !now.isBefore(count.since().plus(limits.window()));
    }

    /** User names are matched as the user store matches them: without case. */
    private static String userKey(String username) {
        return printable(username).toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return printable(address);
    }

    /** At most 64 characters, without line breaks or control characters (it goes into logs). */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 64 ? clean : clean.substring(0, 64);
    }
}
