package org.opendisbursement.gateway.providers.nagad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import tools.jackson.databind.json.JsonMapper;
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
 * The handshake, one per payout, and what happens when something is wrong: keys that do not match, Nagad out of
 * reach, settings missing. Each case runs on its own {@link NagadHandshake} with its own settings against the Nagad
 * mock, never on the shared one. Nothing here sends a payout, so nothing is ever Unknown.
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
    void theTestKeysOpenASessionForTheGivenRequestTime() throws Exception {
        NagadHandshake handshake = handshake();
        String requestDateTime = NagadProtocol.requestDateTime(clock);

        NagadSession first = handshake.open(settings(credentials()), requestDateTime);
        NagadSession second = handshake.open(settings(credentials()), requestDateTime);

        assertThat(first.key()).hasSize(16);
        assertThat(first.requestDateTime()).isEqualTo(requestDateTime);
        assertThat(second.challenge()).isNotEqualTo(first.challenge());
        assertThat(second.keyId()).isNotEqualTo(first.keyId());
        assertThat(first.toString()).doesNotContain(first.apiKey()).doesNotContain(first.challenge());
        assertThat(handshake.count()).isEqualTo(2);
    }

    @Test
    void anAnswerNotSignedByTheConfiguredNagadKeyIsNotUsedAndIsTheAccountsFault() {
        Map<String, String> credentials = credentials();
        credentials.put("nagad-public-key-pem-file", KEYS + "test-only-merchant-public.pem");

        assertThatThrownBy(() -> handshake().open(settings(credentials), NagadProtocol.requestDateTime(clock)))
                .isInstanceOfSatisfying(NagadHandshakeFailed.class, failed -> {
                    assertThat(failed.outcome()).isInstanceOf(PayoutOutcome.AccountFault.class);
                    assertThat(failed.code()).isEqualTo("HANDSHAKE_SIGNATURE");
                });
    }

    @Test
    void aWrongMerchantKeyIsRefusedByNagadWithHttp200AndIsTheAccountsFault() {
        Map<String, String> credentials = credentials();
        credentials.put("merchant-private-key-pem-file", KEYS + "test-only-nagad-mock-private.pem");

        assertThatThrownBy(() -> handshake().open(settings(credentials), NagadProtocol.requestDateTime(clock)))
                .isInstanceOfSatisfying(NagadHandshakeFailed.class, failed -> {
                    assertThat(failed.outcome()).isInstanceOf(PayoutOutcome.AccountFault.class);
                    assertThat(failed.code()).isEqualTo("INVALID_SIGNATURE");
                });
    }

    @Test
    void nagadOutOfReachMakesThePayoutAndTheQueryRetryable() {
        ProviderSettings unreachable = settings("http://127.0.0.1:1", credentials());
        NagadHandshake handshake = handshake();
        NagadAdapter adapter = new NagadAdapter(new ProvidersProperties(Map.of("nagad", unreachable)), http,
                handshake, json, clock);
        PayoutRequest request = new PayoutRequest(1, UUID.randomUUID(), "+8801712345678", 250_000, "BDT",
                "ISS1;rc=NG1;rdt=20261124034626", 1);

        PayoutOutcome sent = adapter.send(request);
        PayoutOutcome queried = adapter.query(request);

        assertThat(sent).isInstanceOf(PayoutOutcome.Retryable.class);
        assertThat(((PayoutOutcome.Retryable) sent).code()).isEqualTo("HANDSHAKE_NOT_SENT");
        assertThat(queried).isEqualTo(sent);
        assertThat(handshake.count()).isZero();
    }

    @Test
    void missingOrWrongSettingsAreTheAccountsFaultAndNothingIsSent() {
        Map<String, String> noKeys = Map.of("merchant-id", "683002007104225", "aggregator-id", "683001003835399");
        Map<String, String> sameIds = credentials();
        sameIds.put("aggregator-id", sameIds.get("merchant-id"));
        Map<String, String> noProduct = credentials();
        noProduct.remove("disbursement-product-id");
        NagadHandshake handshake = handshake();
        PayoutRequest request = new PayoutRequest(1, UUID.randomUUID(), "+8801712345678", 250_000, "BDT", null, 1);

        PayoutOutcome withoutKeys = adapter(settings(noKeys), handshake).send(request);
        PayoutOutcome withSameIds = adapter(settings(sameIds), handshake).send(request);
        PayoutOutcome withoutProduct = adapter(settings(noProduct), handshake).send(request);
        NagadAdapter unconfigured = new NagadAdapter(new ProvidersProperties(Map.of()), http, handshake, json, clock);

        assertThat(withoutKeys).isInstanceOfSatisfying(PayoutOutcome.AccountFault.class, fault -> {
            assertThat(fault.code()).isEqualTo("NOT_CONFIGURED");
            assertThat(fault.reason()).contains("merchant-private-key-pem");
        });
        assertThat(withSameIds).isInstanceOfSatisfying(PayoutOutcome.AccountFault.class,
                fault -> assertThat(fault.reason()).contains("aggregator-id"));
        assertThat(withoutProduct).isInstanceOfSatisfying(PayoutOutcome.AccountFault.class,
                fault -> assertThat(fault.reason()).contains("disbursement-product-id"));
        assertThat(unconfigured.send(request)).isInstanceOf(PayoutOutcome.AccountFault.class);
        assertThat(unconfigured.query(request)).isInstanceOf(PayoutOutcome.AccountFault.class);
        assertThat(MockProviderServers.state("nagad").journal().byReference("nagad", request.reference().toString()))
                .isEmpty();
    }

    private NagadAdapter adapter(ProviderSettings settings, NagadHandshake handshake) {
        return new NagadAdapter(new ProvidersProperties(Map.of("nagad", settings)), http, handshake, json, clock);
    }

    private NagadHandshake handshake() {
        return new NagadHandshake(http, json);
    }

    static Map<String, String> credentials() {
        Map<String, String> credentials = new HashMap<>();
        credentials.put("merchant-id", "683002007104225");
        credentials.put("aggregator-id", "683001003835399");
        credentials.put("merchant-private-key-pem-file", KEYS + "test-only-merchant-private.pem");
        credentials.put("nagad-public-key-pem-file", KEYS + "test-only-nagad-mock-public.pem");
        credentials.put("hmac-key-file", KEYS + "test-only-nagad-merchant-hmac-key.pem");
        credentials.put("disbursement-product-id", "test-product");
        return credentials;
    }

    static ProviderSettings settings(Map<String, String> credentials) {
        return settings(MockProviderServers.server("nagad").baseUrl(), credentials);
    }

    private static ProviderSettings settings(String baseUrl, Map<String, String> credentials) {
        return new ProviderSettings(true, baseUrl, credentials, 0, 32, 5, Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofMinutes(30), Duration.ofHours(48), null, List.of(), null);
    }
}
