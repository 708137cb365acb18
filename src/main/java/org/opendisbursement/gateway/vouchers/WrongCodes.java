package org.opendisbursement.gateway.vouchers;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.opendisbursement.gateway.ledger.Ledger;
import org.opendisbursement.gateway.ledger.LedgerAction;
import org.opendisbursement.gateway.ledger.LedgerEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rate-limits wrong voucher codes per user, in the database so that every gateway instance sees the same count and a
 * restart forgets nothing: at most {@code max-wrong-codes} mistyped or unknown codes within
 * {@code wrong-code-window}, then the user is locked out of redeeming for {@code lockout} (a ledger entry says so).
 * Each wrong code is counted in its own transaction, whatever becomes of the request.
 */
@Component
class WrongCodes {

    /** @param attemptsLeft before a lockout; 0 when this wrong code locked the user out */
    record Counted(int attemptsLeft, Instant lockedUntil) {
    }

    private static final Logger log = LoggerFactory.getLogger(WrongCodes.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Ledger ledger;
    private final Clock clock;
    private final VouchersProperties settings;

    WrongCodes(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions, Ledger ledger, Clock clock,
               VouchersProperties settings) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.ledger = ledger;
        this.clock = clock;
        this.settings = settings;
    }

    /** @return until when the user is locked out, or null when the user may redeem */
    Instant lockedUntil(String user) {
        List<Timestamp> until = jdbc.queryForList("""
                SELECT locked_until FROM voucher_wrong_code WHERE username = :user AND locked_until > :now""",
                Map.of("user", user, "now", Timestamp.from(clock.instant())), Timestamp.class);
        return until.isEmpty() ? null : until.get(0).toInstant();
    }

    Counted count(String user) {
        return ownTransaction.execute(tx -> {
            Instant now = clock.instant();
            var parameters = new MapSqlParameterSource().addValue("user", user).addValue("now", Timestamp.from(now))
                    .addValue("windowStart", Timestamp.from(now.minus(settings.wrongCodeWindow())));
            Integer failures = jdbc.queryForObject("""
                    INSERT INTO voucher_wrong_code (username, failures, window_start) VALUES (:user, 1, :now)
                    ON CONFLICT (username) DO UPDATE SET
                        failures = CASE WHEN voucher_wrong_code.window_start <= :windowStart THEN 1
                                        ELSE voucher_wrong_code.failures + 1 END,
                        window_start = CASE WHEN voucher_wrong_code.window_start <= :windowStart THEN :now
                                            ELSE voucher_wrong_code.window_start END
                    RETURNING failures""", parameters, Integer.class);
            int count = failures == null ? 1 : failures;
            if (count < settings.maxWrongCodes()) {
                return new Counted(settings.maxWrongCodes() - count, null);
            }
            Instant until = now.plus(settings.lockout());
            jdbc.update("""
                    UPDATE voucher_wrong_code SET locked_until = :until, failures = 0, window_start = :now
                    WHERE username = :user""", parameters.addValue("until", Timestamp.from(until)));
            ledger.append(LedgerEntry.at(now)
                    .by(user).action(LedgerAction.VOUCHER_USER_LOCKED_OUT)
                    .detail(user + " entered " + count + " wrong voucher codes within " + settings.wrongCodeWindow()
                            + "; no redemptions until " + until)
                    .build());
            log.warn("user {} locked out of voucher redemption until {} after {} wrong codes", user, until, count);
            return new Counted(0, until);
        });
    }
}
