package org.opendisbursement.gateway.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.opendisbursement.gateway.money.Amount;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the ledger for auditors: entries matching a {@link LedgerFilter}, with the list's programme, the
 * beneficiary's name, the channel paid through and each entry's seal. A page at a time by keyset (oldest first after
 * an id for the API, newest first before an id for the console), or all of them in id order streamed from a cursor so
 * an export of millions of entries never sits in memory.
 */
@Component("auditLedgerQuery")
public class LedgerQuery {

    public record Row(long id, Instant occurredAt, String actor, String action, Long listId, String programme,
               Long installmentId, String beneficiaryId, String beneficiaryName, String channel, Amount amount,
               String fromState, String toState, String reference, String detail, String prevHash, String hash) {
    }

    public record Page(List<Row> entries, Long nextAfter) {
    }

    private static final String SELECT = """
            SELECT e.id, e.occurred_at, e.actor, e.action, e.list_id, p.programme, e.installment_id, e.beneficiary_id,
                   b.full_name, coalesce(i.channel, b.channel) AS channel, e.amount_minor, e.currency, e.from_state,
                   e.to_state, e.reference, e.detail, s.prev_hash, s.hash
            FROM ledger_entry e
            LEFT JOIN payment_list p ON p.id = e.list_id
            """;

    /** The installment, beneficiary and seal of each entry, joined as PostgreSQL sees fit (the whole ledger). */
    private static final String JOINS = """
            LEFT JOIN installment i ON i.id = e.installment_id
            LEFT JOIN beneficiary b ON b.list_id = e.list_id AND b.beneficiary_id = e.beneficiary_id
            LEFT JOIN ledger_seal s ON s.entry_id = e.id
            """;

    /**
     * The same rows, looked up by one index probe per entry (a LIMIT keeps PostgreSQL from turning them into joins):
     * for the entries of one list or one person. Left to itself, below some tens of millions of entries the planner
     * hashes the whole of {@code ledger_seal} or {@code installment} for a list's ten thousand entries, and a list's
     * export or page then costs what the whole ledger holds (bench/seal, docs/scale.md).
     */
    private static final String PROBES = """
            LEFT JOIN LATERAL (SELECT i.channel FROM installment i WHERE i.id = e.installment_id LIMIT 1) i ON TRUE
            LEFT JOIN LATERAL (SELECT b.full_name, b.channel FROM beneficiary b
                               WHERE b.list_id = e.list_id AND b.beneficiary_id = e.beneficiary_id LIMIT 1) b ON TRUE
            LEFT JOIN LATERAL (SELECT s.prev_hash, s.hash FROM ledger_seal s WHERE s.entry_id = e.id LIMIT 1) s ON TRUE
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate cursor;
    private final TransactionTemplate readOnly;

    LedgerQuery(NamedParameterJdbcTemplate jdbc, DataSource dataSource, PlatformTransactionManager transactions,
                AuditProperties properties) {
        this.jdbc = jdbc;
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(Math.max(100, properties.fetchSize()));
        this.cursor = new NamedParameterJdbcTemplate(streaming);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Up to {@code limit} entries with ids above {@code after}, oldest first. */
    Page page(LedgerFilter filter, long after, int limit) {
        var parameters = new MapSqlParameterSource("limit", limit).addValue("after", after);
        List<Row> rows = jdbc.query(from(filter) + where(filter, parameters) + " AND e.id > :after ORDER BY e.id LIMIT :limit",
                parameters, (rs, n) -> row(rs));
        return new Page(rows, rows.size() == limit ? rows.get(rows.size() - 1).id() : null);
    }

    /** Up to {@code limit} entries with ids below {@code before}, newest first. */
    List<Row> newestFirst(LedgerFilter filter, long before, int limit) {
        var parameters = new MapSqlParameterSource("limit", limit).addValue("before", before);
        return jdbc.query(from(filter) + where(filter, parameters) + " AND e.id < :before ORDER BY e.id DESC LIMIT :limit",
                parameters, (rs, n) -> row(rs));
    }

    /** Hands every matching entry to {@code sink}, in id order, from a cursor in one read-only transaction. */
    long stream(LedgerFilter filter, long after, Consumer<Row> sink) {
        var parameters = new MapSqlParameterSource("after", after);
        String sql = from(filter) + where(filter, parameters) + " AND e.id > :after ORDER BY e.id";
        Long count = readOnly.execute(status -> {
            long[] n = {0};
            cursor.query(sql, parameters, rs -> {
                sink.accept(row(rs));
                n[0]++;
            });
            return n[0];
        });
        return count == null ? 0 : count;
    }

    /** Every entry of one beneficiary id, in any list (or only in lists of {@code programme}), oldest first. */
    List<Row> ofBeneficiary(String beneficiaryId, String programme, int limit) {
        return page(new LedgerFilter(null, programme, beneficiaryId, null, null, null, null), 0, limit).entries();
    }

    /** Probes for the entries of one list or one beneficiary (an index of their own), joins otherwise. */
    private static String from(LedgerFilter f) {
        return SELECT + (f.listId() != null || f.beneficiaryId() != null ? PROBES : JOINS);
    }

    /** The conditions of the filters given, and only those (so PostgreSQL can use the ledger's indexes). */
    private static String where(LedgerFilter f, MapSqlParameterSource parameters) {
        List<String> conditions = new ArrayList<>();
        conditions.add("TRUE");
        if (f.listId() != null) {
            conditions.add(f.listId() == 0 ? "e.list_id IS NULL" : "e.list_id = :listId");
            parameters.addValue("listId", f.listId());
        }
        if (f.programme() != null) {
            conditions.add("e.list_id IN (SELECT pl.id FROM payment_list pl WHERE pl.programme = :programme)");
            parameters.addValue("programme", f.programme());
        }
        if (f.beneficiaryId() != null) {
            conditions.add("e.beneficiary_id = :beneficiaryId");
            parameters.addValue("beneficiaryId", f.beneficiaryId());
        }
        if (f.channel() != null) {
            // paid (or to be paid) through the provider's channel, or about the provider itself: entries of no
            // payment that name it as their reference (paused, resumed, a statement imported)
            conditions.add("(coalesce(i.channel, b.channel) = :channel"
                    + " OR (e.installment_id IS NULL AND e.reference = :provider))");
            parameters.addValue("channel", f.channel()).addValue("provider", f.provider());
        }
        if (f.state() != null) {
            conditions.add("e.to_state = :state");
            parameters.addValue("state", f.state());
        }
        if (f.from() != null) {
            conditions.add("e.occurred_at >= :from");
            parameters.addValue("from", Timestamp.from(f.from()));
        }
        if (f.to() != null) {
            conditions.add("e.occurred_at < :to");
            parameters.addValue("to", Timestamp.from(f.to()));
        }
        return " WHERE " + String.join(" AND ", conditions);
    }

    private static Row row(ResultSet rs) throws SQLException {
        String currency = rs.getString("currency");
        Long minor = (Long) rs.getObject("amount_minor");
        return new Row(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor"),
                rs.getString("action"), (Long) rs.getObject("list_id"), rs.getString("programme"),
                (Long) rs.getObject("installment_id"), rs.getString("beneficiary_id"), rs.getString("full_name"),
                rs.getString("channel"), Amount.ofNullable(minor, currency), rs.getString("from_state"), rs.getString("to_state"),
                rs.getString("reference"), rs.getString("detail"), ChainHash.hex(rs.getBytes("prev_hash")),
                ChainHash.hex(rs.getBytes("hash")));
    }
}
