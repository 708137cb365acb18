package org.opendisbursement.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker every provider gets, built from {@link ProviderGate#breakerConfig}: 50 % failures over a window of
 * 20 calls (judged from 10 calls on) open it; after the wait it lets 3 trial calls through, which close or reopen it.
 */
class ProviderBreakerTest {

    private static final Duration OPEN_FOR = Duration.ofSeconds(1);

    private final CircuitBreaker breaker = CircuitBreaker.of("test", ProviderGate.breakerConfig(
            new DispatchProperties(true, 100, Duration.ofSeconds(5), Duration.ofSeconds(1), 500, 64, Duration.ofSeconds(30), 50, 20, OPEN_FOR)));

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            breaker.onError(1, TimeUnit.MILLISECONDS, new IllegalStateException("503"));
        }
    }

    private void succeed(int times) {
        for (int i = 0; i < times; i++) {
            breaker.onSuccess(1, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void opensOnlyOnceHalfTheCallsInTheWindowFailed() {
        fail(9);
        assertThat(breaker.getState()).as("fewer than half a window of calls: not judged yet").isEqualTo(State.CLOSED);
        fail(1);
        assertThat(breaker.getState()).isEqualTo(State.OPEN);
        assertThat(breaker.tryAcquirePermission()).isFalse();
    }

    @Test
    void opensAtTheConfiguredRateNotBelowIt() {
        succeed(6);
        fail(4);
        assertThat(breaker.getState()).as("4 of 10 calls failed").isEqualTo(State.CLOSED);
        succeed(20);
        fail(9);
        assertThat(breaker.getState()).as("9 of the last 20 failed, 45 percent").isEqualTo(State.CLOSED);
        fail(1);
        assertThat(breaker.getState()).as("10 of the last 20 failed, 50 percent").isEqualTo(State.OPEN);
    }

    @Test
    void halfOpensAfterTheWaitAndClosesAfterThreeTrialSuccesses() {
        fail(10);
        assertThat(breaker.getState()).isEqualTo(State.OPEN);
        await("stays open for most of the wait").during(OPEN_FOR.dividedBy(2)).atMost(OPEN_FOR.multipliedBy(3).dividedBy(4))
                .until(() -> breaker.getState() == State.OPEN);
        await("half-open once the wait is over").atMost(Duration.ofSeconds(5))
                .until(() -> breaker.getState() == State.HALF_OPEN);

        for (int i = 0; i < 3; i++) {
            assertThat(breaker.tryAcquirePermission()).as("trial call %d", i + 1).isTrue();
        }
        assertThat(breaker.tryAcquirePermission()).as("no fourth trial call").isFalse();
        succeed(2);
        assertThat(breaker.getState()).isEqualTo(State.HALF_OPEN);
        succeed(1);
        assertThat(breaker.getState()).isEqualTo(State.CLOSED);
    }

    @Test
    void reopensWhenTheTrialCallsFail() {
        fail(10);
        await().atMost(Duration.ofSeconds(5)).until(() -> breaker.getState() == State.HALF_OPEN);

        succeed(1);
        fail(2);

        assertThat(breaker.getState()).isEqualTo(State.OPEN);
    }
}
