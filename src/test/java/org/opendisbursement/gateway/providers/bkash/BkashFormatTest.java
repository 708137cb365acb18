package org.opendisbursement.gateway.providers.bkash;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

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
        Duration window = Duration.ofMinutes(10);
        for (String code : new String[] {"2012", "2009", "2045", "2057", "2058", "2039", "2040", "2006"}) {
            assertThat(BkashCodes.afterSend(code, "x", "INV", window)).as(code)
                    .isInstanceOfSatisfying(PayoutOutcome.Rejected.class, r -> assertThat(r.code()).isEqualTo(code));
        }
        for (String code : new String[] {"2001", "2037", "2043", "2044", "2046", "2067", "2023"}) {
            assertThat(BkashCodes.afterSend(code, "x", "INV", window)).as(code)
                    .isInstanceOfSatisfying(PayoutOutcome.AccountFault.class, f -> assertThat(f.code()).isEqualTo(code));
        }
        for (String code : new String[] {"2020", "2024"}) {
            assertThat(BkashCodes.afterSend(code, "x", "INV", window)).as(code)
                    .isInstanceOfSatisfying(PayoutOutcome.Retryable.class, r -> assertThat(r.notBefore()).isNull());
        }
        for (String code : new String[] {"2062", "2068"}) {
            assertThat(BkashCodes.afterSend(code, "x", "INV-7", window)).as(code)
                    .isInstanceOfSatisfying(PayoutOutcome.Unverifiable.class,
                            u -> assertThat(u.reason()).contains("merchant statement").contains("INV-7"));
        }
    }

    @Test
    void code2029IsASpacedRetryNeverAConfirmationNorADuplicate() {
        assertThat(BkashCodes.afterSend("2029", "Duplicate for all transactions", "INV", Duration.ofMinutes(10)))
                .isInstanceOfSatisfying(PayoutOutcome.Retryable.class, retryable -> {
                    assertThat(retryable.code()).isEqualTo("2029");
                    assertThat(retryable.referenceSpent()).isFalse();
                    assertThat(retryable.notBefore()).isEqualTo(Duration.ofMinutes(10));
                });
    }

    @Test
    void anUnknownCodeGoesToAPersonWithoutTheWalletInTheReason() {
        assertThat(BkashCodes.afterSend("2999", "Something 01712345678", "INV", Duration.ofMinutes(10)))
                .isInstanceOfSatisfying(PayoutOutcome.Unverifiable.class, u -> assertThat(u.reason()).contains("2999")
                        .doesNotContain("01712345678"));
    }

    @Test
    void answersAreReportedInTheGatewaysTerms() {
        var answer = new BkashMessages.Answer("TRX1", "Completed", "2500.00", "BDT", null, "5f0c…", null,
                "01712345678", null, null, null, null);
        assertThat(BkashFormat.reported(answer)).isEqualTo(
                new PayoutOutcome.Reported(250_000L, "BDT", "+8801712345678", "5f0c…"));
        assertThat(BkashFormat.minor("25,00")).isEqualTo(-1L);
        assertThat(BkashFormat.minor("0.01")).isEqualTo(1L);
    }

    @Test
    void aTokenStoredEncryptedIsReadOnlyWithTheSameSecret() {
        String sealed = BkashTokenStore.encrypt("secret", "id-token-value");
        assertThat(sealed).doesNotContain("id-token-value");
        assertThat(BkashTokenStore.decrypt("secret", sealed)).isEqualTo("id-token-value");
        assertThat(BkashTokenStore.decrypt("another", sealed)).isNull();
    }
}
