package org.opendisbursement.gateway.installments;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.opendisbursement.gateway.intake.ListStatus;
import org.opendisbursement.gateway.intake.PaymentList;
import org.opendisbursement.gateway.intake.PaymentLists;
import org.opendisbursement.gateway.intake.StateConflictException;
import org.opendisbursement.gateway.ledger.LedgerEntry;
import org.opendisbursement.gateway.ledger.Ledger;
import org.opendisbursement.gateway.ledger.LedgerAction;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves PLANNED installments of approved lists to READY, where dispatch picks them up: on their due date (run by
 * the {@code installments.release} route) or early, for one installment number of one list, by a finance checker.
 * Each move names its ledger action in the same UPDATE, and the database writes the entry (migration V8).
 */
@Service
public class InstallmentRelease {

    /**
     * Moves the chosen installments; the {@code installment_history} trigger writes one ledger entry each. The chosen
     * query locks PLANNED rows FOR UPDATE, which re-reads a row changed meanwhile and drops it if no longer PLANNED; the
     * update then joins by primary key only. (A second {@code state = 'PLANNED'} test there once let the planner, on statistics from before
     * a fresh plan, loop over the whole PLANNED index once per installment: 18 minutes for 100,000 rows.)
     */
    private static final String MOVE_TO_READY = """
            WITH chosen AS (%s)
            UPDATE installment i SET state = 'READY', next_attempt_at = :now, updated_at = :now,
                   change_actor = :actor, change_action = 'INSTALLMENT_RELEASED',
                   change_detail = :detail || ' (installment ' || i.number || ')'
            FROM chosen WHERE i.id = chosen.id
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final PaymentLists lists;
    private final Ledger ledger;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final int batchSize;

    InstallmentRelease(NamedParameterJdbcTemplate jdbc, PaymentLists lists, Ledger ledger, TransactionTemplate transaction,
                       Clock clock, @Value("${disbursement.installments.release-batch-size:5000}") int batchSize) {
        this.jdbc = jdbc;
        this.lists = lists;
        this.ledger = ledger;
        this.transaction = transaction;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /**
     * Releases every installment due by today (in the programme's time zone), batch by batch, each batch its own
     * transaction; several gateway instances may run this at once without releasing anything twice.
     *
     * @return how many installments were released
     */
    public long releaseDue() {
        LocalDate today = LocalDate.now(clock);
        String chosen = """
                SELECT i.id FROM installment i JOIN payment_list l ON l.id = i.list_id
                WHERE i.state = 'PLANNED' AND i.due_date <= :today AND l.status = 'APPROVED'
                ORDER BY i.due_date, i.id LIMIT :batch FOR UPDATE OF i SKIP LOCKED""";
        long total = 0;
        int released;
        do {
            Instant now = clock.instant();
            released = transaction.execute(tx -> jdbc.update(MOVE_TO_READY.formatted(chosen), new MapSqlParameterSource()
                    .addValue("today", today).addValue("batch", batchSize).addValue("now", Timestamp.from(now))
                    .addValue("actor", "scheduler").addValue("detail", "due " + today)));
            total += released;
        } while (released == batchSize);
        return total;
    }

    /**
     * Releases installment {@code number} of a list now, before its due date. Earlier installments must have been
     * released first.
     *
     * @return how many installments were released
     */
    @Transactional
    public long releaseEarly(long listId, int number, String actor) {
        PaymentList list = lists.lock(listId).orElseThrow(() -> new ListNotFoundException("no payment list " + listId));
        if (list.status() != ListStatus.APPROVED) {
            throw new StateConflictException("list " + listId + " is " + list.status() + "; only an approved list can be released");
        }
        var params = new MapSqlParameterSource().addValue("listId", listId).addValue("number", number);
        var counts = jdbc.queryForMap("""
                SELECT count(*) FILTER (WHERE number = :number) AS existing,
                       count(*) FILTER (WHERE number = :number AND state = 'PLANNED') AS planned,
                       count(*) FILTER (WHERE number < :number AND state = 'PLANNED') AS earlier_planned
                FROM installment WHERE list_id = :listId
                """, params);
        if (((Number) counts.get("existing")).longValue() == 0) {
            throw new ListNotFoundException("list " + listId + " has no installment " + number);
        }
        if (((Number) counts.get("earlier_planned")).longValue() > 0) {
            throw new StateConflictException("installment " + number + " of list " + listId
                    + " cannot be released before the earlier installments: release them first");
        }
        if (((Number) counts.get("planned")).longValue() == 0) {
            throw new StateConflictException("installment " + number + " of list " + listId + " is already released");
        }
        Instant now = clock.instant();
        String chosen = "SELECT id FROM installment WHERE list_id = :listId AND number = :number AND state = 'PLANNED' FOR UPDATE";
        int released = jdbc.update(MOVE_TO_READY.formatted(chosen), params.addValue("now", Timestamp.from(now))
                .addValue("actor", actor).addValue("detail", "released early by " + actor));
        ledger.append(LedgerEntry.at(now)
                .by(actor).action(LedgerAction.INSTALLMENT_RELEASED_EARLY).list(listId)
                .amount(null, list.currency().getCurrencyCode())
                .detail("installment " + number + " released early: " + released + " payments").build());
        return released;
    }
}
