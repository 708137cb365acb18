package org.opendisbursement.gateway.dispatch;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether and how much a provider may be called now: paused by ops (kept in the database, so every instance obeys) and
 * its circuit breaker (this instance's). Dispatch asks before claiming, so installments of a paused or broken provider
 * wait in READY without spending attempts. The rate limit and the in-flight cap are applied by the claim itself, in the
 * database, for every instance at once ({@link DispatchQueue#claimReady}); the gate keeps each claimed payout's slot
 * and {@link #awaitSlot} waits for it.
 */
@Component
public class ProviderGate {

    public enum Breaker { CLOSED, OPEN, HALF_OPEN }

    /** How many fresh slots a late payout takes before it goes anyway (a machine that late cannot keep any pace). */
    private static final int MAX_MISSED_SLOTS = 20;

    private final ProvidersProperties providers;
    private final NamedParameterJdbcTemplate jdbc;
    private final DispatchQueue queue;
    private final Clock clock;
    private final CircuitBreakerRegistry breakers;
    private final Map<Long, Slot> sendAt = new ConcurrentHashMap<>();
    private final ThreadLocal<Leaving> leaving = new ThreadLocal<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private volatile Map<String, Pause> paused = Map.of();
    private volatile Instant pausedReadAt = Instant.EPOCH;

    ProviderGate(ProvidersProperties providers, DispatchProperties dispatch, NamedParameterJdbcTemplate jdbc,
                 DispatchQueue queue, Clock clock) {
        this.providers = providers;
        this.queue = queue;
        this.jdbc = jdbc;
        this.clock = clock;
        this.breakers = CircuitBreakerRegistry.of(breakerConfig(dispatch));
    }

    /** Every provider's circuit breaker: opens at the failure rate over the window, lets a few trial calls through after the wait. */
    static CircuitBreakerConfig breakerConfig(DispatchProperties dispatch) {
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(dispatch.breakerFailureRatePercent())
                .slidingWindowSize(dispatch.breakerWindow())
                .minimumNumberOfCalls(Math.max(2, dispatch.breakerWindow() / 2))
                .waitDurationInOpenState(dispatch.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(3)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
    }

    /**
     * How many payouts {@code provider} may be given now, as far as this instance knows (0 when paused or its breaker
     * is open, a few trial payouts while it is half open). The rate limit and the in-flight cap are the provider
     * account's, shared by every instance: the claim applies them under the provider's pace row
     * ({@link DispatchQueue#claimReady}).
     */
    public int sendCapacity(String provider, int wanted) {
        ProviderSettings settings = providers.require(provider);
        if (!settings.enabled() || isPaused(provider)) {
            return 0;
        }
        Breaker state = breaker(provider);
        if (state == Breaker.OPEN) {
            return 0;
        }
        return state == Breaker.HALF_OPEN ? Math.min(wanted, 3) : wanted;
    }

    /** A claimed payout's slot (when it may be sent, and how late after that), in a pace of one per {@code spacingNanos}. */
    private record Slot(DispatchQueue.SlotTime time, long spacingNanos) {
    }

    /** Notes when each claimed payout may be sent (its slot in the provider's pace, on {@link System#nanoTime()}). */
    void scheduled(DispatchQueue.Batch batch) {
        if (batch.spacingNanos() > 0) {
            for (int i = 0; i < batch.claimed().size(); i++) {
                sendAt.put(batch.claimed().get(i).installmentId(), new Slot(
                        new DispatchQueue.SlotTime(batch.slotNanos(i), batch.mayBeLateNanos()), batch.spacingNanos()));
            }
        }
    }

    /**
     * Blocks until the payout's slot in its provider's pace (no wait without a rate limit). A payout that reaches its
     * slot later than {@link RateSlots#MAY_BE_LATE_NANOS} (less the round trip that placed the slot on this instance's
     * clock: {@link DispatchQueue.Pace#mayBeLateNanos}) (a slow claim, a busy machine, a pause) does not go late: that
     * would bunch it with the payouts of the slots after it, in this instance or another, and a second could then hold
     * more than the rate. It gives its slot up and takes the next free one from the shared pace instead, so every
     * payout leaves within that lateness of a slot of its own.
     */
    public void awaitSlot(Claimed claimed) throws InterruptedException {
        Slot slot = sendAt.remove(claimed.installmentId());
        leaving.remove();
        if (slot == null) {
            return;
        }
        leaving.set(new Leaving(claimed.provider(), keepTo(claimed.provider(), slot)));
    }

    /**
     * Called by {@link ProviderHttp} just before a request goes on the wire: if this thread's payout has a slot, the
     * request must leave within {@link RateSlots#MAY_BE_LATE_NANOS} of it, whatever the adapter did since
     * {@link #awaitSlot} (a cold start, a collector pause); later, it takes a fresh slot first. Only the payout's first
     * request is held to it.
     */
    void leavingNow() throws InterruptedException {
        Leaving payout = leaving.get();
        if (payout != null) {
            leaving.remove();
            keepTo(payout.provider(), payout.slot());
        }
    }

    /** The payout of this thread is over: a later request on it (a status query) keeps to no slot. */
    void sent() {
        leaving.remove();
    }

    /** Waits for the slot; if it is missed by more than its allowed lateness, for fresh ones. Returns the slot kept. */
    private Slot keepTo(String provider, Slot slot) throws InterruptedException {
        for (int missed = 0; ; missed++) {
            DispatchQueue.SlotTime time = slot.time();
            long wait = time.atNanos() - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (System.nanoTime() - time.atNanos() <= time.mayBeLateNanos() || missed == MAX_MISSED_SLOTS) {
                return slot;
            }
            slot = new Slot(queue.nextSlot(provider, slot.spacingNanos() / 1000), slot.spacingNanos());
        }
    }

    /** The slot of the payout this thread is about to send, until its first request leaves. */
    private record Leaving(String provider, Slot slot) {
    }

    /** Status queries wait only for a pause or an open breaker, not for the payout rate. */
    public boolean mayQuery(String provider) {
        return !isPaused(provider) && breaker(provider) != Breaker.OPEN;
    }

    /**
     * Whether and why a provider is paused: by whom, when, the reason, and the account fault's code when the gateway
     * paused it itself.
     */
    public record Pause(boolean paused, String by, Instant at, String reason, String faultCode) {
        static final Pause RUNNING = new Pause(false, null, null, null, null);

        public boolean byFault() {
            return paused && faultCode != null;
        }
    }

    public boolean isPaused(String provider) {
        return pause(provider).paused();
    }

    /** The provider's pause as every instance sees it (read from the database at most once a second). */
    public Pause pause(String provider) {
        Instant now = clock.instant();
        if (now.isAfter(pausedReadAt.plusSeconds(1)) || now.isBefore(pausedReadAt)) {
            Map<String, Pause> read = new ConcurrentHashMap<>();
            jdbc.query("SELECT name, paused, changed_by, changed_at, reason, fault_code FROM provider_control",
                    new MapSqlParameterSource(), rs -> {
                        Timestamp at = rs.getTimestamp("changed_at");
                        read.put(rs.getString("name"), new Pause(rs.getBoolean("paused"), rs.getString("changed_by"),
                                at == null ? null : at.toInstant(), rs.getString("reason"), rs.getString("fault_code")));
                    });
            paused = read;
            pausedReadAt = now;
        }
        return paused.getOrDefault(provider, Pause.RUNNING);
    }

    /** Forget the cached pause flags (after ops changed one here). */
    void pausesChanged() {
        pausedReadAt = Instant.EPOCH;
    }

    public Breaker breaker(String provider) {
        CircuitBreaker.State state = circuitBreaker(provider).getState();
        if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
            return Breaker.OPEN;
        }
        return state == CircuitBreaker.State.HALF_OPEN ? Breaker.HALF_OPEN : Breaker.CLOSED;
    }

    CircuitBreaker circuitBreaker(String provider) {
        return breakers.circuitBreaker(provider);
    }

    AtomicInteger inFlight(String provider) {
        return inFlight.computeIfAbsent(provider, p -> new AtomicInteger());
    }

}
