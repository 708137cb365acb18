package org.opendisbursement.gateway.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A ledger entry as its hash sees it, and its canonical text: every column in a fixed order joined by {@code |};
 * text as {@code <number of characters>:<text>}, numbers in decimal, the time as microseconds since 1970-01-01 UTC,
 * and NULL as {@code -}. The database function {@code ledger_entry_canonical} (V4) gives the very same text, so an
 * auditor can recompute every seal with plain SQL; the sealer and the verifier build it here, which is faster.
 */
record CanonicalEntry(long id, Instant occurredAt, String actor, String action, Long listId, Long installmentId,
                      String beneficiaryId, Long amountMinor, String currency, String fromState, String toState,
                      String reference, String detail) {

    /** The columns {@link #read} needs, from {@code ledger_entry e}. */
    static final String COLUMNS = "e.id, e.occurred_at, e.actor, e.action, e.list_id, e.installment_id, e.beneficiary_id, "
            + "e.amount_minor, e.currency, e.from_state, e.to_state, e.reference, e.detail";

    static CanonicalEntry read(ResultSet rs) throws SQLException {
        return new CanonicalEntry(rs.getLong("id"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("actor"), rs.getString("action"), (Long) rs.getObject("list_id"),
                (Long) rs.getObject("installment_id"), rs.getString("beneficiary_id"), (Long) rs.getObject("amount_minor"),
                rs.getString("currency"), rs.getString("from_state"), rs.getString("to_state"), rs.getString("reference"),
                rs.getString("detail"));
    }

    /** The chain an entry belongs to: its list, or 0 for entries of no list. */
    long chain() {
        return listId == null ? 0 : listId;
    }

    String text() {
        StringBuilder s = new StringBuilder(160 + (detail == null ? 0 : detail.length()));
        s.append(id).append('|');
        s.append(Math.addExact(Math.multiplyExact(occurredAt.getEpochSecond(), 1_000_000L), occurredAt.getNano() / 1_000)).append('|');
        text(s, actor).append('|');
        text(s, action).append('|');
        number(s, listId).append('|');
        number(s, installmentId).append('|');
        text(s, beneficiaryId).append('|');
        number(s, amountMinor).append('|');
        // char(3): PostgreSQL drops trailing blanks when it turns it into text
        text(s, currency == null ? null : currency.replaceFirst(" +$", "")).append('|');
        text(s, fromState).append('|');
        text(s, toState).append('|');
        text(s, reference).append('|');
        return text(s, detail).toString();
    }

    private static StringBuilder text(StringBuilder s, String value) {
        return value == null ? s.append('-') : s.append(value.codePointCount(0, value.length())).append(':').append(value);
    }

    private static StringBuilder number(StringBuilder s, Long value) {
        return value == null ? s.append('-') : s.append(value.longValue());
    }
}
