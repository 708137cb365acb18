package org.opendisbursement.gateway.providers.nagad;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.json.JsonMapper;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opendisbursement.gateway.dispatch.PayoutCheck;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProviderAdapter;
import org.opendisbursement.gateway.dispatch.ProviderHttp;
import org.opendisbursement.gateway.dispatch.ProvidersProperties;
import org.opendisbursement.gateway.intake.Channel;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.MockProviderServers;
import org.opendisbursement.gateway.support.MutableClock;
import org.opendisbursement.mock.ExecutedPayout;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Nagad adapter against the Nagad mock over real HTTP: one handshake per payout, the static merchant HMAC key,
 * errors that come without sensitiveData (HTTP 200 included), the status query with the payout's own request time
 * and rechargeId, and what a lost answer leaves (a person, never a resend). The mock's journal proves what was paid.
 */
@GatewayTest
class NagadAdapterTest {

    private static final AtomicLong INSTALLMENT = new AtomicLong(9_000_000);

    @Autowired
    NagadAdapter adapter;
    @Autowired
    NagadHandshake handshake;
    @Autowired
    ProviderHttp http;
    @Autowired
    JsonMapper json;
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
    void aPayoutIsPaidOnceAndConfirmedWithTheFactsNagadReportsAndBothIds() {
        PayoutRequest request = payout(freshWallet(), 123_456);

        PayoutOutcome sent = adapter.send(request);

        assertThat(sent).isInstanceOf(PayoutOutcome.Confirmed.class);
        PayoutOutcome.Confirmed confirmed = (PayoutOutcome.Confirmed) sent;
        List<ExecutedPayout> paid = executed(request);
        assertThat(paid).hasSize(1);
        assertThat(paid.get(0).amount()).isEqualTo("1234.56");
        assertThat(paid.get(0).wallet()).isEqualTo("0" + request.walletE164().substring(4));
        NagadTransaction transaction = NagadTransaction.parse(confirmed.providerTransactionId());
        assertThat(transaction.rechargeId()).isEqualTo(paid.get(0).providerTransactionId());
        assertThat(transaction.issuerTxnId()).startsWith("ISS");
        assertThat(confirmed.reported()).isEqualTo(new PayoutOutcome.Reported(123_456L, null, request.walletE164(),
                request.reference().toString()));
        assertThat(PayoutCheck.check(request, sent)).isEqualTo(sent);
    }

    @Test
    void everyPayoutAndEveryStatusQueryHasItsOwnHandshake() {
        int before = handshake.count();
        PayoutRequest first = payout(freshWallet(), 10_000);
        PayoutRequest second = payout(freshWallet(), 20_000);

        PayoutOutcome firstSent = adapter.send(first);
        adapter.send(second);
        adapter.query(withTransactionId(first, ((PayoutOutcome.Confirmed) firstSent).providerTransactionId()));

        // a payout's own status check reuses its session (as the client does); a later query opens a new one
        assertThat(handshake.count()).isEqualTo(before + 3);
        assertThat(executed(first)).hasSize(1);
        assertThat(executed(second)).hasSize(1);
    }

