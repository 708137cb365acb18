package org.opendisbursement.gateway.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.opendisbursement.gateway.installments.Move;
import org.opendisbursement.gateway.installments.Moves;
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

    /**
     * Installments this instance has claimed for a payout and not yet recorded an answer for, with when: a status
     * query must never overtake a payout still under way here (bKash, Nagad cannot be asked about a payout whose
     * answer is still to come, and would hand it to a person). Another instance stays away through the lease
     * ({@link #leaseFor}). An entry older than {@link #FORGET_AFTER} is ignored (a batch lost to an error).
     */
    private final Map<Long, Instant> sending = new ConcurrentHashMap<>();
    private static final Duration FORGET_AFTER = Duration.ofMinutes(15);

    /**
     * Claims READY installments of every callable provider (SUBMITTED, with ledger entries, before any call), each
     * within its provider's pace shared by every instance; {@link ProviderGate#awaitSlot} then holds each payout until
     * its slot.
     */
    public List<Claimed> claimSends() {
        Instant now = clock.instant();
        List<Claimed> claimed = new ArrayList<>();
        for (ProviderAdapter adapter : calls.adapters().values()) {
            String provider = adapter.name();
            int capacity = gate.sendCapacity(provider, properties.batchSize());
            if (capacity > 0) {
                ProviderSettings settings = providers.require(provider);
                Instant checkAt = now.plus(leaseFor(adapter, settings));
                DispatchQueue.Batch paced = queue.claimReady(provider, adapter.channel().name(), capacity, settings,
                        properties.paceWindow(), now, checkAt);
                List<Claimed> batch = paced.claimed();
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
                gate.scheduled(paced);
                batch.forEach(c -> sending.put(c.installmentId(), now));
                claimed.addAll(batch);
            }
        }
        return claimed;
    }

    /**
     * The wallet channels whose provider may be called now (not paused, breaker not open): {@code awaiting} for status
     * queries, otherwise for payouts. {@link DispatchWake} looks only at their due times.
     */
    List<String> callableChannels(boolean awaiting) {
        List<String> channels = new ArrayList<>();
        for (ProviderAdapter adapter : calls.adapters().values()) {
            boolean callable = awaiting ? gate.mayQuery(adapter.name()) : gate.sendCapacity(adapter.name(), 1) > 0;
            if (callable) {
                channels.add(adapter.channel().name());
            }
        }
        return channels;
    }

    /** Leases installments awaiting an answer, for a status query. */
    public List<Claimed> claimChecks() {
        Instant now = clock.instant();
        Instant stale = now.minus(FORGET_AFTER);
        Long[] underway = sending.entrySet().stream().filter(e -> e.getValue().isAfter(stale))
                .map(Map.Entry::getKey).toArray(Long[]::new);
        List<Claimed> claimed = new ArrayList<>();
        for (ProviderAdapter adapter : calls.adapters().values()) {
            String provider = adapter.name();
            if (gate.mayQuery(provider)) {
                ProviderSettings settings = providers.require(provider);
                Instant leaseUntil = now.plus(leaseFor(adapter, settings));
                claimed.addAll(queue.claimAwaiting(provider, adapter.channel().name(),
                        Math.min(properties.batchSize(), settings.maxInFlight()), now, leaseUntil, underway));
            }
        }
        return claimed;
    }

    /** Records what the providers said, in one transaction. */
    public int record(List<Move> decided) {
        try {
            return moves.apply(decided, "dispatch", clock.instant());
        } finally {
            decided.forEach(move -> sending.remove(move.installmentId()));
            if (sending.size() > 100_000) {
                Instant stale = clock.instant().minus(FORGET_AFTER);
                sending.values().removeIf(since -> since.isBefore(stale));
            }
        }
    }

    /**
     * How long a claimed payout is left alone before a status query may ask after it: every HTTP call the adapter
     * makes for one payout may take its connect and read timeouts, the batch's calls may queue for the dispatch
     * threads once, and the answer margin covers recording.
     */
    Duration leaseFor(ProviderAdapter adapter, ProviderSettings settings) {
        Duration oneCall = settings.connectTimeout().plus(settings.readTimeout());
        return oneCall.multipliedBy(2L * Math.max(1, adapter.callsPerPayout())).plus(properties.answerMargin());
    }
}
