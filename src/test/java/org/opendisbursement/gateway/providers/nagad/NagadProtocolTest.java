package org.opendisbursement.gateway.providers.nagad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import tools.jackson.databind.json.JsonMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProviderSettings;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.BeneficiaryInfo;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.ErrorAnswer;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.StatusAnswer;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.TransactionInfo;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.TxnAdditionalInfo;

/**
 * Nagad's formats as the public client writes them (wallet, amount, request time, 20-digit random, transactionInfo
 * text, distinct MC and MA ids, referenceNo), what the gateway keeps for the status query, and the answer-to-outcome
 * mapping (errors come without sensitiveData, with any HTTP status).
 */
class NagadProtocolTest {

    @Test
    void walletsBecomeElevenDigitLocalNumbers() {
        assertThat(NagadProtocol.localWallet("+8801712345678")).isEqualTo("01712345678");
        assertThat(NagadProtocol.localWallet("+8801300000000")).isEqualTo("01300000000");
        assertThat(NagadProtocol.localWallet("+8801212345678")).isNull();
        assertThat(NagadProtocol.localWallet("+88017123456789")).isNull();
        assertThat(NagadProtocol.localWallet("01712345678")).isNull();
        assertThat(NagadProtocol.localWallet("+254708374149")).isNull();
        assertThat(NagadProtocol.localWallet(null)).isNull();
    }

    @Test
    void amountsAreTakaWithTwoDecimals() {
        assertThat(NagadProtocol.amount(250_000, "BDT")).isEqualTo("2500.00");
        assertThat(NagadProtocol.amount(123_456, "BDT")).isEqualTo("1234.56");
        assertThat(NagadProtocol.amount(1, "BDT")).isEqualTo("0.01");
        assertThat(NagadProtocol.amount(99_999_999_999L, "BDT")).isEqualTo("999999999.99");
        assertThat(NagadProtocol.amount(0, "BDT")).isNull();
        assertThat(NagadProtocol.amount(-5, "BDT")).isNull();
        assertThat(NagadProtocol.amount(250_000, "KES")).isNull();
    }

    @Test
    void requestTimeIsDhakaLocalTime() {
        Clock utc = Clock.fixed(Instant.parse("2026-11-23T21:46:26Z"), ZoneOffset.UTC);
        assertThat(NagadProtocol.requestDateTime(utc)).isEqualTo("20261124034626");
    }

    @Test
    void transactionInfoIsWrittenInTheClientsFieldOrderWithTheLoanPaymentPurpose() throws Exception {
        TransactionInfo info = new TransactionInfo(new BeneficiaryInfo("M", "01712345678", "00"), "683002007104225",
                "2500.00", "050", "20261124034626", "ref", "APP", "chal", NagadProtocol.PURPOSE,
                new TxnAdditionalInfo("product-1", "Cash support", ""));

        assertThat(new JsonMapper().writeValueAsString(info)).isEqualTo(
                "{\"beneficiaryInfo\":{\"accountNoType\":\"M\","
                + "\"accountNo\":\"01712345678\",\"userType\":\"00\"},\"merchantId\":\"683002007104225\","
                + "\"amount\":\"2500.00\",\"currency\":\"050\",\"requestDateTime\":\"20261124034626\","
                + "\"referenceNo\":\"ref\",\"channel\":\"APP\",\"challenge\":\"chal\",\"purpose\":\"loan-payment\","
                + "\"txnAdditionalInfo\":{\"disbursementProductId\":\"product-1\",\"description\":\"Cash support\","
                + "\"notificationId\":\"\"}}");
        assertThat(info.toString()).doesNotContain("01712345678");
    }

