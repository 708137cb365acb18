package org.opendisbursement.gateway.providers.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProviderAdapter;
import org.opendisbursement.gateway.dispatch.ProviderHttp;
import org.opendisbursement.gateway.dispatch.ProviderSettings;
import org.opendisbursement.gateway.dispatch.ProvidersProperties;
import org.opendisbursement.gateway.providers.AdapterScenarios;
import org.opendisbursement.gateway.providers.mpesa.MpesaCallbackController.Reading;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.MockProviderServers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;

/**
 * The shared adapter scenarios against the M-Pesa mock over real HTTP. M-Pesa is asynchronous: {@link #settle} waits
 * for the callback the mock POSTs (the result, or the answer to a status query the adapter sends) and reads it with
 * the callback controller's own readers ({@link MpesaCallbackController#readResult} and siblings). The callbacks go
 * to a small HTTP server of this test (the adapter is built with that callback address), so each outcome is captured
 * exactly as the controller would hand it to the dispatch; the controller's HTTP side and the dispatch are covered by
 * {@link MpesaCallbackControllerTest} and {@link MpesaEndToEndTest}.
 */
@GatewayTest
@ExtendWith(OutputCaptureExtension.class)
class MpesaScenariosTest extends AdapterScenarios {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = new JsonMapper();

    /** reference → what the callbacks said, in arrival order, with their kind. */
    private static final Map<UUID, List<Map.Entry<String, PayoutOutcome>>> CAPTURED = new ConcurrentHashMap<>();
    private static HttpServer callbackServer;

    @Autowired
    ProvidersProperties providers;
    @Autowired
    ProviderHttp http;
    @Autowired
    Environment environment;

