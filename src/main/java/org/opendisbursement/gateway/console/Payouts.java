package org.opendisbursement.gateway.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opendisbursement.gateway.system.Mask;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads (never writes) the payments people must act on: a list's failed and manual-review payments, the
 * manual-review queue and the retry backlog across lists, and the retry backlog per channel.
 */
@Component
class Payouts {

    private static final String SELECT = """
            SELECT i.id, i.list_id, l.programme, b.beneficiary_id, b.full_name, b.location, i.number, i.amount_minor,
                   i.currency, i.channel, b.wallet_number, i.state, i.attempts, i.failure_code, i.last_error,
                   i.updated_at, i.next_attempt_at
            FROM installment i JOIN beneficiary b ON b.id = i.beneficiary_ref JOIN payment_list l ON l.id = i.list_id
            """;

    private final NamedParameterJdbcTemplate jdbc;

    Payouts(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<Payout> ofList(long listId, String state, int limit) {
        return jdbc.query(SELECT + " WHERE i.list_id = :listId AND i.state = :state ORDER BY i.id LIMIT :limit",
                new MapSqlParameterSource().addValue("listId", listId).addValue("state", state).addValue("limit", limit),
                Payouts::map);
    }

    /** Payments in manual review, longest waiting first. */
    List<Payout> manualReview(int limit) {
        return jdbc.query(SELECT + " WHERE i.state = 'MANUAL_REVIEW' ORDER BY i.updated_at, i.id LIMIT :limit",
                new MapSqlParameterSource("limit", limit), Payouts::map);
    }

    /** Payments that failed an attempt and wait for their next one, soonest first. */
    List<Payout> retryBacklog(int limit) {
        return jdbc.query(SELECT + " WHERE i.state = 'READY' AND i.attempts > 0 ORDER BY i.next_attempt_at, i.id LIMIT :limit",
                new MapSqlParameterSource("limit", limit), Payouts::map);
    }

    /** How many payments wait for a retry, per channel. */
    Map<String, Long> retryBacklogByChannel() {
        Map<String, Long> backlog = new HashMap<>();
        jdbc.query("SELECT channel, count(*) AS n FROM installment WHERE state = 'READY' AND attempts > 0 GROUP BY channel",
                new MapSqlParameterSource(), rs -> {
                    backlog.put(rs.getString("channel"), rs.getLong("n"));
                });
        return backlog;
    }

    private static Payout map(ResultSet rs, int row) throws SQLException {
        Timestamp next = rs.getTimestamp("next_attempt_at");
        return new Payout(rs.getLong("id"), rs.getLong("list_id"), rs.getString("programme"),
                rs.getString("beneficiary_id"), rs.getString("full_name"), rs.getString("location"), rs.getInt("number"),
                rs.getLong("amount_minor"), rs.getString("currency").strip(), rs.getString("channel"),
                Mask.identifier(rs.getString("wallet_number")), rs.getString("state"), rs.getInt("attempts"),
                rs.getString("failure_code"), rs.getString("last_error"), rs.getTimestamp("updated_at").toInstant(),
                next == null ? null : next.toInstant());
    }
}
