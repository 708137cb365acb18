package org.opendisbursement.gateway.providers.mtn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProviderAdapter;
import org.opendisbursement.gateway.dispatch.ProvidersProperties;
import org.opendisbursement.gateway.intake.Channel;
import org.opendisbursement.gateway.support.DispatchRunning;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.MockProviderServers;
import org.opendisbursement.mock.CallbackSender;
import org.opendisbursement.mock.ExecutedPayout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The MTN MoMo Disbursement adapter against the MTN mock over real HTTP: one test per scenario of the mock's README,
 * every sandbox magic number (46733123450 … 463) end to end through send, status query and callback.
 */
@GatewayTest
class MtnAdapterTest {

    @LocalServerPort
    int port;

    @Autowired
    MtnAdapter mtn;

    @Autowired
    List<ProviderAdapter> adapters;

    @Autowired
    ProvidersProperties providers;

    /** A payout of EUR 15.00 to {@code msisdn} (digits, no +) under a fresh reference. */
    private static PayoutRequest payout(String msisdn) {
        return new PayoutRequest(1L, UUID.randomUUID(), "+" + msisdn, 1_500, "EUR", null, 1);
    }

    /** A number the mock pays at once (46733123 + 1NN: no scenario). */
    private static String ordinaryNumber() {
        return "467331231" + String.format("%02d", ThreadLocalRandom.current().nextInt(100));
    }

    private static List<ExecutedPayout> executed(PayoutRequest request) {
        return MockProviderServers.state("mtn").journal().executed().stream()
                .filter(payout -> payout.reference().equals(request.reference().toString())).toList();
    }

    private static List<CallbackSender.Delivery> callbacks(PayoutRequest request) {
        return MockProviderServers.state("mtn").callbacks().deliveries().stream()
                .filter(delivery -> delivery.reference().equals(request.reference().toString())).toList();
    }

    private static void awaitCallbacks(PayoutRequest request, int count) throws InterruptedException {
        DispatchRunning.await(count + " callback(s) for " + request.reference(), Duration.ofSeconds(10),
                () -> callbacks(request).size() >= count);
    }

    @Test
    void isFoundAsTheMtnAdapter() {
        assertThat(adapters).contains(mtn);
        assertThat(mtn.name()).isEqualTo("mtn");
        assertThat(mtn.channel()).isEqualTo(Channel.MTN);
    }

    @Test
    void anAcceptedTransferIsPendingUntilTheQuerySaysSuccessful() throws Exception {
        String msisdn = ordinaryNumber();
        PayoutRequest request = payout(msisdn);

        assertThat(mtn.send(request)).as("202 is accepted, not paid").isInstanceOf(PayoutOutcome.Pending.class);

        assertThat(executed(request)).singleElement().satisfies(payout -> {
            assertThat(payout.amount()).isEqualTo("15.00");
            assertThat(payout.currency()).isEqualTo("EUR");
            assertThat(payout.wallet()).isEqualTo(msisdn);
        });
        String financialTransactionId = executed(request).get(0).providerTransactionId();
        assertThat(mtn.query(request)).isEqualTo(new PayoutOutcome.Confirmed(financialTransactionId));

        awaitCallbacks(request, 1);
        assertThat(callbacks(request)).singleElement().satisfies(callback -> {
            assertThat(callback.url()).startsWith("http://localhost:" + port + "/callbacks/mtn?secret=");
            assertThat(callback.method()).isEqualTo("POST");
            assertThat(callback.httpStatus()).isEqualTo(200);
        });
    }

