package org.opendisbursement.gateway.providers.mtn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import tools.jackson.databind.json.JsonMapper;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opendisbursement.gateway.dispatch.CallbackGuard;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.installments.ProviderReference;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProviderAdapter;
import org.opendisbursement.gateway.dispatch.ProviderHttp;
import org.opendisbursement.gateway.dispatch.ProvidersProperties;
import org.opendisbursement.gateway.intake.Channel;
import org.opendisbursement.gateway.support.DispatchRunning;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.MockProviderServers;
import org.opendisbursement.mock.CallbackSender;
import org.opendisbursement.mock.ExecutedPayout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * The MTN MoMo Disbursement adapter against the MTN mock over real HTTP: one test per scenario of the mock's README,
 * MTN's sandbox numbers (46733123450 … 454) and the mock's own end to end through send, status query and callback.
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

    @Autowired
    ProviderHttp http;

    @Autowired
    JsonMapper json;

    @Autowired
    Environment environment;

    private MtnTestAdapters.Parts parts() {
        return new MtnTestAdapters.Parts(providers, http, json, environment);
    }

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
        assertThat(mtn.query(request)).isEqualTo(new PayoutOutcome.Confirmed(financialTransactionId,
                new PayoutOutcome.Reported(1_500L, "EUR", "+" + msisdn, request.reference().toString())));

        awaitCallbacks(request, 1);
        assertThat(callbacks(request)).singleElement().satisfies(callback -> {
            assertThat(callback.url()).isEqualTo("http://localhost:" + port + "/callbacks/mtn?reference=" + request.reference()
                    + "&token=" + CallbackGuard.token("test-mtn-secret", "mtn", request.reference()));
            assertThat(callback.method()).isEqualTo("POST");
            assertThat(callback.httpStatus()).isEqualTo(200);
        });
    }

    @Test
    void aCurrencyTheTargetEnvironmentDoesNotTakeIsAnAccountFaultAndNothingIsPaid() {
        PayoutRequest request = new PayoutRequest(1L, UUID.randomUUID(), "+" + ordinaryNumber(), 500_000, "UGX", null,
                1);

        assertThat(mtn.send(request)).isInstanceOfSatisfying(PayoutOutcome.AccountFault.class, fault -> {
            assertThat(fault.code()).isEqualTo("INVALID_CURRENCY");
            assertThat(fault.referenceSpent()).isFalse();
        });
        assertThat(mtn.query(request)).as("MTN created nothing on 400").isInstanceOf(PayoutOutcome.NotFound.class);
        assertThat(executed(request)).isEmpty();
    }

    /** HTTP 400 is the gateway's set-up, never the beneficiary's: the provider is paused, nothing is created. */
    @ParameterizedTest
    @CsvSource({"46733123781, INVALID_CALLBACK_URL_HOST", "46733123782, INVALID_CURRENCY",
            "46733123783, NOT_ALLOWED_TARGET_ENVIRONMENT"})
    void configurationFaultsAreAccountFaultsNotRejections(String msisdn, String code) {
        PayoutRequest request = payout(msisdn);

        assertThat(mtn.send(request)).isInstanceOfSatisfying(PayoutOutcome.AccountFault.class, fault -> {
            assertThat(fault.code()).isEqualTo(code);
            assertThat(fault.reason()).doesNotContain(msisdn);
        });
        assertThat(mtn.query(request)).isInstanceOf(PayoutOutcome.NotFound.class);
    }

    /** Every FAILED number end to end: send, status query, a resend of the same reference, the callback. */
    @ParameterizedTest
    @CsvSource({
            "46733123450, INTERNAL_PROCESSING_ERROR, retryable",
            "46733123451, APPROVAL_REJECTED, rejected",
            "46733123452, EXPIRED, rejected",
            "46733123455, NOT_ENOUGH_FUNDS, account_fault",
            "46733123456, PAYER_LIMIT_REACHED, account_fault",
            "46733123457, PAYEE_NOT_FOUND, rejected",
            "46733123458, NOT_ALLOWED, rejected",
            "46733123459, PAYEE_NOT_ALLOWED_TO_RECEIVE, rejected",
            "46733123460, COULD_NOT_PERFORM_TRANSACTION, rejected",
            "46733123462, INTERNAL_PROCESSING_ERROR, retryable",
            "46733123463, SERVICE_UNAVAILABLE, retryable"})
    void aFailedTransferIsFinalForItsReferenceAndMappedByItsReason(String msisdn, String reason, String kind)
            throws Exception {
        PayoutRequest request = payout(msisdn);

        assertThat(mtn.send(request)).isInstanceOf(PayoutOutcome.Pending.class);
        PayoutOutcome outcome = mtn.query(request);

        assertThat(outcome.kind()).isEqualTo(kind);
        assertThat(outcome.describe()).contains(reason);
        if (!kind.equals("rejected")) {
            assertThat(outcome.describe()).as("the reference is spent").contains("reference spent");
        }
        assertThat(mtn.send(request)).as("FAILED is final for this reference").isInstanceOf(PayoutOutcome.Duplicate.class);
        assertThat(mtn.query(request)).isEqualTo(outcome);
        assertThat(executed(request)).isEmpty();
        awaitCallbacks(request, 1);
        assertThat(callbacks(request)).singleElement().extracting(CallbackSender.Delivery::httpStatus).isEqualTo(200);
    }

    @Test
    void aNewReferenceForTheSameBeneficiaryIsANewTransferThatMayBePaid() {
        PayoutRequest first = payout("46733123461");
        PayoutRequest next = new PayoutRequest(1L, ProviderReference.forAttempt(first.reference(), 2),
                first.walletE164(), first.amountMinor(), first.currency(), null, 2);

        assertThat(mtn.send(first)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(mtn.query(first)).isInstanceOfSatisfying(PayoutOutcome.Retryable.class,
                retryable -> assertThat(retryable.referenceSpent()).isTrue());
        assertThat(mtn.send(next)).isInstanceOf(PayoutOutcome.Pending.class);

        assertThat(mtn.query(next)).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(executed(first)).isEmpty();
        assertThat(executed(next)).hasSize(1);
    }

    @Test
    void aRefusedTokenGrantIsAnAccountFaultAndNothingIsSent() {
        MtnAdapter refused = MtnTestAdapters.withSettings(parts(), settings -> MtnTestAdapters.credential(settings,
                "api-user", "00000000-0000-4000-8000-000000000401"));
        PayoutRequest request = payout(ordinaryNumber());

        assertThat(refused.send(request)).isInstanceOfSatisfying(PayoutOutcome.AccountFault.class,
                fault -> assertThat(fault.code()).isEqualTo("TOKEN_REFUSED"));
        assertThat(refused.query(request)).isInstanceOf(PayoutOutcome.AccountFault.class);
        assertThat(mtn.query(request)).isInstanceOf(PayoutOutcome.NotFound.class);
    }

    @Test
    void theSandboxPendingNumberStaysPendingWithoutACallback() throws Exception {
        PayoutRequest request = payout("46733123454");

        assertThat(mtn.send(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(mtn.query(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(mtn.query(request)).isInstanceOf(PayoutOutcome.Pending.class);
        await("neither paid nor called back").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> executed(request).isEmpty() && callbacks(request).isEmpty());
    }

    @Test
    void theSandboxOngoingNumberIsPendingThenConfirmedAndCalledBackUnasked() throws Exception {
        MockProviderServers.state("mtn").updateSettings(java.util.Map.of("mtnOngoingMs", 300));
        PayoutRequest request = payout("46733123453");

        assertThat(mtn.send(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(mtn.query(request)).isInstanceOf(PayoutOutcome.Pending.class);
        awaitCallbacks(request, 1);

        assertThat(executed(request)).hasSize(1);
        assertThat(mtn.query(request)).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(callbacks(request)).singleElement().extracting(CallbackSender.Delivery::httpStatus).isEqualTo(200);
    }

    @Test
    void aDelayedTransferIsPendingThenConfirmedAndCalledBack() throws Exception {
        PayoutRequest request = payout("46733123202");

        assertThat(mtn.send(request)).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(mtn.query(request)).isInstanceOf(PayoutOutcome.Pending.class);
        PayoutOutcome later = mtn.query(request);

        assertThat(executed(request)).hasSize(1);
        assertThat(later).isInstanceOfSatisfying(PayoutOutcome.Confirmed.class, confirmed -> assertThat(
                confirmed.providerTransactionId()).isEqualTo(executed(request).get(0).providerTransactionId()));
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

        assertThat(mtn.query(request)).isInstanceOfSatisfying(PayoutOutcome.Confirmed.class, confirmed -> assertThat(
                confirmed.providerTransactionId()).isEqualTo(executed(request).get(0).providerTransactionId()));
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
