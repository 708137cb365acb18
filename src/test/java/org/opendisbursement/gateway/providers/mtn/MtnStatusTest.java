package org.opendisbursement.gateway.providers.mtn;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import java.util.UUID;
import org.opendisbursement.gateway.dispatch.PayoutCheck;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;

class MtnStatusTest {

    private final JsonMapper json = new JsonMapper();

    private PayoutOutcome outcome(String body) throws Exception {
        return MtnStatus.outcome(json.readValue(body, MtnMessages.TransferStatus.class));
    }

    @Test
    void successfulIsConfirmedWithTheFinancialTransactionIdAndWhatMtnReports() throws Exception {
        assertThat(outcome("{\"amount\":\"15.00\",\"currency\":\"EUR\",\"financialTransactionId\":\"1000000042\","
                + "\"externalId\":\"0b7e53a6-6f5e-4a57-9f0d-2f6b0e2a4c11\","
                + "\"payee\":{\"partyIdType\":\"MSISDN\",\"partyId\":\"46733123111\"},\"status\":\"SUCCESSFUL\"}"))
                .isEqualTo(new PayoutOutcome.Confirmed("1000000042", new PayoutOutcome.Reported(1_500L, "EUR",
                        "+46733123111", "0b7e53a6-6f5e-4a57-9f0d-2f6b0e2a4c11")));
    }

    @Test
    void pendingIsPendingWithWhatMtnReports() throws Exception {
        assertThat(outcome("{\"amount\":\"500000\",\"currency\":\"ugx\",\"status\":\"PENDING\"}"))
                .isInstanceOfSatisfying(PayoutOutcome.Pending.class, pending -> assertThat(pending.reported())
                        .isEqualTo(new PayoutOutcome.Reported(500_000L, "UGX", null, null)));
    }

    @Test
    void anAmountThatCannotBeReadIsReportedSoThatItNeverAgrees() throws Exception {
        for (String body : new String[] {"{\"amount\":\"15,00\",\"currency\":\"EUR\",\"status\":\"SUCCESSFUL\"}",
                "{\"amount\":\"15.001\",\"currency\":\"EUR\",\"status\":\"SUCCESSFUL\"}",
                "{\"amount\":\"15.00\",\"currency\":\"XYZ\",\"status\":\"SUCCESSFUL\"}",
                "{\"amount\":\"15.00\",\"status\":\"SUCCESSFUL\"}"}) {
            PayoutOutcome outcome = outcome(body);
            assertThat(((PayoutOutcome.Confirmed) outcome).reported().amountMinor()).as(body).isEqualTo(-1L);
            PayoutRequest payout = new PayoutRequest(1, UUID.randomUUID(), "+46733123111", 1_500, "EUR", null, 1);
            assertThat(PayoutCheck.check(payout, outcome)).as(body).isInstanceOf(PayoutOutcome.Mismatch.class);
        }
    }

    @Test
    void aPayeeOfAnotherKindIsReportedAsItIsSoThatItNeverAgreesWithAWallet() throws Exception {
        PayoutOutcome outcome = outcome("{\"payee\":{\"partyIdType\":\"EMAIL\",\"partyId\":\"a@b.c\"},"
                + "\"status\":\"SUCCESSFUL\",\"financialTransactionId\":\"1\"}");
        assertThat(((PayoutOutcome.Confirmed) outcome).reported().payee()).isEqualTo("a@b.c");
    }

