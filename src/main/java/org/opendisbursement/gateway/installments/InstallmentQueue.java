package org.opendisbursement.gateway.installments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.opendisbursement.gateway.system.SqlArray;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes wallet payouts out of the installment table, safely shared by several gateway instances
 * ({@code FOR UPDATE SKIP LOCKED}): READY installments whose time has come are moved to SUBMITTED (their ledger entries
 * written by the {@code installment_history} trigger) before any provider is called; installments awaiting an answer
 * (SUBMITTED left by a crash, UNKNOWN, PENDING) are leased for a status query by moving their next attempt time
 * forward, which changes no state and writes no ledger entry.
 */
@Component
public class InstallmentQueue {

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
                    next_attempt_at = :checkAt, updated_at = :now,
                    change_actor = :actor, change_action = 'PAYOUT_SUBMITTED',
                    change_detail = :provider || ' attempt ' || (i.attempts + 1)
                FROM chosen WHERE i.id = chosen.id
                RETURNING i.id, i.list_id, i.beneficiary_ref, i.amount_minor, i.currency, i.provider_reference,
                          i.attempts, i.checks, i.provider_txn_id, i.submitted_at, i.state
            )
            SELECT m.*, b.wallet_number, b.national_id FROM moved m JOIN beneficiary b ON b.id = m.beneficiary_ref
            """;

    private static final String LEASE_AWAITING = """
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

    private static final String SUBMITTED_UNDER_LEASE = """
            SELECT count(*) FROM installment
            WHERE state = 'SUBMITTED' AND channel = :channel AND next_attempt_at > :now
            """;

    /** the earliest due time over the channels, one index probe each (installment_ready_channel, installment_awaiting) */
    private static final String EARLIEST_READY = """
            SELECT min(due) FROM unnest(:channels::varchar[]) c(channel), LATERAL (
                SELECT next_attempt_at AS due FROM installment
                WHERE state = 'READY' AND channel = c.channel ORDER BY next_attempt_at LIMIT 1) d
            """;
    private static final String EARLIEST_AWAITING = """
            SELECT min(due) FROM unnest(:channels::varchar[]) c(channel), LATERAL (
                SELECT next_attempt_at AS due FROM installment
                WHERE state IN ('SUBMITTED', 'UNKNOWN', 'PENDING') AND channel = c.channel
                ORDER BY next_attempt_at LIMIT 1) d
            """;

    private final NamedParameterJdbcTemplate jdbc;

    InstallmentQueue(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One installment taken from the queue, with its beneficiary's wallet and national ID (when the list gave one). */
    public record Taken(long id, UUID reference, String walletNumber, String nationalId, long amountMinor,
                        String currency, String providerTransactionId, InstallmentState state, int attempts, int checks,
                        Instant submittedAt) {

        @Override
        public String toString() {
            return "Taken[installment=" + id + ", " + state + ", attempt " + attempts + "]";
        }
    }

    /**
     * READY → SUBMITTED for up to {@code limit} installments of {@code channel} sent through {@code provider}; a
     * status query is due at {@code checkAt} should no answer be recorded.
     */
    @Transactional
    public List<Taken> claimReady(String provider, String channel, int limit, Instant now, Instant checkAt) {
        return jdbc.query(CLAIM_READY, parameters(channel, limit, now, checkAt).addValue("provider", provider)
                .addValue("actor", "dispatch"), (rs, n) -> taken(rs));
    }

    /**
     * Leases up to {@code limit} installments awaiting an answer until {@code leaseUntil}, for a status query; never one
     * of {@code underway} (its payout call is still under way in this instance).
     */
    @Transactional
    public List<Taken> leaseAwaiting(String channel, int limit, Instant now, Instant leaseUntil, Long[] underway) {
        return jdbc.query(LEASE_AWAITING, parameters(channel, limit, now, leaseUntil)
                .addValue("underway", new SqlArray("bigint", underway)), (rs, n) -> taken(rs));
    }

    /**
     * Payouts of {@code channel} claimed for a send whose answer is not recorded yet: SUBMITTED with a lease that has
     * not run out (a SUBMITTED one whose lease ran out is a crash's leftover, for a status query).
     */
    public long countSubmittedUnderLease(String channel, Instant now) {
        return jdbc.queryForObject(SUBMITTED_UNDER_LEASE, new MapSqlParameterSource("channel", channel)
                .addValue("now", Timestamp.from(now)), Long.class);
    }

    /**
     * When the earliest READY installment of {@code channels} is due, or with {@code awaiting} the earliest one awaiting
     * an answer (SUBMITTED, UNKNOWN, PENDING); empty when there is none.
     */
    public Optional<Instant> earliestDue(String[] channels, boolean awaiting) {
        Timestamp due = jdbc.queryForObject(awaiting ? EARLIEST_AWAITING : EARLIEST_READY,
                new MapSqlParameterSource("channels", new SqlArray("varchar", channels)), Timestamp.class);
        return Optional.ofNullable(due).map(Timestamp::toInstant);
    }

    private static MapSqlParameterSource parameters(String channel, int limit, Instant now, Instant checkAt) {
        return new MapSqlParameterSource().addValue("channel", channel).addValue("limit", limit)
                .addValue("now", Timestamp.from(now)).addValue("checkAt", Timestamp.from(checkAt));
    }

    private static Taken taken(ResultSet rs) throws SQLException {
        Timestamp submitted = rs.getTimestamp("submitted_at");
        return new Taken(rs.getLong("id"), rs.getObject("provider_reference", UUID.class), rs.getString("wallet_number"),
                rs.getString("national_id"), rs.getLong("amount_minor"), rs.getString("currency").strip(),
                rs.getString("provider_txn_id"), InstallmentState.valueOf(rs.getString("state")), rs.getInt("attempts"),
                rs.getInt("checks"), submitted == null ? null : submitted.toInstant());
    }
}
