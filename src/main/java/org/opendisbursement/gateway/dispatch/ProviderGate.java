package org.opendisbursement.gateway.dispatch;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether and how much a provider may be called now: paused by ops (kept in the database, so every instance obeys),
 * its circuit breaker, its rate limit (evenly spaced slots per instance) and its in-flight count. Dispatch asks before claiming, so
 * installments of a paused or broken provider wait in READY without spending attempts.
 */
@Component
public class ProviderGate {

    public enum Breaker { CLOSED, OPEN, HALF_OPEN }

    private final ProvidersProperties providers;
    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final CircuitBreakerRegistry breakers;
    private final Map<String, RateSlots> slots = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> outstanding = new ConcurrentHashMap<>();
    private volatile Map<String, Pause> paused = Map.of();
    private volatile Instant pausedReadAt = Instant.EPOCH;

    ProviderGate(ProvidersProperties providers, DispatchProperties dispatch, NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.providers = providers;
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

    /** How many payouts {@code provider} may be given now (0 when paused or its breaker is open). */
    public int sendCapacity(String provider, int wanted) {
        ProviderSettings settings = providers.require(provider);
        if (!settings.enabled() || isPaused(provider)) {
            return 0;
        }
        // claimed but not yet answered: the dispatch route overlaps its batches, so this is the true in-flight count
        int outstanding = outstanding(provider).get();
        int limit = Math.min(wanted, settings.maxInFlight() - outstanding);
        Breaker state = breaker(provider);
        if (state == Breaker.OPEN) {
            return 0;
        }
        if (state == Breaker.HALF_OPEN) {
            limit = Math.min(limit, 3);
        }
        if (settings.ratePerSecond() > 0) {
            // up to a second's worth claimed ahead; each call then waits for its own slot (see awaitSlot)
            limit = Math.min(limit, (int) Math.max(1, Math.ceil(settings.ratePerSecond())) - outstanding);
        }
        return Math.max(0, limit);
    }

    /** Blocks until the provider's rate limit lets one more payout go (no-op without a rate limit). */
    public void awaitSlot(String provider) throws InterruptedException {
        ProviderSettings settings = providers.require(provider);
        if (settings.ratePerSecond() > 0) {
            slots(provider, settings).await();
        }
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

    /** Payouts claimed for {@code provider} whose call has not finished yet. */
    AtomicInteger outstanding(String provider) {
        return outstanding.computeIfAbsent(provider, p -> new AtomicInteger());
    }

    AtomicInteger inFlight(String provider) {
        return inFlight.computeIfAbsent(provider, p -> new AtomicInteger());
    }

    private RateSlots slots(String provider, ProviderSettings settings) {
        return slots.computeIfAbsent(provider, p -> new RateSlots(settings.ratePerSecond()));
    }
}
