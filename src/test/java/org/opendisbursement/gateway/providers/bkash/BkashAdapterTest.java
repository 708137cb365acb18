package org.opendisbursement.gateway.providers.bkash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProviderAdapter;
import org.opendisbursement.gateway.dispatch.ProvidersProperties;
import org.opendisbursement.gateway.intake.Channel;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.opendisbursement.gateway.support.MockProviderServers;
import org.opendisbursement.mock.ExecutedPayout;
import org.springframework.beans.factory.annotation.Autowired;

/** The bKash adapter against the bKash mock over real HTTP: one test per scenario of the mock's README. */
@GatewayTest
class BkashAdapterTest {

    @Autowired
    BkashAdapter bkash;

    @Autowired
    List<ProviderAdapter> adapters;

    @Autowired
    ProvidersProperties providers;

    /** A payout of BDT 2,500.00 to {@code localWallet} (01XXXXXXXXX) under a fresh reference. */
    private static PayoutRequest payout(String localWallet) {
        return payout(localWallet, 250_000);
    }

    private static PayoutRequest payout(String localWallet, long amountMinor) {
        return new PayoutRequest(1L, UUID.randomUUID(), "+88" + localWallet, amountMinor, "BDT", null, 1);
    }

    private static PayoutRequest withTrxId(PayoutRequest request, String trxId) {
        return new PayoutRequest(request.installmentId(), request.reference(), request.walletE164(),
                request.amountMinor(), request.currency(), trxId, request.attempt() + 1);
    }

    private static List<ExecutedPayout> executed(PayoutRequest request) {
        return MockProviderServers.state("bkash").journal().executed().stream()
                .filter(payout -> payout.reference().equals(request.reference().toString())).toList();
    }

    @Test
    void isFoundAsTheBkashAdapter() {
        assertThat(adapters).contains(bkash);
        assertThat(bkash.name()).isEqualTo("bkash");
        assertThat(bkash.channel()).isEqualTo(Channel.BKASH);
    }

    @Test
    void aPayoutIsConfirmedWithTheTrxIdAndExecutedOnceInBkashForm() {
        String wallet = ListFile.freshWallet();
        PayoutRequest request = payout(wallet, 250_000);

        PayoutOutcome outcome = bkash.send(request);

        assertThat(outcome).isInstanceOf(PayoutOutcome.Confirmed.class);
        String trxId = ((PayoutOutcome.Confirmed) outcome).providerTransactionId();
        assertThat(trxId).isNotBlank();
        assertThat(executed(request)).singleElement().satisfies(payout -> {
            assertThat(payout.amount()).isEqualTo("2500.00");
            assertThat(payout.currency()).isEqualTo("BDT");
            assertThat(payout.wallet()).isEqualTo(wallet);
            assertThat(payout.providerTransactionId()).isEqualTo(trxId);
        });
        assertThat(bkash.query(withTrxId(request, trxId))).isEqualTo(new PayoutOutcome.Confirmed(trxId));
    }