    @Test
    void theReasonIsReadAsAStringOrAsAnObject() throws Exception {
        assertThat(outcome("{\"status\":\"FAILED\",\"reason\":\"PAYEE_NOT_FOUND\"}"))
                .isInstanceOfSatisfying(PayoutOutcome.Rejected.class,
                        rejected -> assertThat(rejected.code()).isEqualTo("PAYEE_NOT_FOUND"));
        assertThat(outcome("{\"status\":\"FAILED\",\"reason\":{\"code\":\"EXPIRED\",\"message\":\"The transaction expired.\"}}"))
                .isInstanceOfSatisfying(PayoutOutcome.Rejected.class,
                        rejected -> assertThat(rejected.code()).isEqualTo("EXPIRED"));
        assertThat(outcome("{\"status\":\"FAILED\"}")).isInstanceOfSatisfying(PayoutOutcome.Rejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo("FAILED"));
        assertThat(outcome("{\"status\":\"FAILED\",\"reason\":{\"code\":\"SOMETHING_NEW\",\"message\":\"call 46733123450\"}}"))
                .isInstanceOfSatisfying(PayoutOutcome.Rejected.class, rejected -> {
                    assertThat(rejected.code()).isEqualTo("SOMETHING_NEW");
                    assertThat(rejected.reason()).contains("SOMETHING_NEW").doesNotContain("46733123450");
                });
    }

    @Test
    void mtnsPassingTroubleSpendsTheReferenceAndIsPaidLaterUnderANewOne() throws Exception {
        for (String reason : new String[] {"INTERNAL_PROCESSING_ERROR", "SERVICE_UNAVAILABLE"}) {
            assertThat(outcome("{\"status\":\"FAILED\",\"reason\":{\"code\":\"" + reason + "\"}}"))
                    .isInstanceOfSatisfying(PayoutOutcome.Retryable.class, retryable -> {
                        assertThat(retryable.code()).isEqualTo(reason);
                        assertThat(retryable.referenceSpent()).isTrue();
                    });
        }
    }

    @Test
    void theDisbursementAccountsTroubleIsAnAccountFaultThatSpentTheReference() throws Exception {
        for (String reason : new String[] {"NOT_ENOUGH_FUNDS", "PAYER_LIMIT_REACHED"}) {
            assertThat(outcome("{\"status\":\"FAILED\",\"reason\":\"" + reason + "\"}"))
                    .isInstanceOfSatisfying(PayoutOutcome.AccountFault.class, fault -> {
                        assertThat(fault.code()).isEqualTo(reason);
                        assertThat(fault.referenceSpent()).isTrue();
                        assertThat(fault.reason()).contains("not the beneficiary's fault");
                    });
        }
    }

    @Test
    void theBeneficiarysAndTheUnexplainedReasonsAreRejectedForAPerson() throws Exception {
        for (String reason : new String[] {"PAYEE_NOT_FOUND", "PAYEE_NOT_ALLOWED_TO_RECEIVE", "NOT_ALLOWED",
                "APPROVAL_REJECTED", "EXPIRED", "COULD_NOT_PERFORM_TRANSACTION"}) {
            assertThat(outcome("{\"status\":\"FAILED\",\"reason\":\"" + reason + "\"}"))
                    .isInstanceOfSatisfying(PayoutOutcome.Rejected.class,
                            rejected -> assertThat(rejected.code()).isEqualTo(reason));
        }
    }

    @Test
    void anUnknownStatusIsUnknown() throws Exception {
        assertThat(outcome("{\"status\":\"ONGOING\"}")).isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(outcome("{}")).isInstanceOf(PayoutOutcome.Unknown.class);
    }

    @Test
    void walletsAndAmountsTakeMtnsForm() {
        assertThat(MtnFormat.msisdn("+46733123450")).isEqualTo("46733123450");
        assertThat(MtnFormat.msisdn("+256772123456")).isEqualTo("256772123456");
        assertThat(MtnFormat.msisdn("46733123450")).isNull();
        assertThat(MtnFormat.amount(1_500, "EUR")).isEqualTo("15.00");
        assertThat(MtnFormat.amount(500_000, "UGX")).isEqualTo("500000");
        assertThat(MtnFormat.amount(0, "EUR")).isNull();
        assertThat(MtnFormat.amount(10, "XYZ")).isNull();
    }
}