    @Test
    void currenciesWithoutMinorUnitsAreSentWhole() {
        PayoutRequest request = new PayoutRequest(1L, UUID.randomUUID(), "+" + ordinaryNumber(), 500_000, "UGX", null,
                1);

        assertThat(mtn.send(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(executed(request)).singleElement().extracting(ExecutedPayout::amount).isEqualTo("500000");
    }

    /**
     * Every FAILED is final, whatever the reason: MTN never takes the reference again (409), so resending could only
     * go round in circles.
     */
    @ParameterizedTest
    @CsvSource({
            "46733123450, COULD_NOT_PERFORM_TRANSACTION",
            "46733123451, APPROVAL_REJECTED",
            "46733123452, EXPIRED",
            "46733123455, NOT_ENOUGH_FUNDS",
            "46733123456, PAYER_LIMIT_REACHED",
            "46733123457, PAYEE_NOT_FOUND",
            "46733123458, NOT_ALLOWED",
            "46733123462, INTERNAL_PROCESSING_ERROR",
            "46733123463, SERVICE_UNAVAILABLE"})
    void sandboxFailuresAreRejectedWithMtnsReasonAndCannotBeResent(String msisdn, String reason) throws Exception {
        PayoutRequest request = payout(msisdn);

        assertThat(mtn.send(request)).isInstanceOf(PayoutOutcome.Pending.class);
        PayoutOutcome outcome = mtn.query(request);

        assertThat(outcome).isInstanceOfSatisfying(PayoutOutcome.Rejected.class, rejected -> {
            assertThat(rejected.code()).isEqualTo(reason);
            assertThat(rejected.reason()).isNotBlank().doesNotContain(msisdn);
        });
        assertThat(mtn.send(request)).isInstanceOf(PayoutOutcome.Duplicate.class);
        assertThat(mtn.query(request)).isEqualTo(outcome);
        assertThat(executed(request)).isEmpty();
        awaitCallbacks(request, 1);
        assertThat(callbacks(request)).singleElement().extracting(CallbackSender.Delivery::httpStatus).isEqualTo(200);
    }

    @Test
    void aTransferThatStaysPendingStaysPending() {
        PayoutRequest request = payout("46733123453");

        assertThat(mtn.send(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(mtn.query(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(mtn.query(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(executed(request)).isEmpty();
        assertThat(callbacks(request)).isEmpty();
    }

    @Test
    void aDelayedTransferIsPendingThenConfirmedAndCalledBack() throws Exception {
        PayoutRequest request = payout("46733123454");

        assertThat(mtn.send(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(mtn.query(request)).isInstanceOf(PayoutOutcome.Pending.class);
        PayoutOutcome later = mtn.query(request);

        assertThat(executed(request)).hasSize(1);
        assertThat(later).isEqualTo(new PayoutOutcome.Confirmed(executed(request).get(0).providerTransactionId()));
        awaitCallbacks(request, 1);
        assertThat(callbacks(request)).singleElement().extracting(CallbackSender.Delivery::httpStatus).isEqualTo(200);
    }

    @Test
    void rateLimitingAndUnavailabilityAreRetryableAndLeaveNothingBehind() {
        PayoutRequest limited = payout("46733123429");
        PayoutRequest unavailable = payout("46733123503");

        assertThat(mtn.send(limited)).isInstanceOfSatisfying(PayoutOutcome.Retryable.class,
                retryable -> assertThat(retryable.code()).isEqualTo("HTTP_429"));
        assertThat(mtn.send(unavailable)).isInstanceOfSatisfying(PayoutOutcome.Retryable.class,
                retryable -> assertThat(retryable.code()).isEqualTo("SERVICE_UNAVAILABLE"));
        assertThat(mtn.query(limited)).isInstanceOf(PayoutOutcome.NotFound.class);
        assertThat(mtn.query(unavailable)).isInstanceOf(PayoutOutcome.NotFound.class);
    }

    @Test
    void aServerErrorIsUnknownAndTheQueryFindsNothing() {
        PayoutRequest request = payout("46733123500");

        assertThat(mtn.send(request)).isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(mtn.query(request)).isInstanceOf(PayoutOutcome.NotFound.class);
    }

    @Test
    void aResetBeforeRecordIsUnknownAndTheQueryFindsNothing() {
        PayoutRequest request = payout("46733123499");

        assertThat(mtn.send(request)).isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(mtn.query(request)).isInstanceOf(PayoutOutcome.NotFound.class);
        assertThat(executed(request)).isEmpty();
    }

    @Test
    void aLostAnswerIsUnknownThenTheQueryConfirmsItAndAResendIsADuplicate() {
        PayoutRequest request = payout("46733123408");

        assertThat(mtn.send(request)).isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(executed(request)).hasSize(1);

        assertThat(mtn.query(request)).isEqualTo(new PayoutOutcome.Confirmed(
                executed(request).get(0).providerTransactionId()));
        assertThat(mtn.send(request)).isInstanceOf(PayoutOutcome.Duplicate.class);
        assertThat(executed(request)).hasSize(1);
    }

    @Test
    void theSameReferenceSentTwiceIsADuplicateAndPaidOnce() {
        PayoutRequest request = payout(ordinaryNumber());

        assertThat(mtn.send(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(mtn.send(request)).isInstanceOf(PayoutOutcome.Duplicate.class);
        assertThat(executed(request)).hasSize(1);
    }

    @Test
    void aSlowAnswerIsStillAccepted() {
        PayoutRequest request = payout("46733123901");

        assertThat(mtn.send(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(mtn.query(request)).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(executed(request)).hasSize(1);
    }

    @Test
    void aReferenceMtnNeverSawIsNotFound() {
        assertThat(mtn.query(payout(ordinaryNumber()))).isInstanceOf(PayoutOutcome.NotFound.class);
    }

    @Test
    void theTokenIsFetchedOnceAndReused() throws Exception {
        var settings = providers.require("mtn");
        assertThat(mtn.send(payout(ordinaryNumber()))).isInstanceOf(PayoutOutcome.Pending.class);
        String token = mtn.tokens().get(settings, settings.baseUrl());

        PayoutRequest request = payout(ordinaryNumber());
        assertThat(mtn.send(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(mtn.query(request)).isInstanceOf(PayoutOutcome.Confirmed.class);

        assertThat(mtn.tokens().get(settings, settings.baseUrl())).isEqualTo(token);
    }

    @Test
    void aRefusedTokenIsReplacedOnceAndTheSameTransferMadeOnce() throws Exception {
        var settings = providers.require("mtn");
        mtn.tokens().hold("mtn-revoked-token");
        PayoutRequest request = payout(ordinaryNumber());

        assertThat(mtn.send(request)).isInstanceOf(PayoutOutcome.Pending.class);

        assertThat(executed(request)).hasSize(1);
        assertThat(mtn.tokens().get(settings, settings.baseUrl())).isNotEqualTo("mtn-revoked-token");
        mtn.tokens().hold("mtn-revoked-token");
        assertThat(mtn.query(request)).isInstanceOf(PayoutOutcome.Confirmed.class);
    }

    @Test
    void theMockOnlyCallbackVariantsAreAnsweredAsWell() throws Exception {
        PayoutRequest twice = payout("46733123222");
        PayoutRequest put = payout("46733123223");

        assertThat(mtn.send(twice)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(mtn.send(put)).isInstanceOf(PayoutOutcome.Pending.class);

        awaitCallbacks(twice, 2);
        awaitCallbacks(put, 1);
        assertThat(callbacks(twice)).hasSize(2).allSatisfy(callback -> assertThat(callback.httpStatus()).isEqualTo(200));
        assertThat(callbacks(put)).singleElement().satisfies(callback -> {
            assertThat(callback.method()).isEqualTo("PUT");
            assertThat(callback.httpStatus()).isEqualTo(200);
        });
    }

    @Test
    void whatMtnCannotPayIsRejectedBeforeAnythingIsSent() {
        PayoutRequest local = new PayoutRequest(1L, UUID.randomUUID(), "0772123456", 100, "UGX", null, 1);
        PayoutRequest noCurrency = new PayoutRequest(1L, UUID.randomUUID(), "+256772123456", 100, "XYZ", null, 1);

        assertThat(mtn.send(local)).isInstanceOfSatisfying(PayoutOutcome.Rejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo("INVALID_WALLET"));
        assertThat(mtn.send(noCurrency)).isInstanceOfSatisfying(PayoutOutcome.Rejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo("INVALID_AMOUNT"));
    }
}
