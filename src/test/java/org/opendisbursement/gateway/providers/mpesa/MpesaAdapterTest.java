package org.opendisbursement.gateway.providers.mpesa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opendisbursement.gateway.dispatch.CallbackGuard;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProvidersProperties;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.MockProviderServers;
import org.opendisbursement.mock.CallbackSender.Delivery;
import org.opendisbursement.mock.ExecutedPayout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The M-Pesa adapter against the M-Pesa mock over real HTTP, one test per scenario of the mock's README. The mock
 * POSTs its callbacks to the running gateway, so each result, queue timeout and status answer goes through
 * {@link MpesaCallbackController} for real: the mock's callback log shows what the gateway answered, and the
 * controller's log line shows the outcome it handed on (the references here belong to no installment, so the
 * dispatch answers UNKNOWN_REFERENCE).
 */
@GatewayTest
@ExtendWith(OutputCaptureExtension.class)
class MpesaAdapterTest {

    private static final Duration CALLBACK_WAIT = Duration.ofSeconds(10);

    @Autowired
    MpesaAdapter adapter;

    @Autowired
    ProvidersProperties providers;

    @LocalServerPort
    int port;

    // ------------------------------------------------------------------ helpers

    /** A Kenyan wallet outside the mock's magic range (25470000XXXX): succeeds. */
    private static String freshWallet() {
        return "+25471" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    private static PayoutRequest payout(String wallet, long shillings) {
        return new PayoutRequest(1L, UUID.randomUUID(), wallet, shillings * 100, "KES", null, 1);
    }

    private static String magic(String suffix) {
        return "+25470000" + suffix;
    }

    private static List<Delivery> deliveries(UUID reference, String kind) {
        return MockProviderServers.state("mpesa").callbacks().deliveries().stream()
                .filter(d -> d.reference().equals(reference.toString()) && d.kind().equals(kind)).toList();
    }

    private static List<Delivery> awaitDeliveries(UUID reference, String kind, int count) throws InterruptedException {
        long deadline = System.nanoTime() + CALLBACK_WAIT.toNanos();
        List<Delivery> found = deliveries(reference, kind);
        while (found.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + count + " '" + kind + "' callback(s) for " + reference + " within "
                        + CALLBACK_WAIT + "; delivered: " + found);
            }
            Thread.sleep(50);
            found = deliveries(reference, kind);
        }
        return found;
    }

    private static List<ExecutedPayout> executed(UUID reference) {
        return MockProviderServers.state("mpesa").journal().executed().stream()
                .filter(p -> p.reference().equals(reference.toString())).toList();
    }

    private static boolean recorded(UUID reference) {
        return MockProviderServers.state("mpesa").journal().byReference("mpesa", reference.toString()).isPresent();
    }

    /** Waits for the controller's log line about {@code reference} and returns it. */
    private static String awaitLog(CapturedOutput output, String kind, UUID reference) throws InterruptedException {
        String marker = "mpesa " + kind + " callback for " + reference + ": ";
        long deadline = System.nanoTime() + CALLBACK_WAIT.toNanos();
        while (true) {
            String line = output.getAll().lines().filter(l -> l.contains(marker)).findFirst().orElse(null);
            if (line != null) {
                return line.substring(line.indexOf(marker) + marker.length());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line '" + marker + "'");
            }
            Thread.sleep(50);
        }
    }

    private static Predicate<Delivery> answered(int status) {
        return d -> d.httpStatus() == status;
    }

    // ------------------------------------------------------------------ success

    @Test
    void aPayoutIsAcceptedAndItsResultCallbackConfirmsIt(CapturedOutput output) throws Exception {
        PayoutRequest request = payout(freshWallet(), 100);

        PayoutOutcome sent = adapter.send(request);

        assertThat(sent).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(((PayoutOutcome.Pending) sent).providerTransactionId()).startsWith("AG_");
        List<Delivery> results = awaitDeliveries(request.reference(), "result", 1);
        assertThat(results).singleElement().matches(answered(200), "answered 200");
        assertThat(results.get(0).url()).endsWith("/callbacks/b2c-ke/result?reference=" + request.reference() + "&token="
                + CallbackGuard.token("test-mpesa-secret", "mpesa", request.reference())).doesNotContain("secret");
        assertThat(awaitLog(output, "result", request.reference())).startsWith("confirmed");
        assertThat(executed(request.reference())).singleElement().satisfies(paid -> {
            assertThat(paid.amount()).as("whole shillings").isEqualTo("100");
            assertThat(paid.wallet()).as("12 digits, no +").isEqualTo(request.walletE164().substring(1));
        });
        assertThat(output.getAll()).as("no wallet number in the log").doesNotContain(request.walletE164().substring(1));
    }

    @Test
    void aStatusQueryOfAPaidPayoutIsAnsweredByCallback(CapturedOutput output) throws Exception {
        PayoutRequest request = payout(freshWallet(), 250);
        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Pending.class);
        awaitDeliveries(request.reference(), "result", 1);

        PayoutOutcome queried = adapter.query(request);

        assertThat(queried).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(((PayoutOutcome.Pending) queried).detail()).contains("status query sent");
        assertThat(awaitDeliveries(request.reference(), "status-result", 1)).singleElement().matches(answered(200));
        assertThat(awaitLog(output, "status", request.reference())).startsWith("confirmed");
    }

    // ------------------------------------------------------------------ result codes

    // ------------------------------------------------------------------ duplicates

    @Test
    void theSameReferenceTwiceIsADuplicateAndPaidOnce() throws Exception {
        PayoutRequest request = payout(freshWallet(), 100);

        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Duplicate.class);

        awaitDeliveries(request.reference(), "result", 1);
        assertThat(executed(request.reference())).hasSize(1);
    }

    @Test
    void aResultPostedTwiceIsAcceptedBothTimes(CapturedOutput output) throws Exception {
        PayoutRequest request = payout(magic("0222"), 100);

        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Pending.class);

        assertThat(awaitDeliveries(request.reference(), "result", 2)).hasSize(2).allMatch(answered(200));
        assertThat(executed(request.reference())).hasSize(1);
        assertThat(awaitLog(output, "result", request.reference())).startsWith("confirmed");
    }

    // ------------------------------------------------------------------ queue timeout, pending

    @Test
    void aQueueTimeoutIsUnknownThenTheQueryFindsNothingAndTheResendPays(CapturedOutput output) throws Exception {
        PayoutRequest request = payout(magic("0504"), 100);

        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(awaitDeliveries(request.reference(), "queue-timeout", 1)).singleElement().matches(answered(200));
        assertThat(awaitLog(output, "queue-timeout", request.reference())).startsWith("unknown");
        assertThat(deliveries(request.reference(), "result")).isEmpty();
        assertThat(recorded(request.reference())).isFalse();

        assertThat(adapter.query(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(awaitDeliveries(request.reference(), "status-result", 1)).singleElement().matches(answered(200));
        assertThat(awaitLog(output, "status", request.reference())).startsWith("not_found");

        // the mock executes a retry of a queue-timed-out reference (the magic number times out every time)
        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(awaitDeliveries(request.reference(), "queue-timeout", 2)).allMatch(answered(200));
        assertThat(executed(request.reference())).isEmpty();
    }

    @Test
    void aPendingPayoutIsReportedPendingThenItsResultArrives(CapturedOutput output) throws Exception {
        PayoutRequest request = payout(magic("0202"), 100);

        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Pending.class);
        await("no result while pending").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> deliveries(request.reference(), "result").isEmpty());

        assertThat(adapter.query(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(awaitDeliveries(request.reference(), "status-result", 1)).singleElement().matches(answered(200));
        assertThat(awaitLog(output, "status", request.reference())).startsWith("pending");
        assertThat(awaitDeliveries(request.reference(), "result", 1)).singleElement().matches(answered(200));
        assertThat(awaitLog(output, "result", request.reference())).startsWith("confirmed");
        assertThat(executed(request.reference())).hasSize(1);
    }

    // ------------------------------------------------------------------ transport

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"0429, retryable, 500.003.02", "0503, retryable, 503.001.01", "0500, unknown, "})
    void transportRefusalsRecordNothing(String suffix, String kind, String code) {
        PayoutRequest request = payout(magic(suffix), 100);

        PayoutOutcome outcome = adapter.send(request);

        assertThat(outcome.kind()).isEqualTo(kind);
        if (outcome instanceof PayoutOutcome.Retryable retryable) {
            assertThat(retryable.code()).isEqualTo(code);
        }
        assertThat(recorded(request.reference())).isFalse();
    }

    @Test
    void aResetBeforeRecordingIsUnknownAndTheQueryFindsNothing(CapturedOutput output) throws Exception {
        PayoutRequest request = payout(magic("0499"), 100);

        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(recorded(request.reference())).isFalse();

        assertThat(adapter.query(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(awaitDeliveries(request.reference(), "status-result", 1)).singleElement().matches(answered(200));
        assertThat(awaitLog(output, "status", request.reference())).startsWith("not_found");
    }

    @Test
    void aTimeoutAfterRecordingIsUnknownThenConfirmedAndNeverPaidTwice(CapturedOutput output) throws Exception {
        PayoutRequest request = payout(magic("0408"), 100);

        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(executed(request.reference())).hasSize(1);

        assertThat(adapter.query(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(awaitDeliveries(request.reference(), "status-result", 1)).singleElement().matches(answered(200));
        assertThat(awaitLog(output, "status", request.reference())).startsWith("confirmed");
        assertThat(awaitDeliveries(request.reference(), "result", 1)).singleElement().matches(answered(200));

        assertThat(adapter.send(request)).as("a resend is refused").isInstanceOf(PayoutOutcome.Duplicate.class);
        assertThat(executed(request.reference())).hasSize(1);
    }

    @Test
    void aSlowAnswerStillArrives() {
        PayoutRequest request = payout(magic("0901"), 100);

        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(executed(request.reference())).hasSize(1);
    }

    // ------------------------------------------------------------------ refused before sending

    @Test
    void whatMpesaCannotPayIsRefusedBeforeSending() {
        PayoutRequest cents = new PayoutRequest(1L, UUID.randomUUID(), freshWallet(), 10_050, "KES", null, 1);
        PayoutRequest shillingsOfUganda = new PayoutRequest(1L, UUID.randomUUID(), freshWallet(), 10_000, "UGX", null, 1);
        PayoutRequest landline = payout("+254201234567", 100);
        PayoutRequest bangladeshi = payout("+8801712345678", 100);

        assertThat(adapter.send(cents)).isInstanceOfSatisfying(PayoutOutcome.Rejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo("AMOUNT_NOT_WHOLE"));
        assertThat(adapter.send(shillingsOfUganda)).isInstanceOfSatisfying(PayoutOutcome.Rejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo("CURRENCY_NOT_SUPPORTED"));
        assertThat(adapter.send(landline)).isInstanceOfSatisfying(PayoutOutcome.Rejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo("INVALID_WALLET"));
        assertThat(adapter.send(bangladeshi)).isInstanceOfSatisfying(PayoutOutcome.Rejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo("INVALID_WALLET"));
        for (PayoutRequest request : List.of(cents, shillingsOfUganda, landline, bangladeshi)) {
            assertThat(recorded(request.reference())).isFalse();
        }
    }

    // ------------------------------------------------------------------ token

    @Test
    void theTokenIsCachedAndARefusedOneIsReplacedOnce() throws Exception {
        var settings = providers.require("mpesa");
        String token = adapter.tokens().token(settings);
        assertThat(adapter.tokens().token(settings)).as("cached").isEqualTo(token);

        adapter.tokens().replaceForTest("mpesa-no-longer-valid");
        PayoutRequest request = payout(freshWallet(), 100);

        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(adapter.tokens().token(settings)).isNotEqualTo("mpesa-no-longer-valid");
        awaitDeliveries(request.reference(), "result", 1);
        assertThat(executed(request.reference())).hasSize(1);
    }

    // ------------------------------------------------------------------ callback endpoints

    @Test
    void callbacksNeedTheirPayoutsTokenNotTheSecret() {
        Api api = new Api(port);
        UUID reference = UUID.randomUUID();
        String body = """
                {"Result": {"ResultType": 0, "ResultCode": 0, "ResultDesc": "ok",
                  "OriginatorConversationID": "%s", "ConversationID": "AG_1", "TransactionID": "MP1"}}"""
                .formatted(reference);
        String token = "?reference=" + reference + "&token=" + CallbackGuard.token("test-mpesa-secret", "mpesa", reference);

        for (String path : List.of("/callbacks/b2c-ke/result", "/callbacks/b2c-ke/timeout", "/callbacks/b2c-ke/status")) {
            assertThat(api.postJson(null, path + "?secret=test-mpesa-secret", body).status()).as(path).isEqualTo(403);
            assertThat(api.postJson(null, path, body).status()).as(path).isEqualTo(403);
            Api.Response accepted = api.postJson(null, path + token, body);
            assertThat(accepted.status()).as(path + ": an unknown reference is still accepted").isEqualTo(200);
            assertThat(accepted.body().get("ResultCode").asInt()).isZero();
            assertThat(accepted.body().get("ResultDesc").asString()).isEqualTo("Accepted");
        }
        assertThat(api.postJson(null, "/callbacks/mpesa/result" + token, body).status())
                .as("the paths before Daraja's naming advice are gone").isEqualTo(404);
        assertThat(api.postJson(null, "/callbacks/b2c-ke/result" + token, "{oops").status()).isEqualTo(400);
    }
}
