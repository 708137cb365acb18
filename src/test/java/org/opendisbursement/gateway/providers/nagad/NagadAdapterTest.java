package org.opendisbursement.gateway.providers.nagad;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProviderAdapter;
import org.opendisbursement.gateway.dispatch.ProvidersProperties;
import org.opendisbursement.gateway.intake.Channel;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.MockProviderServers;
import org.opendisbursement.gateway.support.MutableClock;
import org.opendisbursement.mock.ExecutedPayout;
import org.opendisbursement.mock.MockState;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Nagad adapter against the Nagad mock over real HTTP: the handshake, every scenario of the mock README's Nagad
 * table, and the session's life (shared by many payouts, replaced when Nagad or the adapter's age limit ends it).
 * The mock's journal proves what was paid, and that nothing was paid twice.
 */
@GatewayTest
class NagadAdapterTest {

    private static final AtomicLong INSTALLMENT = new AtomicLong(9_000_000);

    @Autowired
    NagadAdapter adapter;
    @Autowired
    NagadSessions sessions;
    @Autowired
    ProvidersProperties providers;
    @Autowired
    MutableClock clock;
    @Autowired
    List<ProviderAdapter> adapters;

    @BeforeEach
    void realTime() {
        // the mock refuses a handshake whose requestDateTime is more than 24 h away from the real time
        clock.reset();
    }

    @Test
    void isTheNagadProviderAdapter() {
        assertThat(adapters).contains(adapter);
        assertThat(adapter.name()).isEqualTo("nagad");
        assertThat(adapter.channel()).isEqualTo(Channel.NAGAD);
    }

    @Test
    void handshakeOpensAVerifiedSessionThatIsThenReused() throws Exception {
        sessions.discardAll();
        int before = sessions.handshakeCount();

        NagadSession session = sessions.current(providers.require("nagad"));

        assertThat(sessions.handshakeCount()).isEqualTo(before + 1);
        assertThat(session.apiKey()).isNotBlank();
        assertThat(session.keyId()).startsWith("KID");
        assertThat(session.key()).hasSize(16);
        assertThat(session.iv()).hasSize(16);
        assertThat(session.challenge()).isNotBlank();
        assertThat(session.toString()).doesNotContain(session.apiKey()).doesNotContain(session.challenge());
        assertThat(sessions.current(providers.require("nagad"))).isSameAs(session);
        assertThat(sessions.handshakeCount()).isEqualTo(before + 1);
    }

    @Test
    void anyOtherWalletIsPaidAndConfirmedWithTheRechargeId() {
        PayoutRequest request = payout(freshWallet(), 123_456);

        PayoutOutcome sent = adapter.send(request);

        assertThat(sent).isInstanceOf(PayoutOutcome.Confirmed.class);
        List<ExecutedPayout> paid = executed(request);
        assertThat(paid).hasSize(1);
        assertThat(paid.get(0).amount()).isEqualTo("1234.56");
        assertThat(paid.get(0).currency()).isEqualTo("BDT");
        assertThat(paid.get(0).wallet()).isEqualTo("0" + request.walletE164().substring(4));
        String rechargeId = ((PayoutOutcome.Confirmed) sent).providerTransactionId();
        assertThat(rechargeId).isEqualTo(paid.get(0).providerTransactionId()).startsWith("NG");
        assertThat(adapter.query(withTransactionId(request, rechargeId)))
                .isEqualTo(new PayoutOutcome.Confirmed(rechargeId));
    }

    @ParameterizedTest
    @CsvSource({
            "01800000002, INVALID_ACCOUNT",
            "01800000003, ACCOUNT_NOT_FOUND",
            "01800000004, ACCOUNT_INACTIVE",
            "01800000005, LIMIT_EXCEEDED"})
    void businessRejectionsAreFinalAndPayNothing(String wallet, String reason) {
        PayoutRequest request = payout(wallet, 250_000);

        PayoutOutcome sent = adapter.send(request);

        assertThat(sent).isInstanceOf(PayoutOutcome.Rejected.class);
        assertThat(((PayoutOutcome.Rejected) sent).code()).isEqualTo(reason);
        assertThat(((PayoutOutcome.Rejected) sent).reason()).isNotBlank().doesNotContain(wallet);
        assertThat(executed(request)).isEmpty();
        assertThat(adapter.query(request)).isInstanceOf(PayoutOutcome.NotFound.class);
    }

