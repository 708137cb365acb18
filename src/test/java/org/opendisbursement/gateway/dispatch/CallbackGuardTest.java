package org.opendisbursement.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackGuardTest {

    private static CallbackGuard guard(List<String> allowList) {
        var settings = new ProviderSettings(true, "http://provider", Map.of(), 0, 8, 3, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofHours(1), "s3cret",
                allowList, "http://gateway");
        return new CallbackGuard(new ProvidersProperties(Map.of("mtn", settings)));
    }

    @Test
    void admitsOnlyTheRightSecretForTheRightProvider() {
        CallbackGuard guard = guard(List.of());
        assertThat(guard.admits("mtn", "s3cret", "10.0.0.1")).isTrue();
        assertThat(guard.admits("mtn", "s3cre", "10.0.0.1")).isFalse();
        assertThat(guard.admits("mtn", null, "10.0.0.1")).isFalse();
        assertThat(guard.admits("mpesa", "s3cret", "10.0.0.1")).as("no secret configured").isFalse();
    }

    @Test
    void admitsOnlyAddressesOnTheAllowList() {
        CallbackGuard guard = guard(List.of("196.201.214.0/24", "10.1.2.3"));
        assertThat(guard.admits("mtn", "s3cret", "196.201.214.200")).isTrue();
        assertThat(guard.admits("mtn", "s3cret", "10.1.2.3")).isTrue();
        assertThat(guard.admits("mtn", "s3cret", "196.201.215.1")).isFalse();
        assertThat(guard.admits("mtn", "s3cret", "10.1.2.4")).isFalse();
    }

    @Test
    void matchesCidrBlocksBitByBit() {
        assertThat(CallbackGuard.matches("192.168.0.0/23", "192.168.1.77")).isTrue();
        assertThat(CallbackGuard.matches("192.168.0.0/23", "192.168.2.1")).isFalse();
        assertThat(CallbackGuard.matches("::1", "::1")).isTrue();
        assertThat(CallbackGuard.matches("10.0.0.0/8", "::1")).isFalse();
        assertThat(CallbackGuard.matches("not an address/99", "10.0.0.1")).isFalse();
    }
}
