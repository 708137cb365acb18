package org.opendisbursement.gateway.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Throughput and error rate per provider over the last minutes, as ops read them on the providers page: the
 * {@code gateway.payouts} counters of this instance are sampled every few seconds by the {@code console.traffic}
 * route, and a reading compares now with the sample about {@link #WINDOW} ago (or the oldest one, just after start).
 */
@Component
class ProviderTraffic {

    static final Duration WINDOW = Duration.ofMinutes(5);

    /** What the breaker counts as trouble: no answer at all, or an answer saying "try again". */
    private static final Set<String> TROUBLE = Set.of("unknown", "retryable");

    /** Totals of one provider at one moment. */
    record Totals(double calls, double sends, double confirmed, double trouble, double rejected) {

        static final Totals NONE = new Totals(0, 0, 0, 0, 0);

        Totals plus(Totals other) {
            return new Totals(calls + other.calls, sends + other.sends, confirmed + other.confirmed,
                    trouble + other.trouble, rejected + other.rejected);
        }

        Totals minus(Totals other) {
            return new Totals(calls - other.calls, sends - other.sends, confirmed - other.confirmed,
                    trouble - other.trouble, rejected - other.rejected);
        }
    }

    /** A reading for the page: per minute over {@code window}, and the share of calls that met trouble. */
    record Reading(Duration window, double sentPerMinute, double confirmedPerMinute, double errorRate, long calls,
                   long rejected) {

        public long minutes() {
            return Math.max(1, Math.round(window.toSeconds() / 60.0));
        }

        public String sentPerMinuteText() {
            return String.format(java.util.Locale.ROOT, "%.1f", sentPerMinute);
        }

        public String confirmedPerMinuteText() {
            return String.format(java.util.Locale.ROOT, "%.1f", confirmedPerMinute);
        }
    }

    private record Sample(Instant at, Map<String, Totals> byProvider) {
    }

    private final MeterRegistry meters;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();

    ProviderTraffic(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
        sample();
    }

    /** Takes a sample; called by the {@code console.traffic} route. */
    synchronized void sample() {
        Instant now = clock.instant();
        if (!samples.isEmpty() && samples.peekLast().at().isAfter(now)) {
            samples.clear(); // the clock went back (a test moved it): start afresh
        }
        samples.addLast(new Sample(now, read()));
        while (samples.size() > 2 && samples.peekFirst().at().isBefore(now.minus(WINDOW).minus(WINDOW))) {
            samples.removeFirst();
        }
    }

    /** The reading of one provider now. */
    synchronized Reading of(String provider) {
        Instant now = clock.instant();
        Sample base = samples.peekFirst();
        for (Sample sample : samples) {
            if (!sample.at().isAfter(now.minus(WINDOW))) {
                base = sample;
            }
        }
        Totals delta = read().getOrDefault(provider, Totals.NONE)
                .minus(base == null ? Totals.NONE : base.byProvider().getOrDefault(provider, Totals.NONE));
        Duration window = base == null || base.at().isAfter(now) ? Duration.ZERO : Duration.between(base.at(), now);
        double minutes = Math.max(window.toMillis(), 1000) / 60_000.0;
        double errorRate = delta.calls() <= 0 ? 0 : delta.trouble() / delta.calls();
        return new Reading(window, Math.max(0, delta.sends() / minutes), Math.max(0, delta.confirmed() / minutes),
                errorRate, Math.round(delta.calls()), Math.round(delta.rejected()));
    }

    private Map<String, Totals> read() {
        Map<String, Totals> totals = new HashMap<>();
        for (Counter counter : meters.find("gateway.payouts").counters()) {
            String provider = counter.getId().getTag("provider");
            String operation = counter.getId().getTag("operation");
            String outcome = counter.getId().getTag("outcome");
            if (provider == null || outcome == null) {
                continue;
            }
            double n = counter.count();
            boolean call = "send".equals(operation) || "query".equals(operation);
            Totals one = new Totals(call ? n : 0, "send".equals(operation) ? n : 0, "confirmed".equals(outcome) ? n : 0,
                    call && TROUBLE.contains(outcome) ? n : 0, "rejected".equals(outcome) ? n : 0);
            totals.merge(provider, one, Totals::plus);
        }
        return totals;
    }
}
