package org.opendisbursement.gateway.vouchers;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.installments.Move;
import org.opendisbursement.gateway.installments.Moves;
import org.opendisbursement.gateway.ledger.LedgerAction;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expires vouchers nobody redeemed: once a voucher's validity is over and the offline grace
 * ({@code disbursement.vouchers.offline-grace}, time for offline redemptions made in time to be uploaded) has
 * passed, it becomes EXPIRED and its installment PENDING → EXPIRED ({@link Moves}), with a VOUCHER_EXPIRED ledger
 * entry, in one transaction per batch. Run by the {@code vouchers.expire} route; several instances may run it at once.
 */
@Component("voucherExpiry")
public class VoucherExpiry {

    private static final String EXPIRE = """
            WITH chosen AS (
                SELECT id FROM voucher WHERE state = 'ISSUED' AND valid_until <= :cutoff
                ORDER BY valid_until, id LIMIT :batch FOR UPDATE SKIP LOCKED
            )
            UPDATE voucher v SET state = 'EXPIRED', closed_at = :now, closed_by = 'scheduler',
                                 close_reason = 'not redeemed while valid'
            FROM chosen WHERE v.id = chosen.id  -- locked above while ISSUED
            RETURNING v.id, v.installment_id, v.valid_until, v.location
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final Moves installments;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final VouchersProperties settings;

    VoucherExpiry(NamedParameterJdbcTemplate jdbc, Moves installments, TransactionTemplate transaction, Clock clock,
                  VouchersProperties settings) {
        this.jdbc = jdbc;
        this.installments = installments;
        this.transaction = transaction;
        this.clock = clock;
        this.settings = settings;
    }

    /** @return how many vouchers expired */
    public long expireDue() {
        long total = 0;
        int expired;
        do {
            Instant now = clock.instant();
            Instant cutoff = now.atZone(clock.getZone()).minus(settings.offlineGrace()).toInstant();
            Integer n = transaction.execute(tx -> installments.apply(jdbc.query(EXPIRE, new MapSqlParameterSource()
                    .addValue("now", Timestamp.from(now)).addValue("cutoff", Timestamp.from(cutoff))
                    .addValue("batch", settings.batchSize()), (rs, row) -> Move.of(rs.getLong("installment_id"))
                    .from(InstallmentState.PENDING).to(InstallmentState.EXPIRED).action(LedgerAction.VOUCHER_EXPIRED)
                    .detail("cash voucher " + rs.getLong("id") + " at " + rs.getString("location")
                            + " not redeemed; it was valid until " + rs.getTimestamp("valid_until").toInstant())
                    .build()), "scheduler", now));
            expired = n == null ? 0 : n;
            total += expired;
        } while (expired == settings.batchSize());
        return total;
    }
}
