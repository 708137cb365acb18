package org.opendisbursement.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class PayoutCheckTest {

    private static final UUID REFERENCE = UUID.fromString("0b9f2c1e-8a4d-4c3b-9e2f-5d6a7b8c9d0e");
    private static final PayoutRequest PAYOUT = new PayoutRequest(7, REFERENCE, "+254712345126", 150_000, "KES", null, 1);

    private static PayoutOutcome confirmed(Long amount, String currency, String payee, String reference) {
        return new PayoutOutcome.Confirmed("TX1", new PayoutOutcome.Reported(amount, currency, payee, reference));
    }

    @Test
    void anAnswerThatAgreesInEveryPartIsBelieved() {
        PayoutOutcome answer = confirmed(150_000L, "KES", "254712345126", REFERENCE.toString().toUpperCase());
        assertThat(PayoutCheck.check(PAYOUT, answer)).isSameAs(answer);
    }

    @Test
    void whatTheProviderDidNotSayIsNotCompared() {
        PayoutOutcome answer = new PayoutOutcome.Confirmed("TX1");
        assertThat(PayoutCheck.check(PAYOUT, answer)).isSameAs(answer);
    }

    @Test
    void aSmallerAmountIsAMismatchWithBothValues() {
        PayoutOutcome judged = PayoutCheck.check(PAYOUT, confirmed(1_000L, "KES", null, null));
        assertThat(judged).isInstanceOf(PayoutOutcome.Mismatch.class);
        var mismatch = (PayoutOutcome.Mismatch) judged;
        assertThat(mismatch.fields()).isEqualTo("amount");
        assertThat(mismatch.explain()).isEqualTo("amount: payout KES 1,500.00, provider said KES 10.00");
        assertThat(mismatch.providerTransactionId()).isEqualTo("TX1");
        assertThat(mismatch.claimed()).isEqualTo("confirmed");
    }

    @Test
    void anotherCurrencyAnotherWalletAndAnotherReferenceAreEachNamed() {
        PayoutOutcome judged = PayoutCheck.check(PAYOUT, confirmed(150_000L, "UGX", "254712345999",
                UUID.randomUUID().toString()));
        assertThat(((PayoutOutcome.Mismatch) judged).fields()).isEqualTo("currency,payee,reference");
    }

    @Test
    void walletsInAMismatchAreMasked() {
        var judged = (PayoutOutcome.Mismatch) PayoutCheck.check(PAYOUT, confirmed(null, null, "254712345999", null));
        assertThat(judged.explain()).doesNotContain("254712345").contains("126").contains("999");
    }

    @Test
    void aMaskedPayeeAgreesOnItsVisibleDigitsOnly() {
        assertThat(PayoutCheck.samePayee("+254712345126", "2547*****126")).isTrue();
        assertThat(PayoutCheck.samePayee("+254712345126", "2547*****127")).isFalse();
        assertThat(PayoutCheck.samePayee("+254712345126", "************")).isFalse();
        assertThat(PayoutCheck.samePayee("+254712345126", "254712345126 - Jane Doe")).isTrue();
        assertThat(PayoutCheck.samePayee("+254712345126", "Alex 254712345126")).isFalse();
        assertThat(PayoutCheck.samePayee("+254712345126", "+254 712-345-126")).isTrue();
    }

    @Test
    void aPendingAnswerIsCheckedToo() {
        PayoutOutcome judged = PayoutCheck.check(PAYOUT, new PayoutOutcome.Pending("TX1", "queued",
                new PayoutOutcome.Reported(150_001L, "KES", null, null)));
        assertThat(judged).isInstanceOf(PayoutOutcome.Mismatch.class);
    }

    @Test
    void refusalsAreNotCompared() {
        PayoutOutcome rejected = new PayoutOutcome.Rejected("2045", "no such wallet");
        assertThat(PayoutCheck.check(PAYOUT, rejected)).isSameAs(rejected);
    }
}
