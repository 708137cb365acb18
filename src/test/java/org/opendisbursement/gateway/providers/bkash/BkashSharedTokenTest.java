package org.opendisbursement.gateway.providers.bkash;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.json.JsonMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProviderHttp;
import org.opendisbursement.gateway.dispatch.ProviderSettings;
import org.opendisbursement.gateway.dispatch.ProvidersProperties;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.opendisbursement.gateway.support.PublishedContract;
import org.opendisbursement.mock.MockExtensions;
import org.opendisbursement.mock.MockSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * bKash adapters as separate gateway instances would run them (each its own in-memory cache) against one database and
 * a bKash mock of their own, whose request journal is on: the token is granted once and shared, refreshed before it
 * expires, refused credentials are an account fault, the balance check holds a batch the wallet cannot pay, and every
 * request the adapter sends conforms to bKash's published Checkout OpenAPI.
 */
@GatewayTest
class BkashSharedTokenTest {

    private static final String ROOT = "/v1.2.0-beta/checkout";

    @Autowired
    ProvidersProperties providers;
    @Autowired
    ProviderHttp http;
    @Autowired
    JsonMapper json;
    @Autowired
    BkashTokenStore store;
    @Autowired
    JdbcTemplate jdbc;

    private WireMockServer server;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

    @BeforeEach
    void start() {
        server = new WireMockServer(WireMockConfiguration.options().port(0)
                .extensions(new MockExtensions(MockSettings.defaults(), Path.of("mock-providers/keys")))
                .usingFilesUnderDirectory("mock-providers/bkash"));
        server.start();
        forgetSharedToken();
    }

    @AfterEach
    void stop() {
        server.stop();
        forgetSharedToken();  // the shared mock of the other tests issued none of this server's tokens
    }

    private void forgetSharedToken() {
        jdbc.update("UPDATE provider_token SET token = NULL, refresh_token = NULL, expires_at = NULL"
                + " WHERE provider = 'bkash'");
    }

