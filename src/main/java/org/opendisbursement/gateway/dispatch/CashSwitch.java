package org.opendisbursement.gateway.dispatch;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.installments.Move;
import org.opendisbursement.gateway.installments.Moves;
import org.opendisbursement.gateway.intake.Channel;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.opendisbursement.gateway.intake.PayableUnit;
import org.opendisbursement.gateway.intake.PayableUnits;
import org.opendisbursement.gateway.intake.StateConflictException;
import org.opendisbursement.gateway.ledger.LedgerAction;
import org.opendisbursement.gateway.money.Money;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Switches a FAILED wallet payout to cash only when its provider certainly has not paid it: the provider is asked
 * first, before anything else is checked (a payout it reports paid is recorded so, whether or not cash could pay it) (a status query under the payout's reference, outside any transaction), and only "no such payout" or "held as
 * failed" lets the switch go ahead (or, for a provider that cannot be asked by our reference, bKash without its trxID,
 * its own rejection of our send), in a transaction that checks the installment has not moved meanwhile. A provider
 * that reports it paid has the installment recorded CONFIRMED instead; a disagreeing answer sends it to a person; any
 * other answer (unknown, pending, unreachable) refuses the switch, since a cash voucher then could pay it twice.
 */
@Component
class CashSwitch {

    private final NamedParameterJdbcTemplate jdbc;
    private final Moves moves;
    private final ProviderCalls calls;
    private final PayableUnits payableUnits;
    private final TransactionTemplate transaction;
    private final Clock clock;