    @Test
    void theStatusQueryRepeatsThePayoutsOwnRequestTimeAndRechargeIdHoursLater() {
        PayoutRequest request = payout(freshWallet(), 250_000);
        String stored = ((PayoutOutcome.Confirmed) adapter.send(request)).providerTransactionId();
        NagadTransaction transaction = NagadTransaction.parse(stored);
        try {
            clock.advance(Duration.ofHours(3));

            PayoutOutcome queried = adapter.query(withTransactionId(request, stored));
            PayoutOutcome otherTime = adapter.query(withTransactionId(request, new NagadTransaction(
                    transaction.issuerTxnId(), transaction.rechargeId(), NagadProtocol.requestDateTime(clock)).encoded()));

            assertThat(queried).isInstanceOf(PayoutOutcome.Confirmed.class);
            assertThat(((PayoutOutcome.Confirmed) queried).providerTransactionId()).isEqualTo(stored);
            // Nagad knows no payout under another request time: undocumented, so a person looks; never a resend
            assertThat(otherTime).isInstanceOf(PayoutOutcome.Unverifiable.class);
        } finally {
            clock.reset();
        }
        assertThat(executed(request)).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({
            "01800000001, INSUFFICIENT_BALANCE",
            "01800000006, MERCHANT_NOT_ACTIVE",
            "01800000007, IP_NOT_WHITELISTED"})
    void accountFaultsComeWithHttp200AndPauseTheProviderNotTheBeneficiary(String wallet, String reason) {
        PayoutRequest request = payout(wallet, 250_000);

        PayoutOutcome sent = adapter.send(request);

        assertThat(sent).isInstanceOfSatisfying(PayoutOutcome.AccountFault.class,
                fault -> assertThat(fault.code()).isEqualTo(reason));
        assertThat(executed(request)).isEmpty();
    }

    @Test
    void aTransactionSignatureUnderAnotherHmacKeyIsRefusedAsTheAccountsFault() {
        Map<String, String> credentials = NagadHandshakeTest.credentials();
        credentials.remove("hmac-key-file");
        byte[] wrongKey = new byte[32];
        ThreadLocalRandom.current().nextBytes(wrongKey);
        credentials.put("hmac-key", HexFormat.of().formatHex(wrongKey));
        NagadAdapter wrong = new NagadAdapter(new ProvidersProperties(Map.of("nagad",
                NagadHandshakeTest.settings(credentials))), http, new NagadHandshake(http, json), json, clock);
        PayoutRequest request = payout(freshWallet(), 250_000);

        PayoutOutcome sent = wrong.send(request);

        assertThat(sent).isInstanceOfSatisfying(PayoutOutcome.AccountFault.class,
                fault -> assertThat(fault.code()).isEqualTo("INVALID_SIGNATURE"));
        assertThat(executed(request)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "01800000002, INVALID_ACCOUNT",
            "01800000003, ACCOUNT_NOT_FOUND",
            "01800000004, ACCOUNT_INACTIVE",
            "01800000005, LIMIT_EXCEEDED"})
    void beneficiaryRefusalsAreFinalAndPayNothing(String wallet, String reason) {
        PayoutRequest request = payout(wallet, 250_000);

        PayoutOutcome sent = adapter.send(request);

        assertThat(sent).isInstanceOfSatisfying(PayoutOutcome.Rejected.class, rejected -> {
            assertThat(rejected.code()).isEqualTo(reason);
            assertThat(rejected.reason()).isNotBlank().doesNotContain(wallet);
        });
        assertThat(executed(request)).isEmpty();
    }

    @Test
    void aLostAnswerLeavesAPersonTheReferenceToLookForAndIsNeverResentOrConfirmed() {
        PayoutRequest request = payout("01800000408", 250_000);

        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Unknown.class);
        PayoutOutcome queried = adapter.query(request);

        assertThat(queried).isInstanceOfSatisfying(PayoutOutcome.Unverifiable.class, unverifiable -> assertThat(
                unverifiable.reason()).contains("merchant statement").contains(request.reference().toString()));
        assertThat(executed(request)).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({
            "01800000429, retryable",
            "01800000503, unknown",
            "01800000500, unknown",
            "01800000499, unknown"})
    void transportFailuresAreRetryableOnlyWhenNagadCertainlyDidNothing(String wallet, String kind) {
        PayoutRequest request = payout(wallet, 250_000);

        PayoutOutcome sent = adapter.send(request);

        assertThat(sent.kind()).isEqualTo(kind);
        assertThat(executed(request)).isEmpty();
    }

    @Test
    void theSameReferenceIsNeverPaidTwice() {
        PayoutRequest request = payout(freshWallet(), 250_000);

        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(adapter.send(retry(request))).isInstanceOf(PayoutOutcome.Duplicate.class);
        assertThat(adapter.send(payout("01800000029", 250_000))).isInstanceOf(PayoutOutcome.Duplicate.class);

        assertThat(executed(request)).hasSize(1);
    }

    @Test
    void aSlowAnswerWithinTheReadTimeoutIsConfirmed() {
        PayoutRequest request = payout("01800000901", 250_000);

        assertThat(adapter.send(request)).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(executed(request)).hasSize(1);
    }

    @Test
    void aStatusThatReportsAnotherAmountOrPayeeIsNeverBelieved() {
        PayoutRequest amount = payout("01800000011", 250_000);
        PayoutRequest payee = payout("01800000012", 250_000);

        PayoutOutcome amountChecked = PayoutCheck.check(amount, adapter.send(amount));
        PayoutOutcome payeeChecked = PayoutCheck.check(payee, adapter.send(payee));

        assertThat(amountChecked).isInstanceOfSatisfying(PayoutOutcome.Mismatch.class,
                mismatch -> assertThat(mismatch.fields()).isEqualTo("amount"));
        assertThat(payeeChecked).isInstanceOfSatisfying(PayoutOutcome.Mismatch.class,
                mismatch -> assertThat(mismatch.fields()).isEqualTo("payee"));
    }

    @Test
    void aHexReferenceNoIsTranslatedBackToTheGatewaysReference() {
        Map<String, String> credentials = NagadHandshakeTest.credentials();
        credentials.put("reference-format", "hex");
        NagadAdapter hex = new NagadAdapter(new ProvidersProperties(Map.of("nagad",
                NagadHandshakeTest.settings(credentials))), http, new NagadHandshake(http, json), json, clock);
        PayoutRequest request = payout(freshWallet(), 250_000);

        PayoutOutcome sent = hex.send(request);

        assertThat(sent).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(((PayoutOutcome.Confirmed) sent).reported().reference()).isEqualTo(request.reference().toString());
        assertThat(MockProviderServers.state("nagad").journal()
                .byReference("nagad", request.reference().toString().replace("-", ""))).isPresent();
    }

    @Test
    void walletsAndAmountsNagadCannotPayAreRejectedWithoutAsking() {
        int before = handshake.count();
        PayoutRequest kenyan = new PayoutRequest(INSTALLMENT.incrementAndGet(), UUID.randomUUID(), "+254708374149",
                250_000, "BDT", null, 1);
        PayoutRequest shillings = new PayoutRequest(INSTALLMENT.incrementAndGet(), UUID.randomUUID(),
                "+88" + freshWallet(), 250_000, "KES", null, 1);

        assertThat(adapter.send(kenyan)).isInstanceOf(PayoutOutcome.Rejected.class);
        assertThat(adapter.send(shillings)).isInstanceOf(PayoutOutcome.Rejected.class);
        assertThat(adapter.send(payout(freshWallet(), 0))).isInstanceOf(PayoutOutcome.Rejected.class);
        assertThat(handshake.count()).isEqualTo(before);
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
