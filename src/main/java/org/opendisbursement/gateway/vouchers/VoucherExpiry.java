package org.opendisbursement.gateway.vouchers;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expires vouchers nobody redeemed: once a voucher's validity is over and the offline grace
 * ({@code disbursement.vouchers.offline-grace}, time for offline redemptions made in time to be uploaded) has
 * passed, it becomes EXPIRED and its installment PENDING → EXPIRED, with a VOUCHER_EXPIRED ledger entry, in one
 * statement. Run by the {@code vouchers.expire} route; several instances may run it at once.
 */
@Component("voucherExpiry")
public class VoucherExpiry {

    private static final String EXPIRE = """
            WITH chosen AS (
                SELECT id FROM voucher WHERE state = 'ISSUED' AND valid_until <= :cutoff
                ORDER BY valid_until, id LIMIT :batch FOR UPDATE SKIP LOCKED
            ), expired AS (
                UPDATE voucher v SET state = 'EXPIRED', closed_at = :now, closed_by = 'scheduler',
                                     close_reason = 'not redeemed while valid'
                FROM chosen WHERE v.id = chosen.id  -- locked above while ISSUED
                RETURNING v.id, v.installment_id, v.valid_until, v.location
            ), moved AS (
                UPDATE installment i SET state = 'EXPIRED', next_attempt_at = NULL, updated_at = :now
                FROM expired e WHERE i.id = e.installment_id AND i.state = 'PENDING'
                RETURNING i.id, i.list_id, i.beneficiary_ref, i.amount_minor, i.currency, i.provider_reference
            ), logged AS (
                INSERT INTO ledger_entry (occurred_at, actor, action, list_id, installment_id, beneficiary_id,
                                          amount_minor, currency, from_state, to_state, reference, detail)
                SELECT :now, 'scheduler', 'VOUCHER_EXPIRED', m.list_id, m.id, b.beneficiary_id, m.amount_minor, m.currency,
                       'PENDING', 'EXPIRED', m.provider_reference::text,
                       'cash voucher ' || e.id || ' at ' || e.location || ' not redeemed; it was valid until ' || e.valid_until
                FROM moved m JOIN beneficiary b ON b.id = m.beneficiary_ref JOIN expired e ON e.installment_id = m.id
                RETURNING 1
            )
            SELECT count(*) FROM expired
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final VouchersProperties settings;

    VoucherExpiry(NamedParameterJdbcTemplate jdbc, TransactionTemplate transaction, Clock clock, VouchersProperties settings) {
        this.jdbc = jdbc;
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
            Integer n = transaction.execute(tx -> jdbc.queryForObject(EXPIRE, new MapSqlParameterSource()
                    .addValue("now", Timestamp.from(now)).addValue("cutoff", Timestamp.from(cutoff))
                    .addValue("batch", settings.batchSize()), Integer.class));
            expired = n == null ? 0 : n;
            total += expired;
        } while (expired == settings.batchSize());
        return total;
    }
}
