package org.opendisbursement.gateway.dispatch;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opendisbursement.gateway.ledger.Ledger;
import org.opendisbursement.gateway.ledger.LedgerEntry;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Ops' hand on the providers: pause and resume (kept in the database and the ledger), and what each one is doing. */
@Component
public class ProviderControl {

    public record ProviderView(String name, String channel, boolean enabled, boolean paused, String breaker, int inFlight,
                               double ratePerSecond, int maxInFlight, Map<String, Long> awaiting) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final ProviderGate gate;
    private final ProviderCalls calls;
    private final ProvidersProperties providers;
    private final Ledger ledger;
    private final Clock clock;

    ProviderControl(NamedParameterJdbcTemplate jdbc, ProviderGate gate, ProviderCalls calls, ProvidersProperties providers,
                    Ledger ledger, Clock clock) {
        this.jdbc = jdbc;
        this.gate = gate;
        this.calls = calls;
        this.providers = providers;
        this.ledger = ledger;
        this.clock = clock;
    }

    public boolean exists(String provider) {
        return calls.adapters().containsKey(provider);
    }

    @Transactional
    public void setPaused(String provider, boolean paused, String actor, String reason) {
        Instant now = clock.instant();
        jdbc.update("""
                INSERT INTO provider_control (name, paused, changed_by, changed_at, reason)
                VALUES (:name, :paused, :actor, :now, :reason)
                ON CONFLICT (name) DO UPDATE SET paused = :paused, changed_by = :actor, changed_at = :now, reason = :reason
                """, new MapSqlParameterSource().addValue("name", provider).addValue("paused", paused)
                .addValue("actor", actor).addValue("now", Timestamp.from(now)).addValue("reason", reason));
        ledger.append(new LedgerEntry(now, actor, paused ? "PROVIDER_PAUSED" : "PROVIDER_RESUMED", null, null, null, null,
                null, paused ? "RUNNING" : "PAUSED", paused ? "PAUSED" : "RUNNING", provider,
                reason == null ? provider : provider + ": " + reason));
        gate.pausesChanged();
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
            views.add(new ProviderView(name, adapter.channel().name(), settings.enabled(), gate.isPaused(name),
                    gate.breaker(name).name(), gate.inFlight(name).get(), settings.ratePerSecond(), settings.maxInFlight(),
                    awaiting.getOrDefault(adapter.channel().name(), Map.of())));
        }
        views.sort(java.util.Comparator.comparing(ProviderView::name));
        return views;
    }
}
