package org.opendisbursement.gateway.dispatch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code disbursement.dispatch.*}: when dispatch looks for work (woken by the database, see {@link DispatchWake}), how
 * much it takes at once, how far ahead it takes a provider's rate-limit slots, how many provider calls run in parallel,
 * and the circuit breaker shared by every provider.
 */
@ConfigurationProperties("disbursement.dispatch")
public record DispatchProperties(
        @DefaultValue("true") boolean enabled,
        /* work is due but could not be taken now (in-flight cap or pace window full): look again after this */
        @DefaultValue("100") long pollMs,
        /* with nothing to do, look anyway this often (a missed wake, a breaker that half-opened, a clock moved) */
        @DefaultValue("5s") Duration safetyPoll,
        /* a claim takes a rate-limited provider's send slots at most this far ahead (shared by every instance) */
        @DefaultValue("1s") Duration paceWindow,
        @DefaultValue("500") int batchSize,
        @DefaultValue("64") int threads,
        /* a claimed payout with no recorded answer is queried after the call's timeouts plus this margin */
        @DefaultValue("30s") Duration answerMargin,
        @DefaultValue("50") float breakerFailureRatePercent,
        @DefaultValue("20") int breakerWindow,
        @DefaultValue("30s") Duration breakerOpenFor) {
}
