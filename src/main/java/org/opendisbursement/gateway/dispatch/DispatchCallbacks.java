package org.opendisbursement.gateway.dispatch;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies what a provider's callback says to the installment under that reference, under a row lock, through the
 * same state machine as status queries. Final installments never change; a confirmation or rejection may still
 * settle one that waits in MANUAL_REVIEW or was put back READY after a "not found".
 */
@Component
class DispatchCallbacks implements PayoutCallbacks {

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
        calls.countCallback(provider, outcome);
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT id, state, attempts, checks, submitted_at FROM installment
                WHERE provider_reference = :reference AND channel = :channel FOR UPDATE""",
                Map.of("reference", reference, "channel", adapter.channel().name()));
        if (rows.isEmpty()) {
            return Applied.UNKNOWN_REFERENCE;
        }
        Map<String, Object> row = rows.get(0);
        InstallmentState state = InstallmentState.valueOf((String) row.get("state"));
        boolean settles = outcome instanceof PayoutOutcome.Confirmed || outcome instanceof PayoutOutcome.Rejected;
        boolean open = state == InstallmentState.SUBMITTED || state == InstallmentState.UNKNOWN
                || state == InstallmentState.PENDING;
        boolean settleable = settles && (state == InstallmentState.MANUAL_REVIEW || state == InstallmentState.READY);
        if (!open && !settleable) {
            return Applied.UNCHANGED;
        }
        Instant now = clock.instant();
        Timestamp submitted = (Timestamp) row.get("submitted_at");
        var request = new PayoutRequest(((Number) row.get("id")).longValue(), reference, null, 0, null, null,
                ((Number) row.get("attempts")).intValue());
        var claimed = new Claimed(provider, state, request.attempt(), ((Number) row.get("checks")).intValue(),
                submitted == null ? null : submitted.toInstant(), request);
        Move move = transitions.afterCallback(claimed, outcome, now, providers.require(provider));
        if (!move.changesState()) {
            return Applied.UNCHANGED;
        }
        return moves.apply(List.of(move), "callback:" + provider, now) > 0 ? Applied.CHANGED : Applied.UNCHANGED;
    }
}
