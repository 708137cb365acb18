package org.opendisbursement.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CallbackGuardTest {

    private static CallbackGuard guard(List<String> allowList) {
        var settings = new ProviderSettings(true, "http://provider", Map.of(), 0, 8, 3, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofHours(1), "s3cret",
                allowList, "http://gateway");
        return new CallbackGuard(new ProvidersProperties(Map.of("mtn", settings)), 65536);
    }

    private static final UUID PAYOUT = UUID.fromString("7d4f2c1e-0b7a-4c55-9a36-1f0e2d3c4b5a");

    @Test
    void admitsOnlyThePayoutsOwnTokenForTheRightProvider() {
        CallbackGuard guard = guard(List.of());
        String token = guard.tokenFor("mtn", PAYOUT);
        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+").doesNotContain("s3cret");
        assertThat(guard.admits("mtn", PAYOUT, token, "10.0.0.1")).isTrue();
        assertThat(guard.admits("mtn", UUID.randomUUID(), token, "10.0.0.1")).as("another payout").isFalse();
        assertThat(guard.admits("mtn", PAYOUT, "s3cret", "10.0.0.1")).as("the secret itself").isFalse();
        assertThat(guard.admits("mtn", PAYOUT, null, "10.0.0.1")).isFalse();
        assertThat(guard.admits("mtn", null, token, "10.0.0.1")).isFalse();
        assertThat(guard.admits("mpesa", PAYOUT, CallbackGuard.token("s3cret", "mpesa", PAYOUT), "10.0.0.1"))
                .as("no secret configured").isFalse();
        assertThat(CallbackGuard.token("s3cret", "mpesa", PAYOUT)).as("one token per provider").isNotEqualTo(token);
    }

    @Test
    void admitsOnlyAddressesOnTheAllowList() {
        CallbackGuard guard = guard(List.of("196.201.214.0/24", "10.1.2.3"));
        String token = guard.tokenFor("mtn", PAYOUT);
        assertThat(guard.admits("mtn", PAYOUT, token, "196.201.214.200")).isTrue();
        assertThat(guard.admits("mtn", PAYOUT, token, "10.1.2.3")).isTrue();
        assertThat(guard.admits("mtn", PAYOUT, token, "196.201.215.1")).isFalse();
        assertThat(guard.admits("mtn", PAYOUT, token, "10.1.2.4")).isFalse();
    }

    @Test
    void readsABodyUpToTheCapAndNoFurther() throws Exception {
        CallbackGuard guard = new CallbackGuard(new ProvidersProperties(Map.of()), 10);
        assertThat(guard.body(new ByteArrayInputStream("{\"a\":1}".getBytes(StandardCharsets.UTF_8)), -1)).isEqualTo("{\"a\":1}");
        assertThatThrownBy(() -> guard.body(new ByteArrayInputStream(new byte[11]), -1))
                .isInstanceOf(CallbackGuard.TooLarge.class);
        assertThatThrownBy(() -> guard.body(new ByteArrayInputStream(new byte[0]), 1_000_000))
                .as("refused on its declared length, before reading").isInstanceOf(CallbackGuard.TooLarge.class);
    }

    @Test
    void readsTheQueryStringWithoutTheBody() {
        assertThat(CallbackGuard.query("reference=" + PAYOUT + "&token=a-b_c&token=second&flag"))
                .containsEntry("reference", PAYOUT.toString()).containsEntry("token", "a-b_c").containsEntry("flag", "");
        assertThat(CallbackGuard.reference(PAYOUT.toString())).isEqualTo(PAYOUT);
        assertThat(CallbackGuard.reference("1-2-3-4-5")).as("only the canonical text").isNull();
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
