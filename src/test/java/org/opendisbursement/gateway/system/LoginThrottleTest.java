package org.opendisbursement.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** A clock that moves only when told. */
    private static final class Hands extends Clock {
        private Instant now = Instant.parse("2026-12-01T08:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Hands clock = new Hands();
    private final List<LoginLockedOut> published = new ArrayList<>();
    private final LoginThrottle throttle = new LoginThrottle(new LoginLimits(3, 5, Duration.ofMinutes(15),
            Duration.ofMinutes(10)), clock, event -> published.add((LoginLockedOut) event));

    private boolean fail(String user, String address) {
        return throttle.failed(user, address, "GET", "/api/payment-lists").isPresent();
    }

    @Test
    void aUserNameIsLockedOutAfterItsFailuresThenFreeAgainAfterTheLockout() {
        assertThat(fail("maker", "10.0.0.1")).isFalse();
        assertThat(fail("Maker", "10.0.0.2")).as("names without case").isFalse();
        assertThat(throttle.lockedUntil("maker", "10.0.0.3")).isEmpty();
        assertThat(fail("maker", "10.0.0.3")).as("the third starts the lockout").isTrue();
        Instant until = throttle.lockedUntil("MAKER", "10.0.0.9").orElseThrow();
        assertThat(Duration.between(clock.instant(), until)).isEqualTo(Duration.ofMinutes(10));
        assertThat(throttle.lockedUntil("checker", "10.0.0.9")).as("other users are not locked").isEmpty();

        assertThat(published).singleElement().satisfies(lockout -> {
            assertThat(lockout.scope()).isEqualTo(LoginLockedOut.Scope.USER);
            assertThat(lockout.username()).isEqualTo("maker");
            assertThat(lockout.address()).isEqualTo("10.0.0.3");
            assertThat(lockout.failures()).isEqualTo(3);
            assertThat(lockout.until()).isEqualTo(until);
            assertThat(lockout.path()).isEqualTo("/api/payment-lists");
        });
        assertThat(fail("maker", "10.0.0.3")).as("a refused attempt during the lockout starts nothing new").isFalse();
        assertThat(published).hasSize(1);

        clock.advance(Duration.ofMinutes(10));
        assertThat(throttle.lockedUntil("maker", "10.0.0.1")).isEmpty();
        assertThat(fail("maker", "10.0.0.1")).as("counting starts again").isFalse();
    }

    @Test
    void failuresOlderThanTheWindowAreForgottenAndASuccessClearsTheUsersCount() {
        fail("ops", "10.0.1.1");
        fail("ops", "10.0.1.1");
        clock.advance(Duration.ofMinutes(16));
        assertThat(fail("ops", "10.0.1.1")).as("a new window").isFalse();
        fail("ops", "10.0.1.1");
        throttle.succeeded("ops");
        assertThat(fail("ops", "10.0.1.1")).isFalse();
        assertThat(fail("ops", "10.0.1.1")).isFalse();
        assertThat(throttle.lockedUntil("ops", "10.0.1.2")).isEmpty();
    }

    @Test
    void anAddressGuessingManyNamesIsLockedOutForEveryName() {
        for (int i = 1; i < 5; i++) {
            assertThat(fail("user" + i, "192.0.2.7")).isFalse();
        }
        assertThat(fail("user5", "192.0.2.7")).isTrue();
        assertThat(published).singleElement().satisfies(lockout -> {
            assertThat(lockout.scope()).isEqualTo(LoginLockedOut.Scope.ADDRESS);
            assertThat(lockout.address()).isEqualTo("192.0.2.7");
        });
        assertThat(throttle.lockedUntil("auditor", "192.0.2.7")).as("even a name it never tried").isPresent();
        assertThat(throttle.lockedUntil("auditor", "192.0.2.8")).isEmpty();
        throttle.succeeded("user1");
        assertThat(throttle.lockedUntil("user1", "192.0.2.7")).as("a success does not clear the address").isPresent();
    }

    @Test
    void whatIsLoggedHasNoLineBreaksAndIsCut() {
        assertThat(LoginThrottle.printable("evil\r\nINFO forged")).isEqualTo("evil??INFO forged");
        assertThat(LoginThrottle.printable("x".repeat(100))).hasSize(64);
    }
}
