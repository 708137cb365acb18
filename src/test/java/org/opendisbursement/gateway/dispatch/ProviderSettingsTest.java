package org.opendisbursement.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderSettingsTest {

    @Test
    void theBaseUrlLosesItsTrailingSlashSoAdaptersCanAppendTheirPaths() {
        assertThat(with("https://checkout.sandbox.bka.sh/v1.2.0-beta/checkout/").baseUrlWithoutSlash())
                .contains("https://checkout.sandbox.bka.sh/v1.2.0-beta/checkout");
        assertThat(with("https://sandbox.momodeveloper.mtn.com").baseUrlWithoutSlash())
                .contains("https://sandbox.momodeveloper.mtn.com");
        assertThat(with(null).baseUrlWithoutSlash()).as("not set").isEmpty();
        assertThat(with("  ").baseUrlWithoutSlash()).as("blank").isEmpty();
    }

    private static ProviderSettings with(String baseUrl) {
        return new ProviderSettings(true, baseUrl, Map.of(), 0, 8, 3, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofHours(1), null, List.of(), null);
    }
}
