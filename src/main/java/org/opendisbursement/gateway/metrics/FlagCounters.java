package org.opendisbursement.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.opendisbursement.gateway.dispatch.ProviderAdapter;
import org.opendisbursement.gateway.dispatch.ProviderCalls;
import org.springframework.stereotype.Component;

/**
 * The counters of the two payment flags (dispatch's {@code DispatchCallbacks}: a wallet payout reported paid after its
 * switch to cash, a callback about a payout never sent) exist from the start, at 0, for every provider. A counter
 * that appears only with its first event is never seen to increase by Prometheus ({@code increase()} needs an earlier
 * sample), so the alerts WalletPaidAfterSwitchToCash and CallbackForPayoutNeverSent would miss the first flag, and
 * the dashboard would have no series to show until then. Registering the same name and tags returns the same counter.
 */
@Component
class FlagCounters {

    FlagCounters(MeterRegistry meters, ProviderCalls calls) {
        for (ProviderAdapter adapter : calls.adapters().values()) {
            meters.counter("gateway.payouts.paid.after.switch", "provider", adapter.name());
            meters.counter("gateway.callbacks.flagged", "provider", adapter.name(), "reason", "never_sent");
        }
    }
}