    @Test
    void theHandshakeRandomIsTwentyDecimalDigits() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100; i++) {
            assertThat(NagadProtocol.random(random)).matches("\\d{20}");
        }
    }

    @Test
    void merchantAndAggregatorIdsAreTwoIdsAndBothRequired() {
        assertThat(NagadProtocol.aggregatorId(settings(Map.of("merchant-id", "MC1", "aggregator-id", "MA1"))))
                .isEqualTo("MA1");
        assertThatThrownBy(() -> NagadProtocol.aggregatorId(settings(Map.of("merchant-id", "MC1"))))
                .hasMessageContaining("aggregator-id");
        assertThatThrownBy(() -> NagadProtocol.aggregatorId(settings(Map.of("merchant-id", "MC1",
                "aggregator-id", "MC1")))).hasMessageContaining("not the merchant id");
    }

    @Test
    void referencesGoAsTheUuidOrItsHexDigitsAndComeBackAsTheUuid() {
        UUID reference = UUID.fromString("0f8e1c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b");

        assertThat(NagadProtocol.referenceNo(reference, settings(Map.of()))).isEqualTo(reference.toString());
        String hex = NagadProtocol.referenceNo(reference, settings(Map.of("reference-format", "hex")));
        assertThat(hex).isEqualTo("0f8e1c2a3b4d4e5f8a9b0c1d2e3f4a5b");
        assertThat(NagadProtocol.gatewayReference(hex)).isEqualTo(reference.toString());
        assertThat(NagadProtocol.gatewayReference(reference.toString())).isEqualTo(reference.toString());
        assertThat(NagadProtocol.gatewayReference("DISBURSE123456")).isEqualTo("DISBURSE123456");
    }

    @Test
    void reportedWalletsAndAmountsBecomeE164AndMinorUnits() {
        assertThat(NagadProtocol.e164("01712345678")).isEqualTo("+8801712345678");
        assertThat(NagadProtocol.e164("8801712345678")).isEqualTo("+8801712345678");
        assertThat(NagadProtocol.e164("017****5678")).isEqualTo("+88017****5678");
        assertThat(NagadProtocol.amountMinor("2500.00")).isEqualTo(250_000L);
        assertThat(NagadProtocol.amountMinor("2500")).isEqualTo(250_000L);
        assertThat(NagadProtocol.amountMinor("2,500")).isEqualTo(-1L);
        assertThat(NagadProtocol.currency("050")).isEqualTo("BDT");
    }

    @Test
    void theTransactionKeepsWhatTheStatusQueryNeeds() {
        NagadTransaction transaction = new NagadTransaction("ISS1", "NG1", "20261124034626");

        assertThat(transaction.encoded()).isEqualTo("ISS1;rc=NG1;rdt=20261124034626");
        assertThat(NagadTransaction.parse(transaction.encoded())).isEqualTo(transaction);
        assertThat(NagadTransaction.parse(new NagadTransaction(null, "NG1", "20261124034626").encoded()))
                .isEqualTo(new NagadTransaction(null, "NG1", "20261124034626"));
        assertThat(new NagadTransaction("I".repeat(90), "NG1", "20261124034626").encoded())
                .isEqualTo("-;rc=NG1;rdt=20261124034626");
        assertThat(NagadTransaction.parse("NG1")).isNull();
        assertThat(NagadTransaction.parse(null)).isNull();
    }

    @Test
    void answersWithoutSensitiveDataMapByReasonWhateverTheHttpStatus() {
        ProviderSettings settings = settings(Map.of("rejection-codes", "WALLET_FROZEN",
                "account-fault-codes", "MERCHANT_SUSPENDED"));
        Map<String, Class<? extends PayoutOutcome>> byReason = Map.ofEntries(
                Map.entry("INSUFFICIENT_BALANCE", PayoutOutcome.AccountFault.class),
                Map.entry("MERCHANT_NOT_ACTIVE", PayoutOutcome.AccountFault.class),
                Map.entry("IP_NOT_WHITELISTED", PayoutOutcome.AccountFault.class),
                Map.entry("INVALID_SIGNATURE", PayoutOutcome.AccountFault.class),
                Map.entry("MERCHANT_SUSPENDED", PayoutOutcome.AccountFault.class),
                Map.entry("INVALID_ACCOUNT", PayoutOutcome.Rejected.class),
                Map.entry("ACCOUNT_NOT_FOUND", PayoutOutcome.Rejected.class),
                Map.entry("LIMIT_EXCEEDED", PayoutOutcome.Rejected.class),
                Map.entry("WALLET_FROZEN", PayoutOutcome.Rejected.class),
                Map.entry("CHALLENGE_ALREADY_USED", PayoutOutcome.Retryable.class),
                Map.entry("INVALID_KEY_ID", PayoutOutcome.Retryable.class),
                Map.entry("DUPLICATE_REFERENCE", PayoutOutcome.Duplicate.class),
                Map.entry("SOMETHING_NEW", PayoutOutcome.Unknown.class));
        for (int status : new int[] {200, 400, 500}) {
            byReason.forEach((reason, outcome) -> assertThat(
                    NagadOutcomes.payoutRefusal(status, new ErrorAnswer(reason, "m"), settings))
                    .as(reason + " with HTTP " + status).isInstanceOf(outcome));
        }
        assertThat(NagadOutcomes.payoutRefusal(429, new ErrorAnswer(null, null), settings))
                .isInstanceOf(PayoutOutcome.Retryable.class);
        for (int status : new int[] {200, 400, 502, 503}) {
            assertThat(NagadOutcomes.payoutRefusal(status, new ErrorAnswer(null, null), settings))
                    .as("no reason, HTTP " + status).isInstanceOf(PayoutOutcome.Unknown.class);
        }
    }

    @Test
    void statusAnswersMapToOutcomesAndReportTheirFacts() {
        UUID reference = UUID.randomUUID();
        PayoutRequest request = new PayoutRequest(1, reference, "+8801712345678", 250_000, "BDT", null, 1);
        NagadTransaction sent = new NagadTransaction("ISS1", "NG1", "20261124034626");
        ProviderSettings settings = settings(Map.of());

        PayoutOutcome completed = NagadOutcomes.status(200, status("COMPLETED", null, "NG1", reference), request,
                sent, settings);
        assertThat(completed).isEqualTo(new PayoutOutcome.Confirmed("ISS1;rc=NG1;rdt=20261124034626",
                new PayoutOutcome.Reported(250_000L, null, "+8801712345678", reference.toString())));
        assertThat(NagadOutcomes.status(200, status("PENDING", null, "NG1", reference), request, sent, settings))
                .isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(NagadOutcomes.status(200, status("COMPLETED", null, "NG2", reference), request, sent, settings))
                .isInstanceOf(PayoutOutcome.Unverifiable.class);
        for (String undocumented : new String[] {"FAILED", "NOT_FOUND", "WHATEVER"}) {
            PayoutOutcome outcome = NagadOutcomes.status(404, status(undocumented, "TRANSACTION_NOT_FOUND", null,
                    reference), request, sent, settings);
            assertThat(outcome).as(undocumented).isInstanceOf(PayoutOutcome.Unverifiable.class);
            assertThat(((PayoutOutcome.Unverifiable) outcome).reason()).contains("referenceNo " + reference);
        }
        assertThat(NagadOutcomes.status(200, status(null, "IP_NOT_WHITELISTED", null, reference), request, sent,
                settings)).isInstanceOf(PayoutOutcome.AccountFault.class);
        assertThat(NagadOutcomes.status(401, status(null, "INVALID_API_KEY", null, reference), request, sent,
                settings)).isInstanceOf(PayoutOutcome.Retryable.class);
        assertThat(NagadOutcomes.status(503, null, request, sent, settings)).isInstanceOf(PayoutOutcome.Retryable.class);
    }

    private static StatusAnswer status(String status, String reason, String rechargeId, UUID reference) {
        return new StatusAnswer(status, "000", reason, "dev", "683002007104225", "2500.00", null, "01712345678",
                reference.toString(), rechargeId, rechargeId == null ? null : "ISS1", "20261124034626",
                "20261124034626");
    }

    private static ProviderSettings settings(Map<String, String> credentials) {
        return NagadCryptoTest.settings(credentials);
    }
}
