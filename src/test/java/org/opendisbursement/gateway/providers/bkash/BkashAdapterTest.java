package org.opendisbursement.gateway.providers.bkash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opendisbursement.gateway.providers.bkash.BkashMock.executed;
import static org.opendisbursement.gateway.providers.bkash.BkashMock.payout;
import static org.opendisbursement.gateway.providers.bkash.BkashMock.withTrxId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opendisbursement.gateway.dispatch.Claimed;
import org.opendisbursement.gateway.dispatch.PayoutCheck;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProviderAdapter;
import org.opendisbursement.gateway.dispatch.ProvidersProperties;
import org.opendisbursement.gateway.dispatch.Transitions;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.intake.Channel;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.beans.factory.annotation.Autowired;

/** The bKash adapter against the bKash mock over real HTTP: each answer and what the gateway makes of it. */
@GatewayTest
class BkashAdapterTest {

    @Autowired
    BkashAdapter bkash;

    @Autowired
    List<ProviderAdapter> adapters;

    @Autowired
    ProvidersProperties providers;

    @AfterEach
    void restoreMock() {
        BkashMock.control("{\"faultCode\": \"\", \"grantRefused\": false, \"duplicateWindowMs\": 60000}");
    }

    @Test
    void isFoundAsTheBkashAdapterWithTheCheckoutRootAsBaseUrl() {
        assertThat(adapters).contains(bkash);
        assertThat(bkash.channel()).isEqualTo(Channel.BKASH);
        assertThat(providers.require("bkash").baseUrl()).endsWith("/v1.2.0-beta/checkout");
    }

    @Test
    void aPayoutIsConfirmedWithTheTrxIdAndWhatBkashSaysItPaid() {
        PayoutRequest request = payout(ListFile.freshWallet(), 250_000);

        PayoutOutcome outcome = bkash.send(request);

        assertThat(outcome).isInstanceOfSatisfying(PayoutOutcome.Confirmed.class, confirmed -> {
            assertThat(confirmed.providerTransactionId()).isNotBlank();
            assertThat(confirmed.reported()).isEqualTo(new PayoutOutcome.Reported(250_000L, "BDT",
                    request.walletE164(), request.reference().toString()));
        });
        String trxId = ((PayoutOutcome.Confirmed) outcome).providerTransactionId();
        assertThat(executed(request)).isEqualTo(1);
        assertThat(bkash.query(withTrxId(request, trxId))).isInstanceOfSatisfying(PayoutOutcome.Confirmed.class,
                searched -> assertThat(searched.reported()).isEqualTo(new PayoutOutcome.Reported(250_000L, "BDT",
                        request.walletE164(), request.reference().toString())));
    }