    @Test
    void insufficientMerchantBalanceIsRetryable() {
        PayoutRequest request = payout("01800000001", 250_000);

        PayoutOutcome sent = adapter.send(request);

        assertThat(sent).isInstanceOf(PayoutOutcome.Retryable.class);
        assertThat(((PayoutOutcome.Retryable) sent).code()).isEqualTo("INSUFFICIENT_BALANCE");
        assertThat(executed(request)).isEmpty();
        assertThat(adapter.query(request)).isInstanceOf(PayoutOutcome.NotFound.class);
    }

    @Test
    void providerSideDuplicateIsDuplicateAndTheQuerySaysNotFound() {
        PayoutRequest request = payout("01800000029", 250_000);

        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Duplicate.class);
        assertThat(adapter.query(request)).isInstanceOf(PayoutOutcome.NotFound.class);
        assertThat(executed(request)).isEmpty();
    }

    @Test
    void pendingThenSuccessIsPendingUntilTheStatusSaysCompleted() {
        PayoutRequest request = payout("01800000202", 250_000);

        PayoutOutcome sent = adapter.send(request);

        assertThat(sent).isInstanceOf(PayoutOutcome.Pending.class);
        String rechargeId = ((PayoutOutcome.Pending) sent).providerTransactionId();
        assertThat(rechargeId).startsWith("NG");
        PayoutOutcome queried = adapter.query(withTransactionId(request, rechargeId));
        assertThat(queried).isEqualTo(new PayoutOutcome.Confirmed(rechargeId));
        assertThat(executed(request)).hasSize(1);
    }

    @Test
    void theSameReferenceIsNeverPaidTwice() {
        PayoutRequest request = payout(freshWallet(), 250_000);

        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(adapter.send(retry(request))).isInstanceOf(PayoutOutcome.Duplicate.class);

        assertThat(executed(request)).hasSize(1);
        assertThat(executed(request).get(0).amount()).isEqualTo("2500.00");
        assertThat(adapter.query(request)).isInstanceOf(PayoutOutcome.Confirmed.class);
    }

    @ParameterizedTest
    @CsvSource({
            "01800000429, retryable, TOO_MANY_REQUESTS",
            "01800000503, retryable, SERVICE_UNAVAILABLE",
            "01800000500, unknown,"})
    void transportRefusalsPayNothing(String wallet, String kind, String code) {
        PayoutRequest request = payout(wallet, 250_000);

        PayoutOutcome sent = adapter.send(request);

        assertThat(sent.kind()).isEqualTo(kind);
        if (sent instanceof PayoutOutcome.Retryable retryable) {
            assertThat(retryable.code()).isEqualTo(code);
        }
        assertThat(executed(request)).isEmpty();
        assertThat(adapter.query(request)).isInstanceOf(PayoutOutcome.NotFound.class);
    }

    @Test
    void resetBeforeRecordIsUnknownThenNotFoundAndMayBeSentAgain() {
        PayoutRequest request = payout("01800000499", 250_000);

        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(adapter.query(request)).isInstanceOf(PayoutOutcome.NotFound.class);
        assertThat(executed(request)).isEmpty();
    }

    @Test
    void timeoutAfterRecordIsUnknownThenConfirmedByTheQueryAndPaidOnce() {
        PayoutRequest request = payout("01800000408", 250_000);

        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Unknown.class);
        PayoutOutcome queried = adapter.query(request);

        assertThat(queried).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(executed(request)).hasSize(1);
        assertThat(((PayoutOutcome.Confirmed) queried).providerTransactionId())
                .isEqualTo(executed(request).get(0).providerTransactionId());
        // a careless resend would be refused, not paid
        assertThat(adapter.send(retry(request))).isInstanceOf(PayoutOutcome.Duplicate.class);
        assertThat(executed(request)).hasSize(1);
    }

    @Test
    void slowAnswerWithinTheReadTimeoutIsConfirmed() {
        PayoutRequest request = payout("01800000901", 250_000);

        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(executed(request)).hasSize(1);
    }

    @Test
    void oneSessionServesManyPayoutsInParallel() throws Exception {
        sessions.discardAll();
        int before = sessions.handshakeCount();
        List<PayoutRequest> requests = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            requests.add(payout(freshWallet(), 10_000 + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<PayoutOutcome>> outcomes = new ArrayList<>();
            for (PayoutRequest request : requests) {
                outcomes.add(pool.submit(() -> adapter.send(request)));
            }
            for (Future<PayoutOutcome> outcome : outcomes) {
                assertThat(outcome.get()).isInstanceOf(PayoutOutcome.Confirmed.class);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(adapter.send(payout(freshWallet(), 5_000))).isInstanceOf(PayoutOutcome.Confirmed.class);

        assertThat(sessions.handshakeCount()).isEqualTo(before + 1);
        for (PayoutRequest request : requests) {
            assertThat(executed(request)).hasSize(1);
        }
    }

    @Test
    void aSessionNagadNoLongerKnowsIsReplacedAndThePayoutMadeOnce() throws Exception {
        shortLivedSessionAtTheMock();
        int before = sessions.handshakeCount();
        PayoutRequest request = payout(freshWallet(), 250_000);

        // the mock answers INVALID_KEY_ID: not executed, so a fresh handshake and one more try
        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Confirmed.class);

        assertThat(sessions.handshakeCount()).isEqualTo(before + 1);
        assertThat(executed(request)).hasSize(1);
    }

    @Test
    void aStatusQueryWithAnExpiredSessionIsAskedAgainInANewOne() throws Exception {
        PayoutRequest request = payout(freshWallet(), 250_000);
        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Confirmed.class);
        shortLivedSessionAtTheMock();
        int before = sessions.handshakeCount();

        // the mock answers INVALID_API_KEY to the status query
        assertThat(adapter.query(request)).isInstanceOf(PayoutOutcome.Confirmed.class);

        assertThat(sessions.handshakeCount()).isEqualTo(before + 1);
    }

    @Test
    void theAdapterOpensANewSessionOnceTheOldOneIsTooOld() {
        assertThat(adapter.send(payout(freshWallet(), 250_000))).isInstanceOf(PayoutOutcome.Confirmed.class);
        int before = sessions.handshakeCount();
        try {
            clock.advance(Duration.ofMinutes(51));

            assertThat(adapter.send(payout(freshWallet(), 250_000))).isInstanceOf(PayoutOutcome.Confirmed.class);
            assertThat(adapter.send(payout(freshWallet(), 250_000))).isInstanceOf(PayoutOutcome.Confirmed.class);

            assertThat(sessions.handshakeCount()).isEqualTo(before + 1);
        } finally {
            clock.reset();
        }
    }

    @Test
    void walletsAndAmountsNagadCannotPayAreRejectedWithoutAsking() {
        int before = sessions.handshakeCount();
        PayoutRequest kenyan = new PayoutRequest(INSTALLMENT.incrementAndGet(), UUID.randomUUID(), "+254708374149",
                250_000, "BDT", null, 1);
        PayoutRequest shillings = new PayoutRequest(INSTALLMENT.incrementAndGet(), UUID.randomUUID(),
                "+88" + freshWallet(), 250_000, "KES", null, 1);

        assertThat(adapter.send(kenyan)).isInstanceOf(PayoutOutcome.Rejected.class);
        assertThat(adapter.send(shillings)).isInstanceOf(PayoutOutcome.Rejected.class);
        assertThat(adapter.send(payout(freshWallet(), 0))).isInstanceOf(PayoutOutcome.Rejected.class);
        assertThat(sessions.handshakeCount()).isEqualTo(before);
    }

    /**
     * Opens a session the mock forgets after one second (its TTL is restored right after, so only this session is
     * short-lived), and waits until the mock has forgotten it while the adapter still holds it.
     */
    private void shortLivedSessionAtTheMock() throws Exception {
        MockState mock = MockProviderServers.state("nagad");
        long ttl = mock.settings().tokenTtlSeconds();
        sessions.discardAll();
        mock.updateSettings(Map.of("tokenTtlSeconds", 1));
        try {
            sessions.current(providers.require("nagad"));
        } finally {
            mock.updateSettings(Map.of("tokenTtlSeconds", ttl));
        }
        Thread.sleep(1_500);
    }

    private static PayoutRequest payout(String localWallet, long amountMinor) {
        return new PayoutRequest(INSTALLMENT.incrementAndGet(), UUID.randomUUID(), "+88" + localWallet, amountMinor,
                "BDT", null, 1);
    }

    private static PayoutRequest retry(PayoutRequest request) {
        return new PayoutRequest(request.installmentId(), request.reference(), request.walletE164(),
                request.amountMinor(), request.currency(), request.providerTransactionId(), request.attempt() + 1);
    }

    private static PayoutRequest withTransactionId(PayoutRequest request, String providerTransactionId) {
        return new PayoutRequest(request.installmentId(), request.reference(), request.walletE164(),
                request.amountMinor(), request.currency(), providerTransactionId, request.attempt());
    }

    /** A wallet no magic scenario uses (017 and 8 random digits). */
    private static String freshWallet() {
        return "017" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    private static List<ExecutedPayout> executed(PayoutRequest request) {
        String reference = request.reference().toString();
        return MockProviderServers.state("nagad").journal().executed().stream()
                .filter(payout -> payout.reference().equals(reference))
                .toList();
    }
}
