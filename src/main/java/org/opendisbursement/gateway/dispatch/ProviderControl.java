package org.opendisbursement.gateway.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** Ops' hand on the providers: pause and resume (kept in the database and the ledger), and what each one is doing. */
@Component
public class ProviderControl {

    /**
     * One provider as ops sees it. {@code pausedBy}, {@code pausedAt} and {@code pauseReason} say who paused it and
     * why; {@code faultCode} is set when the gateway paused it itself for a fault of its account there.
     */
    public record ProviderView(String name, String channel, boolean enabled, boolean paused, String breaker, int inFlight,
                               double ratePerSecond, int maxInFlight, Map<String, Long> awaiting, String pausedBy,
                               Instant pausedAt, String pauseReason, String faultCode) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final ProviderGate gate;
    private final ProviderCalls calls;
    private final ProvidersProperties providers;
    private final ProviderPauses pauses;
    private final Clock clock;

    ProviderControl(NamedParameterJdbcTemplate jdbc, ProviderGate gate, ProviderCalls calls, ProvidersProperties providers,
                    ProviderPauses pauses, Clock clock) {
        this.jdbc = jdbc;
        this.gate = gate;
        this.calls = calls;
        this.providers = providers;
        this.pauses = pauses;
        this.clock = clock;
    }

    public boolean exists(String provider) {
        return calls.adapters().containsKey(provider);
    }

    /** Ops pauses or resumes a provider (resuming after an account fault means ops has fixed it). */
    public void setPaused(String provider, boolean paused, String actor, String reason) {
        pauses.set(provider, paused, actor, reason, clock.instant());
    }

    public List<ProviderView> all() {
        Map<String, Map<String, Long>> awaiting = new java.util.HashMap<>();
        jdbc.query("""
                SELECT channel, state, count(*) AS n FROM installment
                WHERE state IN ('READY', 'SUBMITTED', 'UNKNOWN', 'PENDING', 'MANUAL_REVIEW', 'FAILED')
                GROUP BY channel, state""", new MapSqlParameterSource(), rs -> {
            awaiting.computeIfAbsent(rs.getString("channel"), c -> new java.util.TreeMap<>())
                    .put(rs.getString("state"), rs.getLong("n"));
        });
        List<ProviderView> views = new ArrayList<>();
        for (ProviderAdapter adapter : calls.adapters().values()) {
            String name = adapter.name();
            ProviderSettings settings = providers.require(name);
            ProviderGate.Pause pause = gate.pause(name);
            views.add(new ProviderView(name, adapter.channel().name(), settings.enabled(), pause.paused(),
                    gate.breaker(name).name(), gate.inFlight(name).get(), settings.ratePerSecond(), settings.maxInFlight(),
                    awaiting.getOrDefault(adapter.channel().name(), Map.of()), pause.paused() ? pause.by() : null,
                    pause.paused() ? pause.at() : null, pause.paused() ? pause.reason() : null, pause.faultCode()));
        }
        views.sort(java.util.Comparator.comparing(ProviderView::name));
        return views;
    }
}
