package org.opendisbursement.gateway.ledger;

import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends to the ledger. It must be called inside the transaction that makes the change being recorded
 * ({@link Propagation#MANDATORY}), so a state change and its entry commit or vanish together.
 */
@Component
public class Ledger {

    static final String INSERT = """
            INSERT INTO ledger_entry (occurred_at, actor, action, list_id, installment_id, beneficiary_id,
                                      amount_minor, currency, from_state, to_state, reference, detail)
            VALUES (:occurredAt, :actor, :action, :listId, :installmentId, :beneficiaryId,
                    :amountMinor, :currency, :fromState, :toState, :reference, :detail)
            """;

    private final NamedParameterJdbcTemplate jdbc;

    Ledger(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void append(LedgerEntry entry) {
        jdbc.update(INSERT, parameters(entry));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void appendAll(List<LedgerEntry> entries) {
        jdbc.batchUpdate(INSERT, entries.stream().map(Ledger::parameters).toArray(SqlParameterSource[]::new));
    }

    private static SqlParameterSource parameters(LedgerEntry e) {
        return new MapSqlParameterSource()
                .addValue("occurredAt", Timestamp.from(e.occurredAt()))
                .addValue("actor", e.actor())
                .addValue("action", e.action())
                .addValue("listId", e.listId())
                .addValue("installmentId", e.installmentId())
                .addValue("beneficiaryId", e.beneficiaryId())
                .addValue("amountMinor", e.amountMinor())
                .addValue("currency", e.currency())
                .addValue("fromState", e.fromState())
                .addValue("toState", e.toState())
                .addValue("reference", e.reference())
                .addValue("detail", e.detail());
    }
}
