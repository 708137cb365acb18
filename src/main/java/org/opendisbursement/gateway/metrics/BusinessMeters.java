package org.opendisbursement.gateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.opendisbursement.gateway.dispatch.ProviderAdapter;
import org.opendisbursement.gateway.dispatch.ProviderCalls;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.intake.Channel;
import org.opendisbursement.gateway.intake.ListStatus;
import org.opendisbursement.gateway.money.Money;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Business gauges read from the database by the {@code metrics.business} route (never on a scrape): payment lists
 * by status, installments by provider and state, money confirmed by provider and currency and by programme and
 * currency (major units), vouchers by state (once the voucher table exists) and open reconciliation flags by
 * provider. Tags are low-cardinality only: no list ids, references or people. A series once seen stays and
 * reads 0 when its rows are gone, so a scrape never misses a meter.
 */
@Component("businessMeters")
public class BusinessMeters {

    static final String LISTS = "gateway.lists";
    static final String INSTALLMENTS = "gateway.installments";
    static final String DISBURSED = "gateway.disbursed.amount";
    static final String PROGRAMME_DISBURSED = "gateway.programme.disbursed.amount";
    static final String VOUCHERS = "gateway.vouchers";
    static final String RECONCILIATION_FLAGS = "gateway.reconciliation.open_flags";

    /** The voucher states shown at 0 before any voucher reaches them (see V3__vouchers.sql); others appear as they occur. */
    private static final List<String> VOUCHER_STATES = List.of("ISSUED", "REDEEMED", "EXPIRED", "CANCELLED", "VOID");

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            LISTS, "payment lists by status",
            INSTALLMENTS, "installments by provider (cash for hand payouts) and state",
            DISBURSED, "money confirmed paid, in major units, by provider and currency",
            PROGRAMME_DISBURSED, "money confirmed paid, in major units, by programme and currency",
            VOUCHERS, "cash vouchers by state",
            RECONCILIATION_FLAGS, "reconciliation differences waiting for review, by provider");

    private final NamedParameterJdbcTemplate jdbc;
    private final MeterRegistry registry;
    private final Map<Channel, String> providerByChannel = new HashMap<>();
    /** meter name and tags → current value; a gauge reads its entry. */
    private final Map<Series, Double> values = new ConcurrentHashMap<>();

    private record Series(String name, Tags tags) {
    }

    BusinessMeters(NamedParameterJdbcTemplate jdbc, ProviderCalls calls, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.registry = registry;
        for (Channel channel : Channel.values()) {
            providerByChannel.put(channel, channel.name().toLowerCase(Locale.ROOT));
        }
        for (ProviderAdapter adapter : calls.adapters().values()) {
            providerByChannel.put(adapter.channel(), adapter.name());
        }
        // the fixed series exist from the start, at 0
        Map<Series, Double> zeros = new HashMap<>();
        for (ListStatus status : ListStatus.values()) {
            zeros.put(new Series(LISTS, Tags.of("status", status.name())), 0.0);
        }
        for (String provider : providerByChannel.values()) {
            for (InstallmentState state : InstallmentState.values()) {
                zeros.put(new Series(INSTALLMENTS, Tags.of("provider", provider, "state", state.name())), 0.0);
            }
        }
        for (ProviderAdapter adapter : calls.adapters().values()) {
            zeros.put(new Series(RECONCILIATION_FLAGS, Tags.of("provider", adapter.name())), 0.0);
        }
        publish(zeros);
    }

    /** Re-reads every business gauge; called by the {@code metrics.business} route. */
    public void refresh() {
        Map<Series, Double> read = new HashMap<>();
        jdbc.query("SELECT status, count(*) AS n FROM payment_list GROUP BY status", new MapSqlParameterSource(),
                rs -> {
                    read.put(new Series(LISTS, Tags.of("status", rs.getString("status"))), (double) rs.getLong("n"));
                });
        // installments are summed per list first, so the join to the list (for its programme) is over few rows
        jdbc.query("""
                SELECT l.programme, i.channel, i.state, i.currency, i.n, i.amount
                FROM (SELECT list_id, channel, state, currency, count(*) AS n, sum(amount_minor) AS amount
                      FROM installment GROUP BY list_id, channel, state, currency) i
                JOIN payment_list l ON l.id = i.list_id""", new MapSqlParameterSource(), rs -> {
            String provider = provider(rs.getString("channel"));
            String state = rs.getString("state");
            read.merge(new Series(INSTALLMENTS, Tags.of("provider", provider, "state", state)), (double) rs.getLong("n"), Double::sum);
            if (InstallmentState.CONFIRMED.name().equals(state)) {
                String currency = rs.getString("currency");
                double major = major(rs.getLong("amount"), currency);
                read.merge(new Series(DISBURSED, Tags.of("provider", provider, "currency", currency)), major, Double::sum);
                read.merge(new Series(PROGRAMME_DISBURSED, Tags.of("programme", rs.getString("programme"), "currency", currency)),
                        major, Double::sum);
            }
        });
        if (tableExists("voucher")) {
            for (String state : VOUCHER_STATES) {
                read.put(new Series(VOUCHERS, Tags.of("state", state)), 0.0);
            }
            jdbc.query("SELECT state, count(*) AS n FROM voucher GROUP BY state", new MapSqlParameterSource(), rs -> {
                read.put(new Series(VOUCHERS, Tags.of("state", rs.getString("state"))), (double) rs.getLong("n"));
            });
        }
        if (tableExists("reconciliation_result")) {
            jdbc.query("""
                    SELECT r.provider, count(*) AS n FROM reconciliation_result f JOIN reconciliation r ON r.id = f.reconciliation_id
                    WHERE f.review = 'OPEN' GROUP BY r.provider""", new MapSqlParameterSource(), rs -> {
                read.put(new Series(RECONCILIATION_FLAGS, Tags.of("provider", rs.getString("provider"))), (double) rs.getLong("n"));
            });
        }
        publish(read);
    }

    private void publish(Map<Series, Double> read) {
        values.replaceAll((series, old) -> read.getOrDefault(series, 0.0));
        read.forEach((series, value) -> {
            if (values.putIfAbsent(series, value) == null) {
                Gauge.builder(series.name(), values, v -> v.getOrDefault(series, 0.0))
                        .description(DESCRIPTIONS.get(series.name())).tags(series.tags()).strongReference(true)
                        .register(registry);
            }
        });
    }

    private boolean tableExists(String table) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass(:table) IS NOT NULL",
                new MapSqlParameterSource("table", table), Boolean.class));
    }

    private String provider(String channel) {
        try {
            return providerByChannel.getOrDefault(Channel.valueOf(channel), channel.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return channel.toLowerCase(Locale.ROOT);
        }
    }

    /** A gauge is a double by nature: the sum is exact in minor units and only converted for display. */
    private static double major(long minor, String currency) {
        return Money.ofMinor(minor, currency).toMajor().doubleValue();
    }
}
