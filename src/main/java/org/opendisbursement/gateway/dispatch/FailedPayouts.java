package org.opendisbursement.gateway.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.installments.Move;
import org.opendisbursement.gateway.installments.Moves;
import org.opendisbursement.gateway.intake.Channel;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.opendisbursement.gateway.intake.StateConflictException;
import org.opendisbursement.gateway.ledger.LedgerAction;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a finance checker does about failed payouts: send a list's FAILED wallet installments again (same provider
 * reference, attempts counted afresh), or switch one FAILED installment to cash by hand (it waits READY for its
 * voucher). Both write the ledger in the same transaction. An installment planned in a wallet's payable unit that
 * cash cannot hand over (BDT 333.34 when cash is paid in whole taka) is not switched: its amount is never changed
 * after planning, since that would break the exact sum of the entitlement; it stays FAILED for a wallet retry.
 */
@Component
public class FailedPayouts {

    public record Failed(long installmentId, String beneficiaryId, int number, long amountMinor, String currency,
                         String channel, String failureCode, String reason) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Moves moves;
    private final Clock clock;
    private final CashSwitch cashSwitch;

    FailedPayouts(NamedParameterJdbcTemplate jdbc, Moves moves, Clock clock, CashSwitch cashSwitch) {
        this.jdbc = jdbc;
        this.cashSwitch = cashSwitch;
        this.moves = moves;
        this.clock = clock;
    }

    public List<Failed> of(long listId, String state) {
        return jdbc.query("""
                SELECT i.id, b.beneficiary_id, i.number, i.amount_minor, i.currency, i.channel, i.failure_code, i.last_error
                FROM installment i JOIN beneficiary b ON b.id = i.beneficiary_ref
                WHERE i.list_id = :listId AND i.state = :state ORDER BY i.id LIMIT 10000""",
                Map.of("listId", listId, "state", state), (rs, n) -> new Failed(rs.getLong("id"), rs.getString("beneficiary_id"),
                        rs.getInt("number"), rs.getLong("amount_minor"), rs.getString("currency").strip(),
                        rs.getString("channel"), rs.getString("failure_code"), rs.getString("last_error")));
    }

    /** FAILED wallet installments of the list back to READY. @return how many */
    @Transactional
    public int retryFailed(long listId, String actor) {
        requireList(listId);
        Instant now = clock.instant();
        List<Move> retries = jdbc.query("""
                SELECT id FROM installment WHERE list_id = :listId AND state = 'FAILED' AND channel <> 'CASH' FOR UPDATE""",
                Map.of("listId", listId), (rs, n) -> Move.of(rs.getLong("id"))
                        .from(InstallmentState.FAILED)
                        .to(InstallmentState.READY).nextAttemptAt(now)
                        .action(LedgerAction.PAYOUT_RETRY_REQUESTED).detail("retry of a failed payout requested by " + actor)
                        .attempts(Move.Attempts.RESET).build());
        return moves.apply(retries, actor, now);
    }

    /**
     * One FAILED wallet installment becomes a cash installment, READY for its voucher — only once its provider says it
     * has not paid it ({@link CashSwitch}).
     */
    public void switchToCash(long installmentId, String location, String actor) {
        cashSwitch.switchToCash(installmentId, location, actor);
    }

    /**
     * What a switch of this installment to cash would refuse before its provider is asked; otherwise the distribution
     * point it would be handed over at (a proposal is checked so before anyone is asked to approve it).
     */
    public String checkSwitchToCash(long installmentId, String location) {
        return cashSwitch.check(installmentId, location);
    }

    /** What a person found out about a payout in manual review (from the merchant statement, the provider's desk). */
    public enum Verdict {
        /** The provider paid it: confirmed, with the provider's transaction id or why there is none. */
        PAID,
        /** The provider certainly has not paid it: it is sent again (READY) under its reference. */
        NOT_PAID
    }

    /**
     * A finance checker settles a payout waiting in MANUAL_REVIEW with what they established outside the gateway:
     * PAID (CONFIRMED; the provider's transaction id, or a note saying why there is none) or NOT_PAID (READY, attempts
     * counting on, so the new send is a new attempt; only when the provider certainly has no such payout). The note
     * goes into the ledger.
     */
    @Transactional
    public void settleManualReview(long installmentId, Verdict verdict, String providerTransactionId, String note,
                                   String actor) {
        if (verdict == null) {
            throw new StateConflictException("say what was found: verdict PAID or NOT_PAID");
        }
        if (note == null || note.isBlank()) {
            throw new StateConflictException("say how it was established (for example the statement line), as note");
        }
        String state = jdbc.queryForList("SELECT state FROM installment WHERE id = :id FOR UPDATE",
                Map.of("id", installmentId), String.class).stream().findFirst()
                .orElseThrow(() -> new ListNotFoundException("no installment " + installmentId));
        if (!"MANUAL_REVIEW".equals(state)) {
            throw new StateConflictException("installment " + installmentId + " is " + state
                    + "; only a payout in MANUAL_REVIEW is settled by hand");
        }
        Instant now = clock.instant();
        String txn = providerTransactionId == null || providerTransactionId.isBlank() ? null : providerTransactionId.strip();
        String detail = switch (verdict) {
            case PAID -> "settled as paid by " + actor + (txn == null ? " without a provider transaction id" : ", provider"
                    + " transaction " + txn) + ": " + note.strip();
            case NOT_PAID -> "settled as not paid by " + actor + "; it is sent again under its reference: " + note.strip();
        };
        var to = verdict == Verdict.PAID ? InstallmentState.CONFIRMED
                : InstallmentState.READY;
        moves.apply(List.of(Move.of(installmentId)
                .from(InstallmentState.MANUAL_REVIEW).to(to)
                .nextAttemptAt(verdict == Verdict.PAID ? null : now).transaction(txn)
                .action(verdict == Verdict.PAID ? LedgerAction.PAYOUT_SETTLED_PAID : LedgerAction.PAYOUT_SETTLED_NOT_PAID).detail(detail)
                .build()), actor, now);
    }

    private void requireList(long listId) {
        Integer found = jdbc.queryForObject("SELECT count(*) FROM payment_list WHERE id = :id", Map.of("id", listId), Integer.class);
        if (found == null || found == 0) {
            throw new ListNotFoundException("no payment list " + listId);
        }
    }
}
