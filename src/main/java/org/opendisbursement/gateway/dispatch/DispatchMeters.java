package org.opendisbursement.gateway.dispatch;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Backlog gauges per provider, read from the installment table by the {@code dispatch.meters} route (not on every
 * scrape): retries waiting (READY after a failed attempt), payouts awaiting an answer (SUBMITTED, UNKNOWN, PENDING)
 * and the manual-review queue, and within it the payouts whose provider answer disagreed with them.
 */
@Component("dispatchMeters")
public class DispatchMeters {

    private final NamedParameterJdbcTemplate jdbc;
    private final Map<String, String> providerByChannel = new ConcurrentHashMap<>();
    private final Map<String, Long> values = new ConcurrentHashMap<>();

    DispatchMeters(NamedParameterJdbcTemplate jdbc, ProviderCalls calls, MeterRegistry meters) {
        this.jdbc = jdbc;
        for (ProviderAdapter adapter : calls.adapters().values()) {
            String provider = adapter.name();
            providerByChannel.put(adapter.channel().name(), provider);
            gauge(meters, "gateway.installments.retry_backlog", "payouts waiting to be retried", provider);
            gauge(meters, "gateway.installments.awaiting_answer", "payouts sent and awaiting a final answer", provider);
            gauge(meters, "gateway.installments.manual_review", "payouts a person must look at", provider);
            gauge(meters, "gateway.installments.mismatch", "payouts in manual review because the provider's answer"
                    + " disagreed with them (amount, currency, payee or reference)", provider);
        }
    }

    private void gauge(MeterRegistry meters, String name, String description, String provider) {
        Gauge.builder(name, values, v -> v.getOrDefault(name + "|" + provider, 0L)).description(description)
                .tag("provider", provider).register(meters);
    }

    /** Re-reads the backlog; called by the {@code dispatch.meters} route. */
    public void refresh() {
        Map<String, Long> read = new ConcurrentHashMap<>();
        jdbc.query("""
                SELECT channel,
                       count(*) FILTER (WHERE state = 'READY' AND attempts > 0) AS retry_backlog,
                       count(*) FILTER (WHERE state IN ('SUBMITTED', 'UNKNOWN', 'PENDING')) AS awaiting_answer,
                       count(*) FILTER (WHERE state = 'MANUAL_REVIEW') AS manual_review,
                       count(*) FILTER (WHERE state = 'MANUAL_REVIEW' AND failure_code = 'MISMATCH') AS mismatch
                FROM installment WHERE state IN ('READY', 'SUBMITTED', 'UNKNOWN', 'PENDING', 'MANUAL_REVIEW')
                GROUP BY channel""", new MapSqlParameterSource(), rs -> {
            String provider = providerByChannel.get(rs.getString("channel"));
            if (provider != null) {
                read.put("gateway.installments.retry_backlog|" + provider, rs.getLong("retry_backlog"));
                read.put("gateway.installments.awaiting_answer|" + provider, rs.getLong("awaiting_answer"));
                read.put("gateway.installments.manual_review|" + provider, rs.getLong("manual_review"));
                read.put("gateway.installments.mismatch|" + provider, rs.getLong("mismatch"));
            }
        });
        values.clear();
        values.putAll(read);
    }
}