    @Test
    void searchAnswersThatDisagreeAreNotBelieved() {
        PayoutRequest request = payout("01900000771");
        PayoutOutcome sent = bkash.send(request);
        assertThat(PayoutCheck.check(request, sent)).isInstanceOf(PayoutOutcome.Mismatch.class);

        String trxId = ((PayoutOutcome.Confirmed) sent).providerTransactionId();
        PayoutRequest known = withTrxId(request, trxId);
        assertThat(PayoutCheck.check(known, bkash.query(known))).isInstanceOfSatisfying(PayoutOutcome.Mismatch.class,
                mismatch -> assertThat(mismatch.fields()).isEqualTo("amount"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2012", "2009", "2045", "2057", "2058", "2039", "2040", "2006"})
    void documentedRefusalsAreRejectedWithTheCodeAndAPlainReason(String code) {
        PayoutRequest request = payout("0190000" + code);

        assertThat(bkash.send(request)).isInstanceOfSatisfying(PayoutOutcome.Rejected.class, rejected -> {
            assertThat(rejected.code()).isEqualTo(code);
            assertThat(rejected.reason()).isNotBlank().doesNotContain("0190000");
        });
        assertThat(executed(request)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001", "2037", "2043", "2044", "2046", "2067", "2023"})
    void merchantSideCodesAndAnUnfundedWalletAreAccountFaultsNotTheBeneficiarys(String code) {
        PayoutRequest request = payout("0190000" + code);

        assertThat(bkash.send(request)).isInstanceOfSatisfying(PayoutOutcome.AccountFault.class,
                fault -> assertThat(fault.code()).isEqualTo(code));
        assertThat(executed(request)).isZero();
    }

    @Test
    void anAccountFaultSwitchedOnAtBkashStopsEveryPayout() {
        BkashMock.control("{\"faultCode\": \"2067\"}");
        PayoutRequest request = payout(ListFile.freshWallet());

        assertThat(bkash.send(request)).isInstanceOf(PayoutOutcome.AccountFault.class);
        assertThat(executed(request)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2062", "2068"})
    void alreadyDoneIsNoProofAndGoesToAPerson(String code) {
        PayoutRequest request = payout("0190000" + code);

        assertThat(bkash.send(request)).isInstanceOfSatisfying(PayoutOutcome.Unverifiable.class,
                u -> assertThat(u.reason()).contains("merchant statement").contains(request.reference().toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2020", "2024"})
    void bkashExceptionsAreRetryable(String code) {
        PayoutRequest request = payout("0190000" + code);

        assertThat(bkash.send(request)).isInstanceOfSatisfying(PayoutOutcome.Retryable.class,
                retryable -> assertThat(retryable.code()).isEqualTo(code));
        assertThat(executed(request)).isZero();
    }

    @Test
    void only503WithTheMaintenanceMessageIsRetryableAnyOther5xxIsUnknown() {
        assertThat(bkash.send(payout("01900000503"))).isInstanceOfSatisfying(PayoutOutcome.Retryable.class,
                retryable -> assertThat(retryable.code()).isEqualTo("HTTP_503"));
        assertThat(bkash.send(payout("01900000502"))).isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(bkash.send(payout("01900000500"))).isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(bkash.send(payout("01900000429"))).isInstanceOf(PayoutOutcome.Retryable.class);
    }

    @Test
    void aLostAnswerIsUnknownAndTheQueryNeverSendsAgainButSendsAPersonToTheStatement() {
        PayoutRequest request = payout("01900000408");

        assertThat(bkash.send(request)).isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(executed(request)).isEqualTo(1);

        assertThat(bkash.query(request)).isInstanceOfSatisfying(PayoutOutcome.Unverifiable.class,
                u -> assertThat(u.reason()).contains("merchant statement")
                        .contains("merchantInvoiceNumber " + request.reference()));
        assertThat(executed(request)).isEqualTo(1);
    }

    @Test
    void aTrxIdBkashCannotFindIsForAPersonNotAResend() {
        PayoutRequest request = withTrxId(payout(ListFile.freshWallet()), "BK9ZZZZZZZ");

        assertThat(bkash.query(request)).isInstanceOfSatisfying(PayoutOutcome.Unverifiable.class,
                u -> assertThat(u.reason()).contains("2033").contains("merchant statement"));
    }

    @Test
    void aSharedFamilyPhoneIsPaidTwiceOnceEachAfterTheWindowNeverTakenAsAlreadyPaid() {
        BkashMock.control("{\"duplicateWindowMs\": 1500}");
        String wallet = ListFile.freshWallet();
        PayoutRequest mother = payout(wallet, 250_000);
        PayoutRequest daughter = payout(wallet, 250_000);

        assertThat(bkash.send(mother)).isInstanceOf(PayoutOutcome.Confirmed.class);
        PayoutOutcome refused = bkash.send(daughter);

        assertThat(refused).isInstanceOfSatisfying(PayoutOutcome.Retryable.class, retryable -> {
            assertThat(retryable.code()).isEqualTo("2029");
            assertThat(retryable.referenceSpent()).isFalse();
            assertThat(retryable.notBefore()).isEqualTo(Duration.ofMinutes(10));
        });
        assertThat(executed(daughter)).isZero();
        // dispatch spaces the next attempt by at least the window, whatever its own back-off says
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        var move = new Transitions(RandomGenerator.of("L64X128MixRandom"))
                .afterSend(new Claimed("bkash", InstallmentState.SUBMITTED, 1, 0, now, daughter), refused, now,
                        providers.require("bkash"));
        assertThat(move.to()).isEqualTo(InstallmentState.READY);
        assertThat(move.nextAttemptAt()).isAfterOrEqualTo(now.plus(Duration.ofMinutes(10)));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(300))
                .until(() -> bkash.send(daughter) instanceof PayoutOutcome.Confirmed);
        assertThat(executed(mother)).isEqualTo(1);
        assertThat(executed(daughter)).isEqualTo(1);
    }

    @Test
    void theSameReferenceIsNeverSentAgainOncePaid() {
        PayoutRequest request = payout(ListFile.freshWallet());

        assertThat(bkash.send(request)).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(bkash.send(request)).isInstanceOf(PayoutOutcome.Duplicate.class);
        assertThat(executed(request)).isEqualTo(1);
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
        assertThat(executed(request)).isEqualTo(1);
    }

    @Test
    void aRefusedTokenIsReplacedOnceAndTheSamePayoutMadeOnce() {
        bkash.tokens().hold("bkash-revoked-token");
        PayoutRequest request = payout(ListFile.freshWallet());

        assertThat(bkash.send(request)).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(executed(request)).isEqualTo(1);
    }

    @Test
    void whatBkashCannotPayIsRejectedBeforeAnythingIsSentAndAQueryNeverFailsIt() {
        PayoutRequest dollars = new PayoutRequest(1L, java.util.UUID.randomUUID(), "+8801712345678", 100, "USD",
                null, 1);
        PayoutRequest kenyan = new PayoutRequest(1L, java.util.UUID.randomUUID(), "+254708374149", 100, "BDT", null,
                1);

        assertThat(bkash.send(dollars)).isInstanceOfSatisfying(PayoutOutcome.Rejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo("INVALID_AMOUNT"));
        assertThat(bkash.send(kenyan)).isInstanceOfSatisfying(PayoutOutcome.Rejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo("INVALID_WALLET"));
        assertThat(bkash.query(kenyan)).isInstanceOf(PayoutOutcome.Unverifiable.class);
    }
}