    CashSwitch(NamedParameterJdbcTemplate jdbc, Moves moves, ProviderCalls calls, PayableUnits payableUnits,
               TransactionTemplate transaction, Clock clock) {
        this.jdbc = jdbc;
        this.moves = moves;
        this.calls = calls;
        this.payableUnits = payableUnits;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** A FAILED wallet payout as it stood when the switch was asked for. */
    private record Candidate(Claimed claimed, Channel channel, Money amount, String location, long beneficiaryRef) {
    }

    void switchToCash(long installmentId, String location, String actor) {
        Candidate candidate = transaction.execute(tx -> candidate(installmentId));
        PayoutOutcome answer = calls.ask(candidate.claimed());
        String provider = candidate.claimed().provider();
        if (answer instanceof PayoutOutcome.NotFound notFound) {
            switchNow(candidate, location, actor, provider + " has no such payout (" + notFound.detail() + ")");
        } else if (answer instanceof PayoutOutcome.Rejected rejected) {
            switchNow(candidate, location, actor, provider + " holds it failed (" + rejected.code() + ": "
                    + rejected.reason() + ")");
        } else if (answer instanceof PayoutOutcome.Confirmed confirmed) {
            String txn = confirmed.providerTransactionId();
            record(Move.of(installmentId).from(InstallmentState.FAILED).to(InstallmentState.CONFIRMED)
                    .transaction(txn).action(LedgerAction.PAYOUT_CONFIRMED)
                    .detail(provider + " reports it paid" + (txn == null ? "" : ", transaction " + txn)
                            + ", when asked before a switch to cash by " + actor)
                    .build(), actor);
            throw new StateConflictException("installment " + installmentId + " was not switched to cash: " + provider
                    + " reports it paid" + (txn == null ? "" : " (transaction " + txn + ")")
                    + "; it is now recorded CONFIRMED");
        } else if (answer instanceof PayoutOutcome.Mismatch mismatch) {
            record(Move.of(installmentId).from(InstallmentState.FAILED).to(InstallmentState.MANUAL_REVIEW)
                    .failureCode("MISMATCH").reason(mismatch.describe()).action(LedgerAction.PAYOUT_MISMATCH)
                    .detail("asked before a switch to cash: " + mismatch.describe()).build(), actor);
            throw new StateConflictException("installment " + installmentId + " was not switched to cash: " + provider
                    + "'s answer disagrees with the payout; it waits in manual review");
        } else if (answer instanceof PayoutOutcome.Unverifiable && rejectedWhenSent(candidate.claimed().request())) {
            switchNow(candidate, location, actor, provider + " cannot be asked by our reference, and it rejected this"
                    + " payout when"
                    + " it was sent");
        } else {
            // pending, unknown, retryable, duplicate, unverifiable, an account fault: nobody knows it is unpaid
            throw new StateConflictException("installment " + installmentId + " cannot be switched to cash yet: "
                    + provider + " could not confirm it has not paid it (" + answer.describe()
                    + "). Try again later, or settle it from the provider's statement");
        }
    }

    /**
     * What a switch would refuse without asking the provider (not a FAILED wallet payout, no provider to ask, an
     * amount cash cannot hand over, no distribution point), so a proposal to switch is refused before anyone is asked
     * to approve it; otherwise the distribution point the cash would be handed over at. The provider is asked only
     * when the switch is carried out.
     */
    String check(long installmentId, String location) {
        return cashPoint(candidate(installmentId), location);
    }

    /**
     * Whether the provider itself refused this payout, under its current reference, in its answer to our send (the
     * last move to FAILED was {@code PAYOUT_REJECTED} by dispatch) — not a callback's word, and not a give-up after
     * answers that left it open.
     */
    private boolean rejectedWhenSent(PayoutRequest payout) {
        return jdbc.queryForList("""
                SELECT action = 'PAYOUT_REJECTED' AND actor = 'dispatch' AND reference = :reference AS rejected
                FROM ledger_entry WHERE installment_id = :id AND to_state = 'FAILED' ORDER BY id DESC LIMIT 1""",
                Map.of("id", payout.installmentId(), "reference", payout.reference().toString()), Boolean.class)
                .stream().findFirst().orElse(false);
    }

    private Candidate candidate(long installmentId) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT i.state, i.channel, i.amount_minor, i.currency, i.provider_reference, i.provider_txn_id, i.attempts,
                       i.checks, i.submitted_at, b.id AS beneficiary_ref, b.location, b.wallet_number, b.national_id
                FROM installment i JOIN beneficiary b ON b.id = i.beneficiary_ref WHERE i.id = :id""",
                Map.of("id", installmentId));
        if (rows.isEmpty()) {
            throw new ListNotFoundException("no installment " + installmentId);
        }
        Map<String, Object> row = rows.get(0);
        Channel channel = Channel.valueOf((String) row.get("channel"));
        if (!"FAILED".equals(row.get("state")) || channel == Channel.CASH) {
            throw new StateConflictException("installment " + installmentId + " is " + row.get("state") + " by "
                    + channel + "; only a FAILED wallet payout can be switched to cash");
        }
        Money amount = new Money((Long) row.get("amount_minor"), Currency.getInstance(((String) row.get("currency")).strip()));
        ProviderAdapter adapter = calls.adapterFor(channel).orElseThrow(() -> new StateConflictException(
                "installment " + installmentId + " cannot be switched to cash: no " + channel + " provider is configured"
                        + " to ask whether it paid it"));
        Timestamp submitted = (Timestamp) row.get("submitted_at");
        var request = new PayoutRequest(installmentId, (UUID) row.get("provider_reference"), (String) row.get("wallet_number"),
                amount.minor(), amount.currency().getCurrencyCode(), (String) row.get("provider_txn_id"),
                ((Number) row.get("attempts")).intValue(), (String) row.get("national_id"));
        var claimed = new Claimed(adapter.name(), InstallmentState.FAILED, request.attempt(),
                ((Number) row.get("checks")).intValue(), submitted == null ? null : submitted.toInstant(), request);
        return new Candidate(claimed, channel, amount, (String) row.get("location"),
                ((Number) row.get("beneficiary_ref")).longValue());
    }

    /** The distribution point of a payout cash can pay, once it is known unpaid; else why not. */
    private String cashPoint(Candidate candidate, String location) {
        long installmentId = candidate.claimed().installmentId();
        Money amount = candidate.amount();
        PayableUnit cash = payableUnits.of(Channel.CASH, amount.currency());
        if (!cash.pays(amount.minor())) {
            throw new StateConflictException("installment " + installmentId + " is " + amount.display() + " and "
                    + cash.rule() + ", so it cannot be switched to cash; retry it by wallet instead");
        }
        String point = location != null && !location.isBlank() ? location.strip() : candidate.location();
        if (point == null || point.isBlank()) {
            throw new StateConflictException("installment " + installmentId
                    + " has no distribution point: give the location where the cash is handed over");
        }
        return point;
    }

    private void switchNow(Candidate candidate, String location, String actor, String unpaid) {
        long installmentId = candidate.claimed().installmentId();
        String point = cashPoint(candidate, location);
        transaction.executeWithoutResult(tx -> {
            Instant now = clock.instant();
            jdbc.update("UPDATE beneficiary SET location = :location WHERE id = :ref AND location IS DISTINCT FROM :location",
                    new MapSqlParameterSource().addValue("location", point)
                            .addValue("ref", candidate.beneficiaryRef()).addValue("now", Timestamp.from(now)));
            int moved = moves.apply(List.of(Move.of(installmentId)
                    .from(InstallmentState.FAILED).to(InstallmentState.READY).nextAttemptAt(now)
                    .channel(Channel.CASH).action(LedgerAction.SWITCHED_TO_CASH)
                    .detail("failed " + candidate.channel() + " payout switched to cash at " + point + " by "
                            + actor + ": " + unpaid)
                    .attempts(Move.Attempts.RESET).build()), actor, now);
            if (moved != 1) {
                throw new StateConflictException("installment " + installmentId + " changed while its provider was asked;"
                        + " look at it again before switching it to cash");
            }
        });
    }

    private void record(Move move, String actor) {
        transaction.executeWithoutResult(tx -> moves.apply(List.of(move), actor, clock.instant()));
    }
}
