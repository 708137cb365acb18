package org.opendisbursement.gateway.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.dispatch.PayoutCheck;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProviderAdapter;

/**
 * The scenarios every provider adapter runs, against its mock over real HTTP: success, each documented rejection,
 * a lost answer, a 5xx after sending, a repeated reference, pending then success, an answer that disagrees with the
 * payout (amount, payee), and a fault of the gateway's account. A provider's test extends this and says how its
 * mock is made to play each scenario; what counts as right is the same for all.
 *
 * <p>Every answer is judged as dispatch judges it ({@link PayoutCheck}): the adapter's word alone is never the
 * verdict.
 */
public abstract class AdapterScenarios {

    /** Scenarios arranged at the provider's mock, each by a fresh payout. */
    public enum Scenario {
        SUCCESS, LOST_ANSWER, SERVER_ERROR_AFTER_SENDING, PENDING_THEN_SUCCESS, AMOUNT_MISMATCH, PAYEE_MISMATCH,
        ACCOUNT_FAULT
    }

    /** The adapter under test. */
    protected abstract ProviderAdapter adapter();

    /** A fresh payout (new reference) that the provider's mock plays as {@code scenario}. */
    protected abstract PayoutRequest payout(Scenario scenario);

    /** The provider's documented refusals: the provider's code → a fresh payout its mock refuses with that code. */
    protected abstract Map<String, PayoutRequest> rejections();

    /** How many times the mock executed (paid) a payout under this payout's reference. */
    protected abstract int executed(PayoutRequest payout);

    /**
     * The provider's final word on a payout that was sent, as the gateway would learn it: a status query for a
     * synchronous provider, the callback (or a status query) for an asynchronous one, waited for when it comes
     * later. Judged by {@link PayoutCheck} by the caller.
     *
     * @param sent     the payout as sent, with the provider's transaction id when the send answer gave one
     * @param afterSend what the send answered
     */
    protected abstract PayoutOutcome settle(PayoutRequest sent, PayoutOutcome afterSend);

    /** Scenarios the provider cannot play, each with the reason (reported as a skipped test). */
    protected Map<Scenario, String> unsupported() {
        return Map.of();
    }

    private PayoutRequest arranged(Scenario scenario) {
        assumeThat(unsupported()).as(scenario + ": " + unsupported().get(scenario)).doesNotContainKey(scenario);
        return payout(scenario);
    }

    private PayoutOutcome judged(PayoutRequest payout, PayoutOutcome outcome) {
        return PayoutCheck.check(payout, outcome);
    }

    private static PayoutRequest withTransaction(PayoutRequest payout, PayoutOutcome outcome) {
        String id = outcome instanceof PayoutOutcome.Confirmed c ? c.providerTransactionId()
                : outcome instanceof PayoutOutcome.Pending p ? p.providerTransactionId() : null;
        return id == null ? payout : new PayoutRequest(payout.installmentId(), payout.reference(), payout.walletE164(),
                payout.amountMinor(), payout.currency(), id, payout.attempt() + 1, payout.nationalId());
    }

    @Test
    void aPayoutIsPaidOnceAndConfirmedWithTheProvidersTransactionId() {
        PayoutRequest payout = arranged(Scenario.SUCCESS);

        PayoutOutcome sent = judged(payout, adapter().send(payout));
        assertThat(sent).isInstanceOfAny(PayoutOutcome.Confirmed.class, PayoutOutcome.Pending.class);
        PayoutOutcome settled = judged(payout, settle(withTransaction(payout, sent), sent));

        assertThat(settled).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(((PayoutOutcome.Confirmed) settled).providerTransactionId()).isNotBlank();
        assertThat(executed(payout)).isEqualTo(1);
    }

    @Test
    void eachDocumentedRejectionFailsForGoodWithTheProvidersCodeAndPaysNothing() {
        assertThat(rejections()).isNotEmpty();
        rejections().forEach((code, payout) -> {
            PayoutOutcome sent = adapter().send(payout);
            PayoutOutcome outcome = sent instanceof PayoutOutcome.Pending ? settle(payout, sent) : sent;
            assertThat(outcome).as(code).isInstanceOf(PayoutOutcome.Rejected.class);
            assertThat(((PayoutOutcome.Rejected) outcome).code()).as(code).isEqualTo(code);
            assertThat(executed(payout)).as(code).isZero();
        });
    }

