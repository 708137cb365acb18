package org.opendisbursement.gateway.providers.bkash;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;

class BkashFormatTest {

    @Test
    void walletsBecomeTheElevenDigitLocalForm() {
        assertThat(BkashFormat.msisdn("+8801712345678")).isEqualTo("01712345678");
        assertThat(BkashFormat.msisdn("+8801312345678")).isEqualTo("01312345678");
        assertThat(BkashFormat.msisdn("+8801112345678")).isNull();
        assertThat(BkashFormat.msisdn("+254708374149")).isNull();
        assertThat(BkashFormat.msisdn("01712345678")).isNull();
        assertThat(BkashFormat.msisdn(null)).isNull();
    }

    @Test
    void amountsAreTakaWithTwoDecimals() {
        assertThat(BkashFormat.amount(250_000, "BDT")).isEqualTo("2500.00");
        assertThat(BkashFormat.amount(1, "BDT")).isEqualTo("0.01");
        assertThat(BkashFormat.amount(750_050, "BDT")).isEqualTo("7500.50");
        assertThat(BkashFormat.amount(0, "BDT")).isNull();
        assertThat(BkashFormat.amount(100, "USD")).isNull();
    }

    @Test
    void providerMessagesLoseLongDigitRuns() {
        assertThat(BkashFormat.safe("Invalid receiver 01712345678")).isEqualTo("Invalid receiver ***");
        assertThat(BkashFormat.safe(null)).isEmpty();
    }

    @Test
    void everyDocumentedCodeHasItsOutcome() {
        for (String code : new String[] {"2012", "2009", "2045", "2057", "2058", "2039", "2040", "2006"}) {
            assertThat(BkashCodes.outcome(code, "x")).isInstanceOf(PayoutOutcome.Rejected.class);
        }
        for (String code : new String[] {"2023", "2020", "2024"}) {
            assertThat(BkashCodes.outcome(code, "x")).isInstanceOf(PayoutOutcome.Retryable.class);
        }
        assertThat(BkashCodes.outcome("2999", "Something 01712345678")).isInstanceOfSatisfying(
                PayoutOutcome.Rejected.class, rejected -> assertThat(rejected.reason()).contains("2999")
                        .doesNotContain("01712345678"));
    }
}
