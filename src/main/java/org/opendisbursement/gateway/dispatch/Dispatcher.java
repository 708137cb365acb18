package org.opendisbursement.gateway.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The database side of the dispatch routes: what to send or query now, across every provider that may be called,
 * and recording the batch of moves that came back.
 */
@Component("dispatcher")
public class Dispatcher {

    private final ProviderCalls calls;
    private final ProviderGate gate;
    private final DispatchQueue queue;
    private final Moves moves;
    private final Transitions transitions;
    private final ProvidersProperties providers;
    private final DispatchProperties properties;
    private final Clock clock;

    Dispatcher(ProviderCalls calls, ProviderGate gate, DispatchQueue queue, Moves moves, Transitions transitions,
               ProvidersProperties providers, DispatchProperties properties, Clock clock) {
        this.calls = calls;
        this.gate = gate;
        this.queue = queue;
        this.moves = moves;
        this.transitions = transitions;
        this.providers = providers;
        this.properties = properties;
        this.clock = clock;
    }

    /** Claims READY installments of every callable provider (SUBMITTED, with ledger entries, before any call). */
    public List<Claimed> claimSends() {
        Instant now = clock.instant();
        List<Claimed> claimed = new ArrayList<>();
        for (ProviderAdapter adapter : calls.adapters().values()) {
            String provider = adapter.name();
            int capacity = gate.sendCapacity(provider, properties.batchSize());
            if (capacity > 0) {
                ProviderSettings settings = providers.require(provider);
                Instant checkAt = now.plus(settings.connectTimeout()).plus(settings.readTimeout()).plus(properties.answerMargin());
                List<Claimed> batch = queue.claimReady(provider, adapter.channel().name(), capacity, now, checkAt);
                if (!batch.isEmpty()) {
                    var fault = calls.readyToPay(provider, batch);
                    if (fault.isPresent()) {
                        // held before any call: back to READY, attempts given back, the provider paused
                        ProviderSettings held = providers.require(provider);
                        moves.apply(batch.stream().map(c -> transitions.afterSend(c, fault.get(), now, held)).toList(),
                                "dispatch", now);
                        continue;
                    }
                }
                gate.outstanding(provider).addAndGet(batch.size());
                claimed.addAll(batch);
            }
        }
        return claimed;
    }

    /** Leases installments awaiting an answer, for a status query. */
    public List<Claimed> claimChecks() {
        Instant now = clock.instant();
        List<Claimed> claimed = new ArrayList<>();
        for (ProviderAdapter adapter : calls.adapters().values()) {
            String provider = adapter.name();
            if (gate.mayQuery(provider)) {
                ProviderSettings settings = providers.require(provider);
                Instant leaseUntil = now.plus(settings.connectTimeout()).plus(settings.readTimeout()).plus(properties.answerMargin());
                claimed.addAll(queue.claimAwaiting(provider, adapter.channel().name(),
                        Math.min(properties.batchSize(), settings.maxInFlight()), now, leaseUntil));
            }
        }
        return claimed;
    }

    /** Records what the providers said, in one transaction. */
    public int record(List<Move> decided) {
        return moves.apply(decided, "dispatch", clock.instant());
    }
}
