package org.opendisbursement.gateway.providers.nagad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import tools.jackson.databind.json.JsonMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProviderHttp;
import org.opendisbursement.gateway.dispatch.ProviderSettings;
import org.opendisbursement.gateway.dispatch.ProvidersProperties;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.MockProviderServers;
import org.opendisbursement.gateway.support.MutableClock;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The handshake when something is wrong: keys that do not match, Nagad out of reach, settings missing. Each case
 * runs on its own {@link NagadSessions} with its own settings against the Nagad mock, never on the shared one.
 */
@GatewayTest
class NagadHandshakeTest {

    private static final String KEYS = "mock-providers/keys/";

    @Autowired
    ProviderHttp http;
    @Autowired
    JsonMapper json;
    @Autowired
    MutableClock clock;

    @BeforeEach
    void realTime() {
        clock.reset();
    }

    @Test
    void theTestKeysOpenASession() throws Exception {
        NagadSession session = sessions().current(settings(credentials()));

        assertThat(session.key()).hasSize(16);
    }

    @Test
    void anAnswerNotSignedByTheConfiguredNagadKeyIsNotUsed() {
        Map<String, String> credentials = credentials();
        credentials.put("nagad-public-key-pem-file", KEYS + "test-only-merchant-public.pem");

        assertThatThrownBy(() -> sessions().current(settings(credentials)))
                .isInstanceOfSatisfying(NagadHandshakeFailed.class,
                        failed -> assertThat(failed.outcome().code()).isEqualTo("HANDSHAKE_SIGNATURE"));
    }

    @Test
    void aWrongMerchantKeyIsRefusedByNagadAndRetryable() {
        Map<String, String> credentials = credentials();
        credentials.put("merchant-private-key-pem-file", KEYS + "test-only-nagad-mock-private.pem");

        assertThatThrownBy(() -> sessions().current(settings(credentials)))
                .isInstanceOfSatisfying(NagadHandshakeFailed.class,
                        failed -> assertThat(failed.outcome().code()).isEqualTo("INVALID_SIGNATURE"));
    }

    @Test
    void nagadOutOfReachMakesThePayoutRetryableAndTheFailureIsHeldBriefly() {
        ProviderSettings unreachable = settings("http://127.0.0.1:1", credentials());
        NagadSessions sessions = sessions();
        NagadAdapter adapter = new NagadAdapter(new ProvidersProperties(Map.of("nagad", unreachable)), http, sessions,
                json, clock);
        PayoutRequest request = new PayoutRequest(1, UUID.randomUUID(), "+8801712345678", 250_000, "BDT", null, 1);

        PayoutOutcome first = adapter.send(request);
        PayoutOutcome second = adapter.query(request);

        assertThat(first).isInstanceOf(PayoutOutcome.Retryable.class);
        assertThat(((PayoutOutcome.Retryable) first).code()).isEqualTo("HANDSHAKE_NOT_SENT");
        assertThat(second).isEqualTo(first);
        assertThat(sessions.handshakeCount()).isZero();
    }

    @Test
    void missingSettingsAreReportedWithoutSendingAnything() {
        Map<String, String> noKeys = Map.of("merchant-id", "683002007104225");
        NagadAdapter adapter = new NagadAdapter(new ProvidersProperties(Map.of("nagad", settings(noKeys))), http,
                sessions(), json, clock);
        NagadAdapter unconfigured = new NagadAdapter(new ProvidersProperties(Map.of()), http, sessions(), json, clock);
        PayoutRequest request = new PayoutRequest(1, UUID.randomUUID(), "+8801712345678", 250_000, "BDT", null, 1);

        PayoutOutcome outcome = adapter.send(request);

        assertThat(outcome).isInstanceOf(PayoutOutcome.Retryable.class);
        assertThat(((PayoutOutcome.Retryable) outcome).code()).isEqualTo("NOT_CONFIGURED");
        assertThat(((PayoutOutcome.Retryable) outcome).reason()).contains("merchant-private-key-pem");
        assertThat(unconfigured.send(request)).isInstanceOf(PayoutOutcome.Retryable.class);
        assertThat(unconfigured.query(request)).isInstanceOf(PayoutOutcome.Retryable.class);
    }

    private NagadSessions sessions() {
        return new NagadSessions(http, json, (Clock) clock, Duration.ofMinutes(50));
    }

    private static Map<String, String> credentials() {
        Map<String, String> credentials = new HashMap<>();
        credentials.put("merchant-id", "683002007104225");
        credentials.put("aggregator-id", "683002007104225");
        credentials.put("merchant-private-key-pem-file", KEYS + "test-only-merchant-private.pem");
        credentials.put("nagad-public-key-pem-file", KEYS + "test-only-nagad-mock-public.pem");
        return credentials;
    }

    private static ProviderSettings settings(Map<String, String> credentials) {
        return settings(MockProviderServers.server("nagad").baseUrl(), credentials);
    }

    private static ProviderSettings settings(String baseUrl, Map<String, String> credentials) {
        return new ProviderSettings(true, baseUrl, credentials, 0, 32, 5, Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofMinutes(30), Duration.ofHours(48), null, List.of(), null);
    }
}