    @BeforeAll
    static void startCallbackServer() throws IOException {
        callbackServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        callbackServer.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String kind = path.substring(path.lastIndexOf('/') + 1);
            Reading reading = switch (kind) {
                case "result" -> MpesaCallbackController.readResult(JSON, body);
                case "timeout" -> MpesaCallbackController.readTimeout(JSON, body);
                case "status" -> MpesaCallbackController.readStatus(JSON, query.get("reference"), body);
                default -> null;
            };
            boolean neutral = path.startsWith(MpesaCallbackController.BASE_PATH + "/")
                    && !path.toLowerCase().contains("mpesa") && !path.toLowerCase().contains("query");
            if (reading != null && reading.reference() != null && neutral) {
                CAPTURED.computeIfAbsent(reading.reference(), r -> new CopyOnWriteArrayList<>())
                        .add(Map.entry(kind, reading.outcome()));
            }
            byte[] ack = "{\"ResultCode\":0,\"ResultDesc\":\"Accepted\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reading == null && !"status-timeout".equals(kind) ? 400 : 200, ack.length);
            exchange.getResponseBody().write(ack);
            exchange.close();
        });
        callbackServer.start();
    }

    @AfterAll
    static void stopCallbackServer() {
        callbackServer.stop(0);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    /** The adapter with this test's callback address and the given credential changes. */
    private MpesaAdapter adapter(Map<String, String> credentialChanges) {
        ProviderSettings s = providers.require("mpesa");
        Map<String, String> credentials = new HashMap<>(s.credentials());
        credentials.putAll(credentialChanges);
        ProviderSettings changed = new ProviderSettings(s.enabled(), s.baseUrl(), credentials, s.ratePerSecond(),
                s.maxInFlight(), s.maxAttempts(), s.connectTimeout(), s.readTimeout(), s.initialBackoff(),
                s.maxBackoff(), s.pendingDeadline(), s.callbackSecret(), s.callbackAllowList(),
                "http://127.0.0.1:" + callbackServer.getAddress().getPort());
        return new MpesaAdapter(new ProvidersProperties(Map.of("mpesa", changed)), http, new JsonMapper(),
                environment);
    }

    private MpesaAdapter adapter;

    @Override
    protected ProviderAdapter adapter() {
        if (adapter == null) {
            adapter = adapter(Map.of("id-check", "true"));
        }
        return adapter;
    }

    private static PayoutRequest payout(String partyB, long shillings, String nationalId) {
        return new PayoutRequest(1L, UUID.randomUUID(), "+" + partyB, shillings * 100, "KES", null, 1, nationalId);
    }

    private static String magic(String suffix) {
        return "25470000" + suffix;
    }

    private static String freshWallet() {
        return "25471" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    @Override
    protected PayoutRequest payout(Scenario scenario) {
        return switch (scenario) {
            case SUCCESS -> payout(freshWallet(), 100, null);
            case LOST_ANSWER -> payout(magic("0408"), 100, null);
            case SERVER_ERROR_AFTER_SENDING -> payout(magic("0500"), 100, null);
            case PENDING_THEN_SUCCESS -> payout(magic("0202"), 100, null);
            case AMOUNT_MISMATCH -> payout(magic("0777"), 100, null);
            case PAYEE_MISMATCH -> payout(magic("0778"), 100, null);
            case ACCOUNT_FAULT -> payout(magic("2001"), 100, null);
        };
    }

    @Override
    protected Map<String, PayoutRequest> rejections() {
        return Map.of(
                "2", payout(magic("0002"), 100, null),
                "3", payout(magic("0003"), 100, null),
                "8", payout(magic("0008"), 100, null),
                "2040", payout(magic("2040"), 100, null),
                "SFC_IC0003", payout(magic("9003"), 100, null),
                MpesaResults.MOCK_ID_MISMATCH, payout(magic("0700"), 100, "99999999"));
    }

    @Override
    protected int executed(PayoutRequest payout) {
        return (int) MockProviderServers.state("mpesa").journal().executed().stream()
                .filter(p -> p.reference().equals(payout.reference().toString())).count();
    }

    @Override
    protected PayoutOutcome settle(PayoutRequest sent, PayoutOutcome afterSend) {
        if (afterSend instanceof PayoutOutcome.Pending) {
            Optional<PayoutOutcome> result = awaitCallback(sent.reference(), "result", Duration.ofSeconds(2));
            if (result.isPresent()) {
                return result.get();
            }
        }
        PayoutOutcome asked = adapter().query(sent);
        if (!(asked instanceof PayoutOutcome.Pending)) {
            return asked;
        }
        PayoutOutcome status = awaitCallback(sent.reference(), "status", WAIT)
                .orElseThrow(() -> new AssertionError("no status answer for " + sent.reference()));
        if (status instanceof PayoutOutcome.Pending) {
            return awaitCallback(sent.reference(), "result", WAIT).orElse(status);
        }
        return status;
    }

    private static Optional<PayoutOutcome> awaitCallback(UUID reference, String kind, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<PayoutOutcome> found = CAPTURED.getOrDefault(reference, List.of()).stream()
                    .filter(e -> e.getKey().equals(kind)).map(Map.Entry::getValue).findFirst();
            if (found.isPresent()) {
                return found;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ M-Pesa's own scenarios

    @Test
    void aQueueTimeoutEchoesTheRequestAndIsUnknownUntilTheStatusQuerySaysThereIsNoSuchPayout() {
        PayoutRequest payout = payout(magic("0504"), 100, null);

        assertThat(adapter().send(payout)).isInstanceOf(PayoutOutcome.Pending.class);
        PayoutOutcome timeout = awaitCallback(payout.reference(), "timeout", WAIT).orElseThrow();

        assertThat(timeout).isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(settle(payout, timeout)).isInstanceOf(PayoutOutcome.NotFound.class);
        assertThat(executed(payout)).isZero();
    }

    @Test
    void aStatusQueryByTheReceiptAsksWithTransactionIdAndConfirmsWhatWasPaid() {
        PayoutRequest payout = payout(freshWallet(), 250, null);
        adapter().send(payout);
        PayoutOutcome result = awaitCallback(payout.reference(), "result", WAIT).orElseThrow();
        String receipt = ((PayoutOutcome.Confirmed) result).providerTransactionId();
        CAPTURED.remove(payout.reference());
        PayoutRequest known = new PayoutRequest(1L, payout.reference(), payout.walletE164(), payout.amountMinor(),
                "KES", receipt, 2);

        PayoutOutcome status = settle(known, new PayoutOutcome.Unknown("asked again"));

        assertThat(status).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(((PayoutOutcome.Confirmed) status).reported())
                .isEqualTo(new PayoutOutcome.Reported(25_000L, "KES", "+" + "*".repeat(9)
                        + payout.walletE164().substring(10), payout.reference().toString()));
    }

    @Test
    void aStatusQueryByTheConversationIdFindsThePayoutWhenSoConfigured() {
        MpesaAdapter byConversation = adapter(Map.of("status-query-id", "conversation"));
        PayoutRequest payout = payout(freshWallet(), 100, null);
        PayoutOutcome.Pending sent = (PayoutOutcome.Pending) byConversation.send(payout);
        assertThat(sent.providerTransactionId()).startsWith("AG_");

        assertThat(byConversation.query(new PayoutRequest(1L, payout.reference(), payout.walletE164(),
                payout.amountMinor(), "KES", sent.providerTransactionId(), 2)))
                .isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(awaitCallback(payout.reference(), "status", WAIT).orElseThrow())
                .isInstanceOf(PayoutOutcome.Confirmed.class);
    }

    @Test
    void throttlingIsRetryableWhateverTheHttpStatus() {
        for (String suffix : List.of("0429", "0433", "0209")) {
            PayoutRequest payout = payout(magic(suffix), 100, null);
            PayoutOutcome outcome = adapter().send(payout);
            assertThat(outcome).as(suffix).isInstanceOf(PayoutOutcome.Retryable.class);
            assertThat(executed(payout)).isZero();
        }
    }

    @Test
    void organisationFaultsPauseTheProviderAndNeverFailTheBeneficiary() {
        assertThat(adapter().send(payout(magic("4012"), 100, null))).as("401.002.01")
                .isInstanceOf(PayoutOutcome.AccountFault.class);
        assertThat(adapter(Map.of("initiator-name", "unknown-initiator")).send(payout(freshWallet(), 100, null)))
                .as("Invalid InitiatorName").isInstanceOf(PayoutOutcome.AccountFault.class);
        PayoutOutcome refused = adapter(Map.of("consumer-key", "revoked-key")).send(payout(freshWallet(), 100, null));
        assertThat(refused).as("token grant refused").isInstanceOf(PayoutOutcome.AccountFault.class);
    }

    @Test
    void repeatedWrongCredentialsLockTheApiUserWhichIsAnAccountFaultToo() {
        String initiator = "lock-" + UUID.randomUUID();
        MpesaAdapter wrong = adapter(Map.of("initiator-name", initiator, "security-credential", "wrong-credential"));
        for (int i = 0; i < 3; i++) {
            PayoutRequest payout = payout(freshWallet(), 100, null);
            wrong.send(payout);
            assertThat(awaitCallback(payout.reference(), "result", WAIT).orElseThrow())
                    .isEqualTo(new PayoutOutcome.AccountFault("2001", MpesaResults.REASONS.get("2001")));
        }
        PayoutRequest afterLock = payout(freshWallet(), 100, null);
        adapter(Map.of("initiator-name", initiator)).send(afterLock);

        assertThat(awaitCallback(afterLock.reference(), "result", WAIT).orElseThrow())
                .isEqualTo(new PayoutOutcome.AccountFault("8006", MpesaResults.REASONS.get("8006")));
        assertThat(executed(afterLock)).isZero();
    }

    @Test
    void amountsOutsideWholeShillingsFromTenToQuarterMillionAreNeverSent() {
        String wallet = "+" + freshWallet();
        assertThat(adapter().send(new PayoutRequest(1L, UUID.randomUUID(), wallet, 10_050, "KES", null, 1)))
                .isEqualTo(new PayoutOutcome.Rejected("AMOUNT_NOT_WHOLE",
                        "M-Pesa pays whole shillings only; this amount has cents."));
        assertThat(adapter().send(new PayoutRequest(1L, UUID.randomUUID(), wallet, 900, "KES", null, 1)))
                .isInstanceOf(PayoutOutcome.Rejected.class).extracting("code").isEqualTo("2");
        assertThat(adapter().send(new PayoutRequest(1L, UUID.randomUUID(), wallet, 25_000_100, "KES", null, 1)))
                .isInstanceOf(PayoutOutcome.Rejected.class).extracting("code").isEqualTo("3");
        assertThat(MockProviderServers.state("mpesa").journal().executed().stream()
                .filter(p -> p.wallet().equals(wallet.substring(1)))).isEmpty();
    }

    @Test
    void theNationalIdOfTheWalletsOwnerPaysAndIsNeverLogged(CapturedOutput output) {
        PayoutRequest payout = payout(magic("0700"), 100, "12345678");

        assertThat(adapter().send(payout)).isInstanceOf(PayoutOutcome.Pending.class);

        assertThat(awaitCallback(payout.reference(), "result", WAIT).orElseThrow())
                .isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(executed(payout)).isEqualTo(1);
        assertThat(output.getAll()).doesNotContain("12345678");
    }
}