    /** Another gateway instance: its own adapter and token cache, the same database. */
    private BkashAdapter instance(Duration balanceCacheFor) {
        ProviderSettings real = providers.require("bkash");
        ProviderSettings here = new ProviderSettings(true, server.baseUrl() + ROOT, real.credentials(), 0, 8, 5,
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(1),
                Duration.ofHours(1), null, List.of(), null);
        Map<String, ProviderSettings> map = new HashMap<>(providers.providers());
        map.put("bkash", here);
        Clock clock = new Clock() {
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now.get();
            }
        };
        return new BkashAdapter(new ProvidersProperties(map), http, json,
                new BkashProperties(Duration.ofMinutes(10), Duration.ofMinutes(5), balanceCacheFor,
                        "Disbursement Account"), store, clock);
    }

    private long counter(String name) {
        return BkashMock.counter(server.baseUrl(), name);
    }

    @Test
    void instancesShareOneGrantAndRefreshItBeforeItExpires() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<PayoutOutcome>> sends = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                BkashAdapter instance = instance(Duration.ofSeconds(30));
                sends.add(() -> instance.send(BkashMock.payout(ListFile.freshWallet())));
            }
            for (Future<PayoutOutcome> sent : pool.invokeAll(sends)) {
                assertThat(sent.get()).isInstanceOf(PayoutOutcome.Confirmed.class);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counter("grants")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT token FROM provider_token WHERE provider = 'bkash'", String.class))
                .as("stored encrypted").isNotBlank().doesNotStartWith("eyJ");

        now.set(now.get().plus(Duration.ofMinutes(56)));  // inside the 5 minutes before expiry
        assertThat(instance(Duration.ofSeconds(30)).send(BkashMock.payout(ListFile.freshWallet())))
                .isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(instance(Duration.ofSeconds(30)).send(BkashMock.payout(ListFile.freshWallet())))
                .isInstanceOf(PayoutOutcome.Confirmed.class);

        assertThat(counter("refreshes")).isEqualTo(1);
        assertThat(counter("grants")).isEqualTo(1);
    }

    @Test
    void refusedCredentialsAreAnAccountFaultAndNothingIsPaid() {
        BkashMock.control(server.baseUrl(), "{\"grantRefused\": true}");
        PayoutRequest request = BkashMock.payout(ListFile.freshWallet());

        assertThat(instance(Duration.ofSeconds(30)).send(request)).isInstanceOfSatisfying(
                PayoutOutcome.AccountFault.class, fault -> assertThat(fault.code()).isEqualTo("TOKEN_REFUSED"));
    }

    @Test
    void aBatchTheDisbursementWalletCannotPayIsHeldWithWhatToDo() {
        BkashMock.control(server.baseUrl(), "{\"balance\": \"300.00\"}");
        BkashAdapter adapter = instance(Duration.ofSeconds(30));
        List<PayoutRequest> small = List.of(BkashMock.payout(ListFile.freshWallet(), 10_000));
        List<PayoutRequest> large = List.of(BkashMock.payout(ListFile.freshWallet(), 20_000),
                BkashMock.payout(ListFile.freshWallet(), 20_000));

        assertThat(adapter.readyToPay(small)).isEmpty();
        assertThat(adapter.send(small.get(0))).isInstanceOf(PayoutOutcome.Confirmed.class);
        // 300 read, 100 paid since: 200 left for a batch of 400, without asking bKash again
        assertThat(adapter.readyToPay(large)).hasValueSatisfying(fault -> {
            assertThat(fault.code()).isEqualTo("INSUFFICIENT_DISBURSEMENT_BALANCE");
            assertThat(fault.reason()).contains("200.00").contains("400.00").contains("intraAccountTransfer");
        });
        assertThat(counter("balanceReads")).isEqualTo(1);

        BkashMock.control(server.baseUrl(), "{\"balance\": \"5000.00\"}");
        assertThat(adapter.readyToPay(large)).as("read again after a shortfall").isEmpty();
        assertThat(counter("balanceReads")).isEqualTo(2);
    }

    @Test
    void aBalanceThatCannotBeReadDoesNotStopPayouts() {
        BkashAdapter adapter = instance(Duration.ofSeconds(30));
        server.stop();

        assertThat(adapter.readyToPay(List.of(BkashMock.payout(ListFile.freshWallet(), 10_000)))).isEmpty();
    }

    @Test
    void everyRequestTheAdapterSendsConformsToBkashsPublishedCheckoutApi() {
        BkashAdapter adapter = instance(Duration.ZERO);
        PayoutRequest request = BkashMock.payout(ListFile.freshWallet());
        PayoutOutcome paid = adapter.send(request);
        String trxId = ((PayoutOutcome.Confirmed) paid).providerTransactionId();
        assertThat(adapter.query(BkashMock.withTrxId(request, trxId))).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(adapter.readyToPay(List.of(BkashMock.payout(ListFile.freshWallet(), 100)))).isEmpty();
        now.set(now.get().plus(Duration.ofMinutes(56)));
        assertThat(instance(Duration.ZERO).send(BkashMock.payout(ListFile.freshWallet())))
                .isInstanceOf(PayoutOutcome.Confirmed.class);

        List<LoggedRequest> sent = server.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> !r.getUrl().startsWith("/__")).toList();
        assertThat(sent).extracting(r -> r.getMethod().getName() + " " + r.getUrl().replace(trxId, "{trxID}"))
                .contains("POST " + ROOT + "/token/grant", "POST " + ROOT + "/token/refresh",
                        "POST " + ROOT + "/payment/b2cPayment", "GET " + ROOT + "/payment/search/{trxID}",
                        "GET " + ROOT + "/payment/organizationBalance");
        PublishedContract.bkashCheckout("/v1.2.0-beta").assertConforms(sent);
    }
}
