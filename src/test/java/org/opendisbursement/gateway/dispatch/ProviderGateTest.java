package org.opendisbursement.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.DispatchRunning;
import org.opendisbursement.gateway.support.GatewayTest;
import org.springframework.beans.factory.annotation.Autowired;

/** The breaker and the pause hold a provider's payouts back before they are claimed, so no attempt is spent. */
@GatewayTest
class ProviderGateTest {

    @Autowired
    ProviderGate gate;

    @Autowired
    ProviderControl control;

    @AfterEach
    void closeTheBreaker() {
        gate.circuitBreaker("mtn").reset();
        control.setPaused("mtn", false, "test", null);
    }

    @Test
    void anOpenBreakerGivesNoCapacityUntilItHalfOpensThenClosesOnSuccess() throws Exception {
        var breaker = gate.circuitBreaker("mtn");
        breaker.reset(); // the shared application's breaker may still count failures an earlier test caused
        assertThat(gate.sendCapacity("mtn", 10)).isEqualTo(10);
        for (int i = 0; i < 20; i++) {
            breaker.onError(1, TimeUnit.MILLISECONDS, new IllegalStateException("503"));
        }
        assertThat(gate.breaker("mtn")).isEqualTo(ProviderGate.Breaker.OPEN);
        assertThat(gate.sendCapacity("mtn", 10)).isZero();
        assertThat(gate.mayQuery("mtn")).isFalse();

        DispatchRunning.await("half-open", Duration.ofSeconds(10), () -> gate.breaker("mtn") == ProviderGate.Breaker.HALF_OPEN);
        assertThat(gate.sendCapacity("mtn", 10)).as("a few trial payouts").isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            breaker.onSuccess(1, TimeUnit.MILLISECONDS);
        }
        assertThat(gate.breaker("mtn")).isEqualTo(ProviderGate.Breaker.CLOSED);
    }

    @Test
    void aPausedProviderGetsNoPayoutsAndNoQueries() {
        control.setPaused("mtn", true, "ops", "MTN maintenance window");
        assertThat(gate.sendCapacity("mtn", 10)).isZero();
        assertThat(gate.mayQuery("mtn")).isFalse();
        control.setPaused("mtn", false, "ops", null);
        assertThat(gate.sendCapacity("mtn", 10)).isEqualTo(10);
    }
}