    @Test
    void aLostAnswerIsNeverAFailureNorAConfirmationWithoutProof() {
        PayoutRequest payout = arranged(Scenario.LOST_ANSWER);

        PayoutOutcome sent = adapter().send(payout);
        assertThat(sent).isInstanceOf(PayoutOutcome.Unknown.class);
        PayoutOutcome settled = judged(payout, settle(payout, sent));

        // the mock executed it before losing the answer: the gateway may learn it was paid, or hand it to a person
        assertThat(settled).isInstanceOfAny(PayoutOutcome.Confirmed.class, PayoutOutcome.Unverifiable.class,
                PayoutOutcome.Pending.class);
        if (settled instanceof PayoutOutcome.Confirmed confirmed) {
            assertThat(confirmed.providerTransactionId()).isNotBlank();
        }
        assertThat(executed(payout)).isEqualTo(1);
    }

    @Test
    void aServerErrorAfterSendingIsAQuestionNotAFailure() {
        PayoutRequest payout = arranged(Scenario.SERVER_ERROR_AFTER_SENDING);

        PayoutOutcome sent = adapter().send(payout);

        assertThat(sent).isInstanceOfAny(PayoutOutcome.Unknown.class, PayoutOutcome.Retryable.class);
        if (sent instanceof PayoutOutcome.Retryable) {
            // only a provider that says it did not execute may be retried
            assertThat(executed(payout)).isZero();
        }
        assertThat(executed(payout)).isLessThanOrEqualTo(1);
    }

    @Test
    void aRepeatedReferenceIsNeverPaidTwice() {
        PayoutRequest payout = arranged(Scenario.SUCCESS);
        PayoutOutcome first = adapter().send(payout);
        assertThat(first).isInstanceOfAny(PayoutOutcome.Confirmed.class, PayoutOutcome.Pending.class);

        PayoutOutcome second = adapter().send(payout);

        assertThat(second).isNotInstanceOfAny(PayoutOutcome.Rejected.class, PayoutOutcome.Retryable.class);
        assertThat(executed(payout)).isEqualTo(1);
    }

    @Test
    void aPendingPayoutIsConfirmedOnceTheProviderFinishes() {
        PayoutRequest payout = arranged(Scenario.PENDING_THEN_SUCCESS);

        PayoutOutcome sent = adapter().send(payout);
        assertThat(sent).isInstanceOfAny(PayoutOutcome.Pending.class, PayoutOutcome.Confirmed.class);
        PayoutOutcome settled = judged(payout, settle(withTransaction(payout, sent), sent));

        assertThat(settled).isInstanceOf(PayoutOutcome.Confirmed.class);
        assertThat(executed(payout)).isEqualTo(1);
    }

    @Test
    void anAnswerWithAnotherAmountIsNeverBelieved() {
        PayoutRequest payout = arranged(Scenario.AMOUNT_MISMATCH);

        PayoutOutcome sent = judged(payout, adapter().send(payout));
        PayoutOutcome settled = sent instanceof PayoutOutcome.Mismatch ? sent
                : judged(payout, settle(withTransaction(payout, sent), sent));

        assertThat(settled).isInstanceOf(PayoutOutcome.Mismatch.class);
        assertThat(((PayoutOutcome.Mismatch) settled).fields()).contains("amount");
    }

    @Test
    void anAnswerForAnotherPayeeIsNeverBelieved() {
        PayoutRequest payout = arranged(Scenario.PAYEE_MISMATCH);

        PayoutOutcome sent = judged(payout, adapter().send(payout));
        PayoutOutcome settled = sent instanceof PayoutOutcome.Mismatch ? sent
                : judged(payout, settle(withTransaction(payout, sent), sent));

        assertThat(settled).isInstanceOf(PayoutOutcome.Mismatch.class);
        assertThat(((PayoutOutcome.Mismatch) settled).fields()).contains("payee");
    }

    @Test
    void aFaultOfTheGatewaysAccountIsTheProvidersTroubleNotTheBeneficiarys() {
        PayoutRequest payout = arranged(Scenario.ACCOUNT_FAULT);

        PayoutOutcome sent = adapter().send(payout);
        PayoutOutcome outcome = sent instanceof PayoutOutcome.Pending ? settle(payout, sent) : sent;

        assertThat(outcome).isInstanceOf(PayoutOutcome.AccountFault.class);
        assertThat(executed(payout)).isZero();
    }

    /** For subclasses: the scenarios as a set, e.g. to check a provider plays each. */
    protected static Set<Scenario> all() {
        return Set.of(Scenario.values());
    }
}
