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
import org.opendisbursement.gateway.ledger.LedgerAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies what a provider's callback says to the installment under that reference, under a row lock, through the
 * same state machine as status queries, after comparing what it says with the payout ({@link PayoutCheck}): a
 * callback whose amount, currency, payee or reference disagrees sends the installment to a person. Final
 * installments never change; a confirmation or rejection may still settle one that waits in MANUAL_REVIEW or was
 * put back READY after a "not found".
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

    DispatchCallbacks(NamedParameterJdbcTemplate jdbc, Transitions transitions, Moves moves, ProvidersProperties providers,
                      ProviderCalls calls, Clock clock) {
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
                SELECT i.id, i.state, i.attempts, i.checks, i.submitted_at, i.amount_minor, i.currency,
                       i.provider_reference, i.provider_txn_id, b.wallet_number, b.national_id
                FROM installment i JOIN beneficiary b ON b.id = i.beneficiary_ref
                WHERE i.channel = :channel AND (i.provider_reference = :reference OR i.id = (
                    SELECT r.installment_id FROM installment_reference r WHERE r.reference = :reference))
                FOR UPDATE OF i""",
                Map.of("reference", reference, "channel", adapter.channel().name()));
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
