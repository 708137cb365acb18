package org.opendisbursement.gateway.dispatch;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.installments.Move;
import org.opendisbursement.gateway.installments.Moves;
import org.opendisbursement.gateway.ledger.Ledger;
import org.opendisbursement.gateway.ledger.LedgerAction;
import org.opendisbursement.gateway.ledger.LedgerEntry;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies what a provider's callback says to the installment under that reference, under a row lock, through the
 * same state machine as status queries, after comparing what it says with the payout ({@link PayoutCheck}): a
 * callback whose amount, currency, payee or reference disagrees sends the installment to a person. Final
 * installments never change; a confirmation or rejection may still settle one that waits in MANUAL_REVIEW or was
 * put back READY after a "not found". A callback about an installment never sent is only flagged; one about a wallet
 * payout switched to cash since is flagged as a possible second payment (and its unredeemed voucher cancelled).
 */
@Component
class DispatchCallbacks implements PayoutCallbacks {

    private static final Logger log = LoggerFactory.getLogger(DispatchCallbacks.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final Transitions transitions;
    private final Moves moves;
    private final ProvidersProperties providers;
    private final ProviderCalls calls;
    private final Clock clock;
    private final Ledger ledger;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;

    DispatchCallbacks(NamedParameterJdbcTemplate jdbc, Transitions transitions, Moves moves, ProvidersProperties providers,
                      ProviderCalls calls, Clock clock, Ledger ledger, ApplicationEventPublisher events,
                      MeterRegistry meters) {
        this.ledger = ledger;
        this.events = events;
        this.meters = meters;
        // exported at 0 from the start, so the alert rules reading them have a series before anything happens
        for (String provider : providers.providers().keySet()) {
            meters.counter("gateway.payouts.paid.after.switch", "provider", provider);
            meters.counter("gateway.callbacks.flagged", "provider", provider, "reason", "never_sent");
        }
        this.jdbc = jdbc;
        this.transitions = transitions;
        this.moves = moves;
        this.providers = providers;
        this.calls = calls;
        this.clock = clock;
    }

    @Override
    @Transactional
    public Applied apply(String provider, UUID reference, PayoutOutcome outcome) {
        ProviderAdapter adapter = calls.adapters().get(provider);
        if (adapter == null || reference == null) {
            return Applied.UNKNOWN_REFERENCE;
        }
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT i.id, i.list_id, i.state, i.channel, i.attempts, i.checks, i.submitted_at, i.amount_minor, i.currency,
                       i.provider_reference, i.provider_txn_id, b.wallet_number, b.national_id, b.beneficiary_id,
                       EXISTS (SELECT 1 FROM ledger_entry e WHERE e.installment_id = i.id AND e.action = 'SWITCHED_TO_CASH'
                               AND e.list_id = i.list_id) AS switched,
                       EXISTS (SELECT 1 FROM ledger_entry e WHERE e.installment_id = i.id AND e.action = 'PAYOUT_SUBMITTED'
                               AND e.list_id = i.list_id) AS sent
                FROM installment i JOIN beneficiary b ON b.id = i.beneficiary_ref
                WHERE i.provider_reference = :reference OR i.id = (
                    SELECT r.installment_id FROM installment_reference r WHERE r.reference = :reference)
                FOR UPDATE OF i""",
                Map.of("reference", reference));
        rows = rows.stream().filter(r -> adapter.channel().name().equals(r.get("channel"))
                || Boolean.TRUE.equals(r.get("switched"))).toList();
        if (rows.isEmpty()) {
            // no payout to compare it with: counted as it came, never judged against an empty one (that would make
            // every confirmation a mismatch, and let an unknown reference's account fault pause the provider)
            calls.countCallback(provider, outcome);
            return Applied.UNKNOWN_REFERENCE;
        }
        Map<String, Object> row = rows.get(0);
        InstallmentState state = InstallmentState.valueOf((String) row.get("state"));
        UUID current = (UUID) row.get("provider_reference");
        var payout = new PayoutRequest(((Number) row.get("id")).longValue(), reference, (String) row.get("wallet_number"),
                ((Number) row.get("amount_minor")).longValue(), ((String) row.get("currency")).strip(),
                (String) row.get("provider_txn_id"), ((Number) row.get("attempts")).intValue(),
                (String) row.get("national_id"));
        PayoutOutcome judged = calls.judgeCallback(provider, payout, outcome);
        Instant now = clock.instant();
        if (!adapter.channel().name().equals(row.get("channel"))) {
            return afterSwitchToCash(provider, row, payout, judged, now);
        }
        if (!Boolean.TRUE.equals(row.get("sent"))) {
            return neverSent(provider, row, payout, state, judged, now);
        }
        if (!current.equals(reference)) {
            return earlierReference(provider, payout, state, current, judged, now);
        }
        boolean settles = judged instanceof PayoutOutcome.Confirmed || judged instanceof PayoutOutcome.Rejected
                || judged instanceof PayoutOutcome.Mismatch;
        boolean open = state == InstallmentState.SUBMITTED || state == InstallmentState.UNKNOWN
                || state == InstallmentState.PENDING;
        boolean settleable = settles && (state == InstallmentState.MANUAL_REVIEW || state == InstallmentState.READY);
        if (!open && !settleable) {
            return Applied.UNCHANGED;
        }
        Timestamp submitted = (Timestamp) row.get("submitted_at");
        var claimed = new Claimed(provider, state, payout.attempt(), ((Number) row.get("checks")).intValue(),
                submitted == null ? null : submitted.toInstant(), payout);
        Move move = transitions.afterCallback(claimed, judged, now, providers.require(provider));
        if (!move.changesState()) {
            return Applied.UNCHANGED;
        }
        return moves.apply(List.of(move), "callback:" + provider, now) > 0 ? Applied.CHANGED : Applied.UNCHANGED;
    }

    /**
     * A wallet payout switched to cash (the provider had said it had no such payout, or rejected it) is reported paid
     * after all: a flag in the ledger and the metrics, and the cash side cancels the voucher if nobody has redeemed it
     * (then the installment is CONFIRMED by the wallet payment). A redeemed voucher means it was paid twice: the flag
     * is what finance recovers from.
     */
    private Applied afterSwitchToCash(String provider, Map<String, Object> row, PayoutRequest payout, PayoutOutcome judged,
                                      Instant now) {
        if (!(judged instanceof PayoutOutcome.Confirmed confirmed)) {
            log.info("{} callback ({}) for installment {}, switched to cash since: nothing to do", provider,
                    judged.describe(), payout.installmentId());
            return Applied.UNCHANGED;
        }
        String txn = confirmed.providerTransactionId();
        String actor = "callback:" + provider;
        ledger.append(LedgerEntry.at(now).by(actor).action(LedgerAction.PAYOUT_PAID_AFTER_SWITCH)
                .list(((Number) row.get("list_id")).longValue()).installment(payout.installmentId())
                .beneficiary((String) row.get("beneficiary_id")).amount(payout.amountMinor(), payout.currency())
                .reference(payout.reference().toString())
                .detail(provider + " reports the wallet payout paid" + (txn == null ? "" : ", transaction " + txn)
                        + ", after it was switched to cash: its voucher is cancelled if unredeemed, else it was paid twice")
                .build());
        meters.counter("gateway.payouts.paid.after.switch", "provider", provider).increment();
        log.warn("{} reports installment {} paid by wallet after its switch to cash: a possible second payment",
                provider, payout.installmentId());
        events.publishEvent(new PaidAfterSwitch(payout.installmentId(), provider, payout.reference(), txn, actor));
        return Applied.CHANGED;
    }

    /**
     * A callback about an installment the gateway never sent (not released, or released and never claimed) settles
     * nothing, whatever it says: it is a flag for a person (a forged callback, or a provider confusing references).
     */
    private Applied neverSent(String provider, Map<String, Object> row, PayoutRequest payout, InstallmentState state,
                              PayoutOutcome judged, Instant now) {
        ledger.append(LedgerEntry.at(now).by("callback:" + provider).action(LedgerAction.CALLBACK_FLAGGED)
                .list(((Number) row.get("list_id")).longValue()).installment(payout.installmentId())
                .beneficiary((String) row.get("beneficiary_id")).amount(payout.amountMinor(), payout.currency())
                .reference(payout.reference().toString())
                .detail(provider + " sent a callback (" + judged.describe() + ") for a payout the gateway never sent (it is "
                        + state + "); nothing was changed")
                .build());
        meters.counter("gateway.callbacks.flagged", "provider", provider, "reason", "never_sent").increment();
        log.warn("{} callback for installment {}, which was never sent ({}): flagged, nothing changed", provider,
                payout.installmentId(), state);
        return Applied.UNCHANGED;
    }

    /**
     * A callback under a reference the installment has left (the provider held it as failed, and a later attempt
     * went under a new one). A failure there is old news; a payment or pending payout there is not believed either
     * way: an open installment goes to a person, since it may be paid twice.
     */
    private Applied earlierReference(String provider, PayoutRequest payout, InstallmentState state, UUID current,
                                     PayoutOutcome judged, Instant now) {
        boolean saysPaid = judged instanceof PayoutOutcome.Confirmed || judged instanceof PayoutOutcome.Pending
                || judged instanceof PayoutOutcome.Mismatch;
        if (!saysPaid || state.isFinal() && state != InstallmentState.CONFIRMED) {
            return Applied.UNCHANGED;
        }
        if (state == InstallmentState.CONFIRMED || state == InstallmentState.MANUAL_REVIEW) {
            log.warn("{} reports installment {} paid or pending under its earlier reference {} while it stands {}: check"
                    + " the provider statement for a second payment", provider, payout.installmentId(), payout.reference(), state);
            return Applied.UNCHANGED;
        }
        String detail = "the provider reports the payout " + judged.kind() + " under its earlier reference "
                + payout.reference() + ", which it had answered FAILED; attempts now go under " + current
                + ": check the provider statement before anything else";
        Move move = Move.of(payout.installmentId())
                .from(state).to(InstallmentState.MANUAL_REVIEW).failureCode("EARLIER_REFERENCE").reason(detail)
                .action(LedgerAction.PAYOUT_MANUAL_REVIEW).detail(detail).build();
        return moves.apply(List.of(move), "callback:" + provider, now) > 0 ? Applied.CHANGED : Applied.UNCHANGED;
    }
}