    @Test
    void paisaAmountsAreSentWithTwoDecimals() {
        PayoutRequest request = payout(ListFile.freshWallet(), 1);

        assertThat(bkash.send(request)).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(executed(request)).singleElement().extracting(ExecutedPayout::amount).isEqualTo("0.01");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2012", "2009", "2045", "2057", "2058", "2039", "2040", "2006"})
    void permanentRefusalsAreRejectedWithTheCodeAndAPlainReason(String code) {
        PayoutRequest request = payout("0190000" + code);

        PayoutOutcome outcome = bkash.send(request);

        assertThat(outcome).isInstanceOf(PayoutOutcome.Rejected.class);
        assertThat(((PayoutOutcome.Rejected) outcome).code()).isEqualTo(code);
        assertThat(((PayoutOutcome.Rejected) outcome).reason()).isNotBlank().doesNotContain("0190000");
        assertThat(executed(request)).isEmpty();
    }

    @Test
    void insufficientBalanceIsRetryableBecauseToppingUpFixesIt() {
        PayoutRequest request = payout("01900002023");

        PayoutOutcome outcome = bkash.send(request);

        assertThat(outcome).isInstanceOf(PayoutOutcome.Retryable.class);
        assertThat(((PayoutOutcome.Retryable) outcome).code()).isEqualTo("2023");
        assertThat(((PayoutOutcome.Retryable) outcome).reason()).contains("lacks funds");
        assertThat(executed(request)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2020", "2024"})
    void bkashExceptionsAreRetryable(String code) {
        PayoutRequest request = payout("0190000" + code);

        assertThat(bkash.send(request)).isInstanceOfSatisfying(PayoutOutcome.Retryable.class,
                retryable -> assertThat(retryable.code()).isEqualTo(code));
        assertThat(executed(request)).isEmpty();
    }

    @Test
    void rateLimitingAndMaintenanceAreRetryable() {
        assertThat(bkash.send(payout("01900000429"))).isInstanceOfSatisfying(PayoutOutcome.Retryable.class,
                retryable -> assertThat(retryable.code()).isEqualTo("HTTP_429"));
        assertThat(bkash.send(payout("01900000503"))).isInstanceOfSatisfying(PayoutOutcome.Retryable.class,
                retryable -> assertThat(retryable.code()).isEqualTo("HTTP_503"));
    }

    @Test
    void aServerErrorIsUnknown() {
        PayoutRequest request = payout("01900000500");

        assertThat(bkash.send(request)).isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(executed(request)).isEmpty();
    }

    @Test
    void aResetBeforeRecordIsUnknownAndTheProbeLearnsNothingNewWhileTheLineStaysDown() {
        PayoutRequest request = payout("01900000499");

        assertThat(bkash.send(request)).isInstanceOf(PayoutOutcome.Unknown.class);
        // the probe re-sends the same invoice; this wallet's requests always lose their connection
        assertThat(bkash.query(request)).isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(executed(request)).isEmpty();
    }

    @Test
    void aSearchForATrxIdBkashDoesNotKnowIsNotFound() {
        PayoutRequest request = withTrxId(payout(ListFile.freshWallet()), "BK9ZZZZZZZ");

        assertThat(bkash.query(request)).isInstanceOf(PayoutOutcome.NotFound.class);
    }

    @Test
    void aLostAnswerIsUnknownAndTheProbeConfirmsItWithoutPayingTwice() {
        PayoutRequest request = payout("01900000408");

        assertThat(bkash.send(request)).isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(executed(request)).hasSize(1);

        // no trxID came back: the probe re-sends the same merchantInvoiceNumber and reads 2029 as "already executed"
        assertThat(bkash.query(request)).isEqualTo(new PayoutOutcome.Confirmed(null));
        assertThat(executed(request)).hasSize(1);

        // with the trxID (from reconciliation) the search confirms it too
        String trxId = executed(request).get(0).providerTransactionId();
        assertThat(bkash.query(withTrxId(request, trxId))).isEqualTo(new PayoutOutcome.Confirmed(trxId));
    }

    @Test
    void theProbeOfAPayoutBkashNeverGotExecutesItOnce() {
        PayoutRequest request = payout(ListFile.freshWallet());

        PayoutOutcome probed = bkash.query(request);

        assertThat(probed).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(executed(request)).singleElement().extracting(ExecutedPayout::providerTransactionId)
                .isEqualTo(((PayoutOutcome.Confirmed) probed).providerTransactionId());
        assertThat(bkash.query(request)).isEqualTo(new PayoutOutcome.Confirmed(null));
        assertThat(executed(request)).hasSize(1);
    }

    @Test
    void theSameReferenceSentTwiceIsADuplicateAndPaidOnce() {
        PayoutRequest request = payout(ListFile.freshWallet());

        assertThat(bkash.send(request)).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(bkash.send(request)).isInstanceOf(PayoutOutcome.Duplicate.class);
        assertThat(executed(request)).hasSize(1);
    }

    @Test
    void concurrentSendsOfOneReferencePayOnce() throws Exception {
        PayoutRequest request = payout(ListFile.freshWallet());
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Callable<PayoutOutcome>> calls = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                calls.add(() -> bkash.send(request));
            }
            List<PayoutOutcome> outcomes = new ArrayList<>();
            for (Future<PayoutOutcome> future : pool.invokeAll(calls)) {
                outcomes.add(future.get());
            }
            assertThat(outcomes).filteredOn(PayoutOutcome.Confirmed.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(PayoutOutcome.Duplicate.class::isInstance).hasSize(23);
        } finally {
            pool.shutdownNow();
        }
        assertThat(executed(request)).hasSize(1);
    }

    /**
     * The mock's provider-side 2029 for a new invoice: the probe takes bKash at its word and confirms without a
     * trxID, although nothing was paid. Only reconciliation against the bKash statement can catch this; the test
     * pins the behaviour so that a change to it is deliberate.
     */
    @Test
    void aProviderSideDuplicateIsTakenAtItsWordUntilReconciliation() {
        PayoutRequest request = payout("01900002029");

        assertThat(bkash.send(request)).isInstanceOf(PayoutOutcome.Duplicate.class);
        assertThat(bkash.query(request)).isEqualTo(new PayoutOutcome.Confirmed(null));
        assertThat(executed(request)).isEmpty();
    }

    @Test
    void aSlowAnswerStillConfirms() {
        PayoutRequest request = payout("01900000901");

        assertThat(bkash.send(request)).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(executed(request)).hasSize(1);
    }

    @Test
    void theTokenIsGrantedOnceAndReused() throws Exception {
        var settings = providers.require("bkash");
        assertThat(bkash.send(payout(ListFile.freshWallet()))).isInstanceOf(PayoutOutcome.Confirmed.class);
        String token = bkash.tokens().get(settings, settings.baseUrl());

        assertThat(bkash.send(payout(ListFile.freshWallet()))).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(bkash.send(payout(ListFile.freshWallet()))).isInstanceOf(PayoutOutcome.Confirmed.class);

        assertThat(bkash.tokens().get(settings, settings.baseUrl())).isEqualTo(token);
    }

    @Test
    void aRefusedTokenIsReplacedOnceAndTheSamePayoutMadeOnce() throws Exception {
        var settings = providers.require("bkash");
        bkash.tokens().hold("bkash-revoked-token");
        PayoutRequest request = payout(ListFile.freshWallet());

        assertThat(bkash.send(request)).isInstanceOf(PayoutOutcome.Confirmed.class);

        assertThat(executed(request)).hasSize(1);
        assertThat(bkash.tokens().get(settings, settings.baseUrl())).isNotEqualTo("bkash-revoked-token");
    }

    @Test
    void whatBkashCannotPayIsRejectedBeforeAnythingIsSent() {
        PayoutRequest dollars = new PayoutRequest(1L, UUID.randomUUID(), "+8801712345678", 100, "USD", null, 1);
        PayoutRequest kenyan = new PayoutRequest(1L, UUID.randomUUID(), "+254708374149", 100, "BDT", null, 1);

        assertThat(bkash.send(dollars)).isInstanceOfSatisfying(PayoutOutcome.Rejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo("INVALID_AMOUNT"));
        assertThat(bkash.send(kenyan)).isInstanceOfSatisfying(PayoutOutcome.Rejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo("INVALID_WALLET"));
        // a status query must never turn a payout that may have been made into a failure
        assertThat(bkash.query(kenyan)).isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(bkash.query(dollars)).isInstanceOf(PayoutOutcome.Unknown.class);
    }
}
