package org.opendisbursement.gateway.dispatch;

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
 * move is dropped), and every state change writes its ledger entry in the same statement.
 */
@Component
public class Moves {

    private static final String APPLY = """
            WITH input AS (
                SELECT * FROM unnest(:ids::bigint[], :froms::text[], :tos::text[], :nextAts::timestamptz[],
                                     :txns::text[], :codes::text[], :reasons::text[], :actions::text[], :details::text[],
                                     :attempts::text[], :retired::uuid[], :nextRefs::uuid[], :refAttempts::int[])
                    AS t(id, from_state, to_state, next_at, txn, code, reason, action, detail, attempts_mode,
                         retired_ref, next_ref, ref_attempt)
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
                    updated_at = :now
                FROM input t
                WHERE i.id = t.id AND i.state = t.from_state
                  AND (t.retired_ref IS NULL OR i.provider_reference = t.retired_ref)
                RETURNING i.id, i.list_id, i.beneficiary_ref, i.amount_minor, i.currency, i.provider_reference,
                          t.from_state, t.to_state, t.action, t.detail, t.retired_ref, t.ref_attempt
            ), retired AS (
                INSERT INTO installment_reference (reference, installment_id, used_until_attempt, retired_at)
                SELECT m.retired_ref, m.id, m.ref_attempt - 1, :now FROM moved m WHERE m.retired_ref IS NOT NULL
                RETURNING 1
            ), logged AS (
                INSERT INTO ledger_entry (occurred_at, actor, action, list_id, installment_id, beneficiary_id,
                                          amount_minor, currency, from_state, to_state, reference, detail)
                SELECT :now, :actor, m.action, m.list_id, m.id, b.beneficiary_id, m.amount_minor, m.currency,
                       m.from_state, m.to_state, m.provider_reference::text, left(m.detail, 2000)
                FROM moved m JOIN beneficiary b ON b.id = m.beneficiary_ref
                WHERE m.from_state <> m.to_state
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
        for (int i = 0; i < n; i++) {
            Move m = moves.get(i);
            ids[i] = m.installmentId();
            froms[i] = m.from().name();
            tos[i] = m.to().name();
            nextAts[i] = m.nextAttemptAt() == null ? null : Timestamp.from(m.nextAttemptAt());
            txns[i] = m.providerTransactionId();
            codes[i] = m.failureCode();
            reasons[i] = m.reason();
            actions[i] = m.action();
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
                .addValue("actor", actor).addValue("now", Timestamp.from(now));
        Long moved = jdbc.queryForObject(APPLY, parameters, Long.class);
        return moved == null ? 0 : moved.intValue();
    }
}
