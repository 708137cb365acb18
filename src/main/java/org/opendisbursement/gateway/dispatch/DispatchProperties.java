package org.opendisbursement.gateway.dispatch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code disbursement.dispatch.*}: how often dispatch looks for work, how much it takes at once, how many provider
 * calls run in parallel, and the circuit breaker shared by every provider.
 */
@ConfigurationProperties("disbursement.dispatch")
public record DispatchProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("100") long pollMs,
        @DefaultValue("500") int batchSize,
        @DefaultValue("64") int threads,
        /* a claimed payout with no recorded answer is queried after the call's timeouts plus this margin */
        @DefaultValue("30s") Duration answerMargin,
        @DefaultValue("50") float breakerFailureRatePercent,
        @DefaultValue("20") int breakerWindow,
        @DefaultValue("30s") Duration breakerOpenFor) {
}
