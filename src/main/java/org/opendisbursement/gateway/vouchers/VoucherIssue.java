package org.opendisbursement.gateway.vouchers;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns released cash installments into vouchers: each READY installment of channel CASH (a cash beneficiary, or a
 * failed wallet payout switched to cash) gets one voucher at its beneficiary's distribution point, valid for
 * {@code disbursement.vouchers.valid-for}, and moves READY → PENDING, where no dispatch route looks at it (cash has
 * no provider adapter). The voucher, the move and its ledger entry are one statement. Run by the
 * {@code vouchers.issue} route for everything released, and before printing for the sheet's installment.
 * The voucher has no code yet: its code is made when it is printed.
 */
@Component("voucherIssue")
public class VoucherIssue {

    private static final String ISSUE = """
            WITH chosen AS (
                SELECT i.id FROM installment i JOIN beneficiary b ON b.id = i.beneficiary_ref
                WHERE i.state = 'READY' AND i.channel = 'CASH' AND b.location IS NOT NULL AND btrim(b.location) <> ''
                  AND (CAST(:listId AS bigint) IS NULL OR (i.list_id = :listId AND i.number = :number))
                ORDER BY i.id LIMIT :batch
                FOR UPDATE OF i SKIP LOCKED
            ), moved AS (
                UPDATE installment i SET state = 'PENDING', next_attempt_at = NULL, updated_at = :now
                FROM chosen WHERE i.id = chosen.id  -- locked above while READY: no second state test (see InstallmentRelease)
                RETURNING i.id, i.list_id, i.beneficiary_ref, i.number, i.amount_minor, i.currency, i.provider_reference
            ), issued AS (
                INSERT INTO voucher (installment_id, list_id, beneficiary_ref, number, amount_minor, currency, location,
                                     state, issued_at, issued_by, valid_until)
                SELECT m.id, m.list_id, m.beneficiary_ref, m.number, m.amount_minor, m.currency,
                       regexp_replace(btrim(b.location), '\\s+', ' ', 'g'),
                       'ISSUED', :now, :actor, :validUntil
                FROM moved m JOIN beneficiary b ON b.id = m.beneficiary_ref
                RETURNING id, installment_id, location
            ), logged AS (
                INSERT INTO ledger_entry (occurred_at, actor, action, list_id, installment_id, beneficiary_id,
                                          amount_minor, currency, from_state, to_state, reference, detail)
                SELECT :now, :actor, 'VOUCHER_ISSUED', m.list_id, m.id, b.beneficiary_id, m.amount_minor, m.currency,
                       'READY', 'PENDING', m.provider_reference::text,
                       'cash voucher ' || v.id || ' at ' || v.location || ', valid through ' || :lastDay
                FROM moved m JOIN beneficiary b ON b.id = m.beneficiary_ref JOIN issued v ON v.installment_id = m.id
                RETURNING 1
            )
            SELECT count(*) FROM issued
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final VouchersProperties settings;

    VoucherIssue(NamedParameterJdbcTemplate jdbc, TransactionTemplate transaction, Clock clock, VouchersProperties settings) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Issues vouchers for every released cash installment, batch by batch, each batch its own transaction; safe on
     * several gateway instances at once.
     *
     * @return how many vouchers were issued
     */
    public long issueReady() {
        long total = 0;
        int issued;
        do {
            Integer n = transaction.execute(tx -> issueBatch(null, 0, "scheduler"));
            issued = n == null ? 0 : n;
            total += issued;
        } while (issued == settings.batchSize());
        return total;
    }

    /** Issues vouchers for the released cash installments number {@code number} of one list, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int issue(long listId, int number, String actor) {
        int total = 0;
        int issued;
        do {
            issued = issueBatch(listId, number, actor);
            total += issued;
        } while (issued == settings.batchSize());
        return total;
    }

    private int issueBatch(Long listId, int number, String actor) {
        Instant now = clock.instant();
        ZoneId zone = clock.getZone();
        LocalDate lastDay = LocalDate.ofInstant(now, zone).plus(settings.validFor());
        Instant validUntil = lastDay.plusDays(1).atStartOfDay(zone).toInstant();
        Integer issued = jdbc.queryForObject(ISSUE, new MapSqlParameterSource()
                .addValue("listId", listId, Types.BIGINT).addValue("number", number).addValue("batch", settings.batchSize())
                .addValue("now", Timestamp.from(now)).addValue("actor", actor)
                .addValue("validUntil", Timestamp.from(validUntil)).addValue("lastDay", lastDay.toString()), Integer.class);
        return issued == null ? 0 : issued;
    }

    /** The last day a voucher valid until {@code validUntil} (exclusive) may be redeemed, in the programme time zone. */
    static LocalDate lastDay(Instant validUntil, ZoneId zone) {
        return LocalDate.ofInstant(validUntil, zone).minusDays(1);
    }
}
