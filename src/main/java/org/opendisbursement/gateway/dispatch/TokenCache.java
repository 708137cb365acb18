package org.opendisbursement.gateway.dispatch;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * A provider's access token, shared by every call until it is due for renewal. Reads are lock-free; at most one grant
 * runs at a time, so a burst of payouts asks the provider for one token; a caller whose token was refused (HTTP 401)
 * drops only that token, never a newer one another thread already fetched. Lifetimes run on the monotonic clock, not
 * the gateway's business clock. Each adapter keeps its own grant call and decides how long a token may be used.
 *
 * @param <E> what the adapter's grant throws when no token can be had
 */
public final class TokenCache<E extends Exception> {

    /** Asks the provider for a new token. */
    @FunctionalInterface
    public interface Grant<E extends Exception> {
        Granted grant() throws E;
    }

    /** A token and how long it may be used before a new one is asked for. */
    public record Granted(String value, Duration usableFor) {
    }

    private record Held(String value, long renewAtNanos) {
    }

    private final LongSupplier nanoTime;
    private final AtomicReference<Held> current = new AtomicReference<>();
    private final Object granting = new Object();

    public TokenCache(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** A live token: the cached one, or a new one from {@code grant}. */
    public String get(Grant<E> grant) throws E {
        Held held = current.get();
        if (fresh(held)) {
            return held.value();
        }
        synchronized (granting) {
            held = current.get();
            if (fresh(held)) {
                return held.value();
            }
            Granted granted = grant.grant();
            current.set(held(granted.value(), granted.usableFor()));
            return granted.value();
        }
    }

    /** Forgets {@code token} after the provider refused it, unless a newer one has replaced it already. */
    public void drop(String token) {
        current.updateAndGet(held -> held != null && held.value().equals(token) ? null : held);
    }

    /** For tests: holds {@code token} as if the provider had granted it (e.g. one it no longer accepts). */
    public void hold(String token, Duration usableFor) {
        current.set(held(token, usableFor));
    }

    /** {@code lifetime} less a tenth of it, but never less than {@code lifetime - maxMargin}. */
    public static Duration lessMargin(Duration lifetime, Duration maxMargin) {
        Duration tenth = lifetime.dividedBy(10);
        return lifetime.minus(tenth.compareTo(maxMargin) < 0 ? tenth : maxMargin);
    }

    private Held held(String value, Duration usableFor) {
        return new Held(value, nanoTime.getAsLong() + usableFor.toNanos());
    }

    private boolean fresh(Held held) {
        return held != null && nanoTime.getAsLong() - held.renewAtNanos() < 0;
    }
}
