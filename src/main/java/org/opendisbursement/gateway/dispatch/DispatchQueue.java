package org.opendisbursement.gateway.dispatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.system.SqlArray;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes work for dispatch out of the installment table, safely shared by several gateway instances
 * ({@code FOR UPDATE SKIP LOCKED}): READY installments whose time has come are moved to SUBMITTED (with their ledger
 * entries) before any provider is called; installments awaiting an answer (SUBMITTED left by a crash, UNKNOWN,
 * PENDING) are leased for a status query by moving their next attempt time forward.
 */
@Component
class DispatchQueue {

    private static final String CLAIM_READY = """
            WITH chosen AS (
                SELECT id FROM installment
                WHERE state = 'READY' AND channel = :channel AND next_attempt_at <= :now
                ORDER BY next_attempt_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            ), moved AS (
                UPDATE installment i
                SET state = 'SUBMITTED', attempts = i.attempts + 1, checks = 0, submitted_at = :now,
                    next_attempt_at = :checkAt, updated_at = :now
                FROM chosen WHERE i.id = chosen.id
                RETURNING i.id, i.list_id, i.beneficiary_ref, i.amount_minor, i.currency, i.provider_reference,
                          i.attempts, i.checks, i.provider_txn_id, i.submitted_at, i.state
            ), logged AS (
                INSERT INTO ledger_entry (occurred_at, actor, action, list_id, installment_id, beneficiary_id,
                                          amount_minor, currency, from_state, to_state, reference, detail)
                SELECT :now, 'dispatch', 'PAYOUT_SUBMITTED', m.list_id, m.id, b.beneficiary_id, m.amount_minor,
                       m.currency, 'READY', 'SUBMITTED', m.provider_reference::text, :provider || ' attempt ' || m.attempts
                FROM moved m JOIN beneficiary b ON b.id = m.beneficiary_ref
            )
            SELECT m.*, b.wallet_number, b.national_id FROM moved m JOIN beneficiary b ON b.id = m.beneficiary_ref
            """;

    private static final String CLAIM_AWAITING = """
            WITH chosen AS (
                SELECT id FROM installment
                WHERE state IN ('SUBMITTED', 'UNKNOWN', 'PENDING') AND channel = :channel AND next_attempt_at <= :now
                  AND id <> ALL(:underway::bigint[])
                ORDER BY next_attempt_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            ), leased AS (
                UPDATE installment i SET next_attempt_at = :checkAt
                FROM chosen WHERE i.id = chosen.id
                RETURNING i.id, i.list_id, i.beneficiary_ref, i.amount_minor, i.currency, i.provider_reference,
                          i.attempts, i.checks, i.provider_txn_id, i.submitted_at, i.state
            )
            SELECT l.*, b.wallet_number, b.national_id FROM leased l JOIN beneficiary b ON b.id = l.beneficiary_ref
            """;

    private final NamedParameterJdbcTemplate jdbc;

    DispatchQueue(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** READY → SUBMITTED for up to {@code limit} installments; a status query is due at {@code checkAt} should no answer be recorded. */
    @Transactional
    public List<Claimed> claimReady(String provider, String channel, int limit, Instant now, Instant checkAt) {
        return jdbc.query(CLAIM_READY, parameters(provider, channel, limit, now, checkAt), (rs, n) -> claimed(provider, rs));
    }

    /**
     * Leases up to {@code limit} installments awaiting an answer until {@code leaseUntil}, for a status query; never one
     * of {@code underway} (its payout call is still under way in this instance).
     */
    @Transactional
    public List<Claimed> claimAwaiting(String provider, String channel, int limit, Instant now, Instant leaseUntil,
                                       Long[] underway) {
        return jdbc.query(CLAIM_AWAITING, parameters(provider, channel, limit, now, leaseUntil)
                .addValue("underway", new SqlArray("bigint", underway)), (rs, n) -> claimed(provider, rs));
    }

    private static MapSqlParameterSource parameters(String provider, String channel, int limit, Instant now, Instant checkAt) {
        return new MapSqlParameterSource().addValue("provider", provider).addValue("channel", channel)
                .addValue("limit", limit).addValue("now", Timestamp.from(now)).addValue("checkAt", Timestamp.from(checkAt));
    }

    private static Claimed claimed(String provider, ResultSet rs) throws SQLException {
        Timestamp submitted = rs.getTimestamp("submitted_at");
        var request = new PayoutRequest(rs.getLong("id"), rs.getObject("provider_reference", UUID.class),
                rs.getString("wallet_number"), rs.getLong("amount_minor"), rs.getString("currency").strip(),
                rs.getString("provider_txn_id"), rs.getInt("attempts"), rs.getString("national_id"));
        return new Claimed(provider, InstallmentState.valueOf(rs.getString("state")), rs.getInt("attempts"),
                rs.getInt("checks"), submitted == null ? null : submitted.toInstant(), request);
    }
}
