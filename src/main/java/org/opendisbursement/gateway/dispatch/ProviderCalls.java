package org.opendisbursement.gateway.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.opendisbursement.gateway.installments.Move;
import org.opendisbursement.gateway.intake.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Calls an adapter for one claimed installment and turns its answer into a {@link Move}: counts it in flight,
 * times it, feeds the circuit breaker, and meters the outcome (tags: provider, operation, outcome; nothing else).
 * An adapter that throws despite its contract is treated as an unknown answer, never as a failure.
 *
 * <p>Plain Java, not Camel EIPs, and no route per provider: the split of {@code dispatch.send} and
 * {@code dispatch.check} ({@code routes/dispatch.yaml}) calls {@link #send} and {@link #query} as a bean. The rate
 * limit, the in-flight limit and the circuit breaker are kept in {@link ProviderGate} because the claim decision
 * ({@link Dispatcher} asks the gate how many payouts a provider may take before it claims any) must read the very
 * state the calls update; Camel's {@code circuitBreaker} and {@code throttle} would keep that state inside a route,
 * out of the claim's reach. Forwarding routes ({@code direct:provider.<name>.send}) added a hop and nothing else,
 * so there are none.
 */
@Component("providerCalls")
public class ProviderCalls {

    private static final Logger log = LoggerFactory.getLogger(ProviderCalls.class);

    private final Map<String, ProviderAdapter> adapters;
    private final ProvidersProperties providers;
    private final ProviderGate gate;
    private final ProviderPauses pauses;
    private final Transitions transitions;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    ProviderCalls(List<ProviderAdapter> adapters, ProvidersProperties providers, ProviderGate gate, ProviderPauses pauses,
                  Transitions transitions, Clock clock, MeterRegistry meters) {
        this.adapters = adapters.stream().collect(Collectors.toMap(ProviderAdapter::name, Function.identity()));
        this.providers = providers;
        this.gate = gate;
        this.pauses = pauses;
        this.transitions = transitions;
        this.clock = clock;
        this.meters = meters;
        for (String provider : this.adapters.keySet()) {
            Gauge.builder("gateway.provider.in_flight", () -> gate.inFlight(provider).get())
                    .description("provider calls under way").tag("provider", provider).register(meters);
            Gauge.builder("gateway.provider.breaker_state", () -> gate.breaker(provider).ordinal())
                    .description("circuit breaker: 0 closed, 1 open, 2 half-open").tag("provider", provider).register(meters);
            Gauge.builder("gateway.provider.paused", () -> gate.isPaused(provider) ? 1 : 0)
                    .description("1 while the provider is paused (by ops or for an account fault)").tag("provider", provider)
                    .register(meters);
            Gauge.builder("gateway.provider.paused_by_fault", () -> gate.pause(provider).byFault() ? 1 : 0)
                    .description("1 while the gateway holds the provider paused for a fault of its account there")
                    .tag("provider", provider).register(meters);
        }
    }

    public Map<String, ProviderAdapter> adapters() {
        return adapters;
    }

    public Optional<ProviderAdapter> adapterFor(Channel channel) {
        return adapters.values().stream().filter(a -> a.channel() == channel).findFirst();
    }

    /**
     * The payout call for a claimed (SUBMITTED) installment. If the provider was paused meanwhile (an account fault
     * in the same batch), it is not called: the payout goes back READY with its attempt given back.
     */
    public Move send(Claimed claimed) throws InterruptedException {
        try {
            ProviderAdapter ready = adapters.get(claimed.provider());
            if (ready != null && !gate.isPaused(claimed.provider())) {
                ready.prepare(); // a token granted now, not between the slot and the call
            }
            gate.awaitSlot(claimed);
            ProviderGate.Pause pause = gate.pause(claimed.provider());
            if (pause.paused()) {
                return transitions.afterSend(claimed, new PayoutOutcome.AccountFault(
                        pause.faultCode() == null ? "PAUSED" : pause.faultCode(),
                        "the provider was paused before this payout was sent"), clock.instant(),
                        providers.require(claimed.provider()));
            }
            PayoutOutcome outcome = call(claimed, "send");
            return transitions.afterSend(claimed, outcome, clock.instant(), providers.require(claimed.provider()));
        } finally {
            gate.sent();
        }
    }

    /**
     * Asks {@code provider}'s adapter whether a claimed batch may go ({@link ProviderAdapter#readyToPay}); a fault
     * pauses the provider.
     */
    Optional<PayoutOutcome.AccountFault> readyToPay(String provider, List<Claimed> batch) {
        ProviderAdapter adapter = adapters.get(provider);
        Optional<PayoutOutcome.AccountFault> fault;
        try {
            fault = adapter.readyToPay(batch.stream().map(Claimed::request).toList());
        } catch (RuntimeException e) {
            log.error("{} adapter failed checking the account before a batch: {}", provider, e.toString());
            fault = Optional.empty();
        }
        fault.ifPresent(f -> {
            counter(provider, "account_check", f.kind()).increment();
            pauses.pauseForFault(provider, f, clock.instant());
        });
        return fault;
    }

    /** The status query for a leased installment awaiting an answer. */
    public Move query(Claimed claimed) {
        PayoutOutcome outcome = call(claimed, "query");
        return transitions.afterQuery(claimed, outcome, clock.instant(), providers.require(claimed.provider()));
    }

    /**
     * Asks the provider where a payout stands, outside dispatch (e.g. before a switch to cash): its judged answer,
     * counted as a query, with nothing decided or recorded.
     */
    public PayoutOutcome ask(Claimed claimed) {
        return call(claimed, "query");
    }

    private PayoutOutcome call(Claimed claimed, String operation) {
        String provider = claimed.provider();
        ProviderAdapter adapter = adapter(claimed);
        var inFlight = gate.inFlight(provider);
        var breaker = gate.circuitBreaker(provider);
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        PayoutOutcome outcome;
        try {
            outcome = "send".equals(operation) ? adapter.send(claimed.request()) : adapter.query(claimed.request());
            if (outcome == null) {
                outcome = new PayoutOutcome.Unknown("the " + provider + " adapter gave no answer");
            }
        } catch (RuntimeException e) {
            log.error("{} adapter failed on {} of installment {}: {}", provider, operation, claimed.installmentId(), e.toString());
            outcome = new PayoutOutcome.Unknown("adapter error: " + e.getClass().getSimpleName());
        } finally {
            inFlight.decrementAndGet();
        }
        long nanos = System.nanoTime() - start;
        outcome = judged(provider, claimed.request(), outcome);
        if (outcome instanceof PayoutOutcome.Unknown || outcome instanceof PayoutOutcome.Retryable) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new ProviderTrouble(outcome.kind()));
        } else {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
        timer(provider, operation).record(nanos, TimeUnit.NANOSECONDS);
        counter(provider, operation, outcome.kind()).increment();
        return outcome;
    }

    private ProviderAdapter adapter(Claimed claimed) {
        ProviderAdapter adapter = adapters.get(claimed.provider());
        if (adapter == null) {
            throw new IllegalStateException("no adapter for provider " + claimed.provider());
        }
        return adapter;
    }

    private Counter counter(String provider, String operation, String outcome) {
        return counters.computeIfAbsent(provider + '|' + operation + '|' + outcome, key -> Counter.builder("gateway.payouts")
                .description("provider answers by provider, operation (send, query, callback) and outcome")
                .tag("provider", provider).tag("operation", operation).tag("outcome", outcome).register(meters));
    }

    /**
     * What a callback said, judged like any answer: compared with the payout, and an account fault pauses the
     * provider. Counted under operation {@code callback}.
     */
    PayoutOutcome judgeCallback(String provider, PayoutRequest payout, PayoutOutcome outcome) {
        PayoutOutcome judged = judged(provider, payout, outcome);
        countCallback(provider, judged);
        return judged;
    }

    /** Counts a callback under operation {@code callback} as it came (one for no known payout: nothing to judge it by). */
    void countCallback(String provider, PayoutOutcome outcome) {
        counter(provider, "callback", outcome.kind()).increment();
    }

    /**
     * Verify before believing ({@link PayoutCheck}); an account fault pauses the provider (once), so no other
     * beneficiary spends an attempt on it.
     */
    private PayoutOutcome judged(String provider, PayoutRequest payout, PayoutOutcome outcome) {
        PayoutOutcome checked = PayoutCheck.check(payout, outcome);
        if (checked instanceof PayoutOutcome.Mismatch mismatch) {
            log.warn("{} answer for installment {} disagrees with the payout ({}): not believed", provider,
                    payout.installmentId(), mismatch.fields());
        }
        if (checked instanceof PayoutOutcome.AccountFault fault) {
            pauses.pauseForFault(provider, fault, clock.instant());
        }
        return checked;
    }

    private Timer timer(String provider, String operation) {
        return timers.computeIfAbsent(provider + '|' + operation, key -> Timer.builder("gateway.provider.latency")
                .description("provider call latency").tag("provider", provider).tag("operation", operation)
                .publishPercentileHistogram().register(meters));
    }

    /** What the breaker counts as a failure: the provider answered with trouble, or not at all. */
    private static final class ProviderTrouble extends RuntimeException {
        ProviderTrouble(String kind) {
            super(kind, null, false, false);
        }
    }
}
