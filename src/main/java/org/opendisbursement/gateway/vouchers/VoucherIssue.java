package org.opendisbursement.gateway.vouchers;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.installments.Move;
import org.opendisbursement.gateway.installments.Moves;
import org.opendisbursement.gateway.ledger.LedgerAction;
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
 * no provider adapter). The vouchers are one statement, their installments' moves ({@link Moves}, which the ledger
 * records) a second, in one transaction. Run by the
 * {@code vouchers.issue} route for everything released, and before printing for the sheet's installment.
 * The voucher has no code yet: its code is made when it is printed.
 */
@Component("voucherIssue")
public class VoucherIssue {

    private static final String ISSUE = """
            WITH chosen AS (
                SELECT i.id, i.list_id, i.beneficiary_ref, i.number, i.amount_minor, i.currency,
                       regexp_replace(btrim(b.location), '\\s+', ' ', 'g') AS location
                FROM installment i JOIN beneficiary b ON b.id = i.beneficiary_ref
                WHERE i.state = 'READY' AND i.channel = 'CASH' AND b.location IS NOT NULL AND btrim(b.location) <> ''
                  AND (CAST(:listId AS bigint) IS NULL OR (i.list_id = :listId AND i.number = :number))
                ORDER BY i.id LIMIT :batch
                FOR UPDATE OF i SKIP LOCKED
            )
            INSERT INTO voucher (installment_id, list_id, beneficiary_ref, number, amount_minor, currency, location,
                                 state, issued_at, issued_by, valid_until)
            SELECT c.id, c.list_id, c.beneficiary_ref, c.number, c.amount_minor, c.currency, c.location,
                   'ISSUED', :now, :actor, :validUntil
            FROM chosen c
            RETURNING id, installment_id, location
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final Moves installments;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final VouchersProperties settings;

    VoucherIssue(NamedParameterJdbcTemplate jdbc, Moves installments, TransactionTemplate transaction, Clock clock,
                 VouchersProperties settings) {
        this.jdbc = jdbc;
        this.installments = installments;
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
        List<Move> moves = jdbc.query(ISSUE, new MapSqlParameterSource()
                .addValue("listId", listId, Types.BIGINT).addValue("number", number).addValue("batch", settings.batchSize())
                .addValue("now", Timestamp.from(now)).addValue("actor", actor)
                .addValue("validUntil", Timestamp.from(validUntil)), (rs, n) -> Move.of(rs.getLong("installment_id"))
                .from(InstallmentState.READY).to(InstallmentState.PENDING).action(LedgerAction.VOUCHER_ISSUED)
                .detail("cash voucher " + rs.getLong("id") + " at " + rs.getString("location") + ", valid through " + lastDay)
                .build());
        int moved = installments.apply(moves, actor, now);
        if (moved != moves.size()) {
            throw new IllegalStateException(moves.size() + " vouchers issued but " + moved + " installments moved");
        }
        return moved;
    }

    /** The last day a voucher valid until {@code validUntil} (exclusive) may be redeemed, in the programme time zone. */
    static LocalDate lastDay(Instant validUntil, ZoneId zone) {
        return LocalDate.ofInstant(validUntil, zone).minusDays(1);
    }
}
