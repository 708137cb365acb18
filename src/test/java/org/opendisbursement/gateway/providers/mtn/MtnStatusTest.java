package org.opendisbursement.gateway.providers.mtn;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;

class MtnStatusTest {

    private final JsonMapper json = new JsonMapper();

    private PayoutOutcome outcome(String body) throws Exception {
        return MtnStatus.outcome(json.readValue(body, MtnMessages.TransferStatus.class));
    }

    @Test
    void successfulIsConfirmedWithTheFinancialTransactionId() throws Exception {
        assertThat(outcome("{\"status\":\"SUCCESSFUL\",\"financialTransactionId\":\"1000000042\",\"externalId\":\"x\"}"))
                .isEqualTo(new PayoutOutcome.Confirmed("1000000042"));
    }

    @Test
    void pendingIsPending() throws Exception {
        assertThat(outcome("{\"status\":\"PENDING\"}")).isInstanceOf(PayoutOutcome.Pending.class);
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
    void passingReasonsAreFinalButSayItWasNotTheBeneficiarysFault() throws Exception {
        for (String reason : new String[] {"NOT_ENOUGH_FUNDS", "PAYER_LIMIT_REACHED", "INTERNAL_PROCESSING_ERROR",
                "SERVICE_UNAVAILABLE"}) {
            assertThat(outcome("{\"status\":\"FAILED\",\"reason\":\"" + reason + "\"}"))
                    .isInstanceOfSatisfying(PayoutOutcome.Rejected.class,
                            rejected -> assertThat(rejected.reason()).contains("not the beneficiary's fault"));
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
