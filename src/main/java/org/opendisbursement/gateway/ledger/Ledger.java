package org.opendisbursement.gateway.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.opendisbursement.gateway.system.SqlArray;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one writer of {@code ledger_entry} in Java (the other is the database's own {@code installment_history}
 * trigger, which records every change of an installment). It must be called inside the transaction that makes the
 * change being recorded ({@link Propagation#MANDATORY}), so a change and its entry commit or vanish together.
 * {@code ArchitectureTest} keeps every other class from inserting into the ledger.
 */
@Component
public class Ledger {

    private static final String COLUMNS = """
            INSERT INTO ledger_entry (occurred_at, actor, action, list_id, installment_id, beneficiary_id,
                                      amount_minor, currency, from_state, to_state, reference, detail)
            """;

    private static final String INSERT = COLUMNS + """
            VALUES (:occurredAt, :actor, :action, :listId, :installmentId, :beneficiaryId,
                    :amountMinor, :currency, :fromState, :toState, :reference, :detail)
            """;

    private static final String INSERT_ALL = COLUMNS + """
            SELECT * FROM unnest(:occurredAt::timestamptz[], :actor::text[], :action::text[], :listId::bigint[],
                                 :installmentId::bigint[], :beneficiaryId::text[], :amountMinor::bigint[],
                                 :currency::text[], :fromState::text[], :toState::text[], :reference::text[],
                                 :detail::text[])
            """;

    private final NamedParameterJdbcTemplate jdbc;

    Ledger(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void append(LedgerEntry entry) {
        jdbc.update(INSERT, new MapSqlParameterSource()
                .addValue("occurredAt", Timestamp.from(entry.occurredAt()))
                .addValue("actor", entry.actor())
                .addValue("action", entry.action().name())
                .addValue("listId", entry.listId())
                .addValue("installmentId", entry.installmentId())
                .addValue("beneficiaryId", entry.beneficiaryId())
                .addValue("amountMinor", entry.amountMinor())
                .addValue("currency", entry.currency())
                .addValue("fromState", entry.fromState())
                .addValue("toState", entry.toState())
                .addValue("reference", entry.reference())
                .addValue("detail", entry.detail()));
    }

    /** Appends the entries in their order, in one statement. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void appendAll(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        int n = entries.size();
        Timestamp[] at = new Timestamp[n];
        String[] actor = new String[n];
        String[] action = new String[n];
        Long[] list = new Long[n];
        Long[] installment = new Long[n];
        String[] beneficiary = new String[n];
        Long[] amount = new Long[n];
        String[] currency = new String[n];
        String[] from = new String[n];
        String[] to = new String[n];
        String[] reference = new String[n];
        String[] detail = new String[n];
        for (int i = 0; i < n; i++) {
            LedgerEntry e = entries.get(i);
            at[i] = Timestamp.from(e.occurredAt());
            actor[i] = e.actor();
            action[i] = e.action().name();
            list[i] = e.listId();
            installment[i] = e.installmentId();
            beneficiary[i] = e.beneficiaryId();
            amount[i] = e.amountMinor();
            currency[i] = e.currency();
            from[i] = e.fromState();
            to[i] = e.toState();
            reference[i] = e.reference();
            detail[i] = e.detail();
        }
        jdbc.update(INSERT_ALL, new MapSqlParameterSource()
                .addValue("occurredAt", new SqlArray("timestamptz", at)).addValue("actor", new SqlArray("text", actor))
                .addValue("action", new SqlArray("text", action)).addValue("listId", new SqlArray("bigint", list))
                .addValue("installmentId", new SqlArray("bigint", installment))
                .addValue("beneficiaryId", new SqlArray("text", beneficiary))
                .addValue("amountMinor", new SqlArray("bigint", amount)).addValue("currency", new SqlArray("text", currency))
                .addValue("fromState", new SqlArray("text", from)).addValue("toState", new SqlArray("text", to))
                .addValue("reference", new SqlArray("text", reference)).addValue("detail", new SqlArray("text", detail)));
    }

    /**
     * Appends one entry of {@code action} by {@code actor} at {@code at} for each row of {@code rows}, in one
     * set-based statement (a plan of a million beneficiaries is one INSERT … SELECT). {@code rows} is a SELECT giving,
     * in this order, {@code list_id, installment_id, beneficiary_id, amount_minor, currency, from_state, to_state,
     * reference, detail}; it may use {@code :action}, {@code :actor} and {@code :at} besides its own parameters.
     *
     * @return how many entries were appended
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int appendForEach(LedgerAction action, String actor, Instant at, String rows, MapSqlParameterSource parameters) {
        return jdbc.update(COLUMNS + "SELECT :at, :actor, :action, r.* FROM (" + rows + ") r", parameters
                .addValue("action", action.name()).addValue("actor", actor).addValue("at", Timestamp.from(at)));
    }
}
