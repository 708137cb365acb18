package org.opendisbursement.gateway.installments;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.opendisbursement.gateway.system.SqlArray;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies decided {@link Move}s, a whole batch in one statement and one transaction: each installment changes only if
 * it still stands where the move expects (a callback or another instance may have moved it meanwhile; then the stale
 * move is dropped). Every state change names its ledger action, actor and detail in the same UPDATE; the database's
 * {@code installment_history} trigger writes the ledger entry from them (migration V8), and refuses a change that
 * names none. Dispatch, callbacks, vouchers, reconciliation and the people settling payouts all move installments
 * through here.
 */
@Component
public class Moves {

    private static final String APPLY = """
            WITH input AS (
                SELECT * FROM unnest(:ids::bigint[], :froms::text[], :tos::text[], :nextAts::timestamptz[],
                                     :txns::text[], :codes::text[], :reasons::text[], :actions::text[], :details::text[],
                                     :attempts::text[], :retired::uuid[], :nextRefs::uuid[], :refAttempts::int[],
                                     :channels::text[])
                    AS t(id, from_state, to_state, next_at, txn, code, reason, action, detail, attempts_mode,
                         retired_ref, next_ref, ref_attempt, channel)
            ), moved AS (
                UPDATE installment i
                SET state = t.to_state, next_attempt_at = t.next_at,
                    provider_txn_id = coalesce(t.txn, i.provider_txn_id),
                    failure_code = CASE WHEN t.to_state = 'CONFIRMED' THEN NULL ELSE coalesce(t.code, i.failure_code) END,
                    last_error = CASE WHEN t.to_state = 'CONFIRMED' THEN NULL ELSE coalesce(t.reason, i.last_error) END,
                    checks = CASE WHEN t.to_state = t.from_state THEN i.checks + 1 ELSE 0 END,
                    attempts = CASE t.attempts_mode WHEN 'RESET' THEN 0 WHEN 'REFUND' THEN greatest(i.attempts - 1, 0)
                                              ELSE i.attempts END,
                    provider_reference = coalesce(t.next_ref, i.provider_reference),
                    channel = coalesce(t.channel, i.channel),
                    updated_at = :now,
                    change_actor = CASE WHEN t.changes THEN :actor END,
                    change_action = CASE WHEN t.changes THEN t.action END,
                    change_detail = CASE WHEN t.changes THEN t.detail END
                FROM (SELECT input.*, (to_state <> from_state OR next_ref IS NOT NULL OR channel IS NOT NULL) AS changes
                      FROM input) t
                WHERE i.id = t.id AND i.state = t.from_state
                  AND (t.retired_ref IS NULL OR i.provider_reference = t.retired_ref)
                RETURNING i.id, t.retired_ref, t.ref_attempt
            ), retired AS (
                INSERT INTO installment_reference (reference, installment_id, used_until_attempt, retired_at)
                SELECT m.retired_ref, m.id, m.ref_attempt - 1, :now FROM moved m WHERE m.retired_ref IS NOT NULL
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM moved) AS moved
            """;

    private final NamedParameterJdbcTemplate jdbc;

    Moves(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @return how many installments actually moved (stale moves are dropped) */
    @Transactional
    public int apply(List<Move> moves, String actor, Instant now) {
        if (moves.isEmpty()) {
            return 0;
        }
        int n = moves.size();
        Long[] ids = new Long[n];
        String[] froms = new String[n];
        String[] tos = new String[n];
        Timestamp[] nextAts = new Timestamp[n];
        String[] txns = new String[n];
        String[] codes = new String[n];
        String[] reasons = new String[n];
        String[] actions = new String[n];
        String[] details = new String[n];
        String[] attempts = new String[n];
        Object[] retired = new Object[n];
        Object[] nextRefs = new Object[n];
        Integer[] refAttempts = new Integer[n];
        String[] channels = new String[n];
        for (int i = 0; i < n; i++) {
            Move m = moves.get(i);
            ids[i] = m.installmentId();
            froms[i] = m.from().name();
            tos[i] = m.to().name();
            nextAts[i] = m.nextAttemptAt() == null ? null : Timestamp.from(m.nextAttemptAt());
            txns[i] = m.providerTransactionId();
            codes[i] = m.failureCode();
            reasons[i] = m.reason();
            actions[i] = m.action().name();
            channels[i] = m.channel() == null ? null : m.channel().name();
            details[i] = m.detail();
            attempts[i] = m.attempts().name();
            if (m.referenceChange() != null) {
                retired[i] = m.referenceChange().retired();
                nextRefs[i] = m.referenceChange().next();
                refAttempts[i] = m.referenceChange().fromAttempt();
            }
        }
        var parameters = new MapSqlParameterSource()
                .addValue("ids", new SqlArray("bigint", ids)).addValue("froms", new SqlArray("text", froms))
                .addValue("tos", new SqlArray("text", tos)).addValue("nextAts", new SqlArray("timestamptz", nextAts))
                .addValue("txns", new SqlArray("text", txns)).addValue("codes", new SqlArray("text", codes))
                .addValue("reasons", new SqlArray("text", reasons)).addValue("actions", new SqlArray("text", actions))
                .addValue("details", new SqlArray("text", details)).addValue("attempts", new SqlArray("text", attempts))
                .addValue("retired", new SqlArray("uuid", retired)).addValue("nextRefs", new SqlArray("uuid", nextRefs))
                .addValue("refAttempts", new SqlArray("int4", refAttempts))
                .addValue("channels", new SqlArray("text", channels))
                .addValue("actor", actor).addValue("now", Timestamp.from(now));
        Long moved = jdbc.queryForObject(APPLY, parameters, Long.class);
        return moved == null ? 0 : moved.intValue();
    }
}
