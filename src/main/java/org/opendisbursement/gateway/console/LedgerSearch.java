package org.opendisbursement.gateway.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Searches the append-only ledger for the audit pages, read only: entries matching a {@link LedgerFilter}, newest
 * first with keyset paging, or all of them streamed to CSV (rows fetched in batches, never all held at once).
 */
@Component
class LedgerSearch {

    static final List<String> CSV_HEADER = List.of("id", "occurred_at", "actor", "action", "list_id", "programme",
            "installment_id", "beneficiary_id", "channel", "amount_minor", "currency", "from_state", "to_state",
            "reference", "detail");

    private static final String SELECT = """
            SELECT e.id, e.occurred_at, e.actor, e.action, e.list_id, e.installment_id, e.beneficiary_id, e.amount_minor,
                   e.currency, e.from_state, e.to_state, e.reference, e.detail, l.programme, i.channel
            FROM ledger_entry e
            LEFT JOIN payment_list l ON l.id = e.list_id
            LEFT JOIN installment i ON i.id = e.installment_id
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    LedgerSearch(NamedParameterJdbcTemplate jdbc, DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        JdbcTemplate batches = new JdbcTemplate(dataSource);
        batches.setFetchSize(1000);
        this.streaming = new NamedParameterJdbcTemplate(batches);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Up to {@code limit} entries older than {@code beforeId}, newest first. */
    List<LedgerLine> find(LedgerFilter filter, String channel, long beforeId, int limit) {
        MapSqlParameterSource parameters = new MapSqlParameterSource();
        String where = where(filter, channel, parameters) + " AND e.id < :beforeId";
        parameters.addValue("beforeId", beforeId).addValue("limit", limit);
        return jdbc.query(SELECT + where + " ORDER BY e.id DESC LIMIT :limit", parameters, LedgerSearch::map);
    }

    /** Every entry of one beneficiary (by its id in the lists), oldest first. */
    List<LedgerLine> trail(String beneficiaryId, String programme) {
        MapSqlParameterSource parameters = new MapSqlParameterSource();
        String where = where(new LedgerFilter(null, programme, beneficiaryId, null, null, null, null), null, parameters);
        return jdbc.query(SELECT + where + " ORDER BY e.id LIMIT 10000", parameters, LedgerSearch::map);
    }

    /** Writes every matching entry as CSV, oldest first, in one read-only transaction (so rows come in batches). */
    void export(LedgerFilter filter, String channel, Writer out) {
        MapSqlParameterSource parameters = new MapSqlParameterSource();
        String sql = SELECT + where(filter, channel, parameters) + " ORDER BY e.id";
        readOnly.executeWithoutResult(tx -> {
            try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().get())) {
                csv.printRecord(CSV_HEADER);
                streaming.query(sql, parameters, rs -> {
                    print(csv, map(rs, 0));
                });
                csv.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static void print(CSVPrinter csv, LedgerLine line) {
        try {
            csv.printRecord(line.id(), line.occurredAt(), CsvCells.safe(line.actor()), line.action(), line.listId(),
                    line.programme(), line.installmentId(), CsvCells.safe(line.beneficiaryId()), line.channel(),
                    line.amountMinor(), line.currency(), line.fromState(), line.toState(), line.reference(),
                    CsvCells.safe(line.detail()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The WHERE clause of the given filters only (so PostgreSQL can use the ledger's indexes), named parameters. */
    private static String where(LedgerFilter filter, String channel, MapSqlParameterSource parameters) {
        List<String> conditions = new ArrayList<>();
        conditions.add("TRUE");
        add(conditions, parameters, filter.listId(), "e.list_id = :listId", "listId");
        add(conditions, parameters, filter.programme(), "l.programme = :programme", "programme");
        add(conditions, parameters, filter.beneficiary(), "e.beneficiary_id = :beneficiary", "beneficiary");
        add(conditions, parameters, filter.state(), "e.to_state = :state", "state");
        add(conditions, parameters, filter.from() == null ? null : Timestamp.from(filter.from()), "e.occurred_at >= :from", "from");
        add(conditions, parameters, filter.to() == null ? null : Timestamp.from(filter.to()), "e.occurred_at < :to", "to");
        if (filter.provider() != null) {
            // a payment of the provider's channel, or an entry about the provider itself (paused, resumed)
            conditions.add("(i.channel = :channel OR (e.installment_id IS NULL AND e.reference = :provider))");
            parameters.addValue("channel", channel == null ? "" : channel).addValue("provider", filter.provider());
        }
        return " WHERE " + String.join(" AND ", conditions);
    }

    private static void add(List<String> conditions, MapSqlParameterSource parameters, Object value, String condition,
                            String name) {
        if (value != null) {
            conditions.add(condition);
            parameters.addValue(name, value);
        }
    }

    private static LedgerLine map(ResultSet rs, int row) throws SQLException {
        String currency = rs.getString("currency");
        return new LedgerLine(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor"),
                rs.getString("action"), (Long) rs.getObject("list_id", Long.class),
                (Long) rs.getObject("installment_id", Long.class), rs.getString("beneficiary_id"),
                (Long) rs.getObject("amount_minor", Long.class), currency == null ? null : currency.strip(),
                rs.getString("from_state"), rs.getString("to_state"), rs.getString("reference"), rs.getString("detail"),
                rs.getString("programme"), rs.getString("channel"));
    }
}
