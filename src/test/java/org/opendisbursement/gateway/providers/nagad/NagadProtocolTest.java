package org.opendisbursement.gateway.providers.nagad;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.json.JsonMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.BeneficiaryInfo;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.ErrorAnswer;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.StatusAnswer;
import org.opendisbursement.gateway.providers.nagad.NagadMessages.TransactionInfo;

/** Nagad's formats (wallet, amount, request time, transactionInfo text) and the answer-to-outcome mapping. */
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
    void transactionInfoIsWrittenInTheProtocolsFieldOrder() throws Exception {
        TransactionInfo info = new TransactionInfo(new BeneficiaryInfo("M", "01712345678", "00"), "683002007104225",
                "2500.00", "050", "20261124034626", "ref", "APP", "chal", "Cash support");

        assertThat(new JsonMapper().writeValueAsString(info)).isEqualTo(
                "{\"beneficiaryInfo\":{\"accountNoType\":\"M\","
                + "\"accountNo\":\"01712345678\",\"userType\":\"00\"},\"merchantId\":\"683002007104225\","
                + "\"amount\":\"2500.00\",\"currency\":\"050\",\"requestDateTime\":\"20261124034626\","
                + "\"referenceNo\":\"ref\",\"channel\":\"APP\",\"challenge\":\"chal\",\"purpose\":\"Cash support\"}");
        assertThat(info.toString()).doesNotContain("01712345678");
    }

    @Test
    void payoutRefusalsMapToOutcomes() {
        Map<String, Class<? extends PayoutOutcome>> byReason = Map.of(
                "INSUFFICIENT_BALANCE", PayoutOutcome.Retryable.class,
                "INVALID_ACCOUNT", PayoutOutcome.Rejected.class,
                "ACCOUNT_NOT_FOUND", PayoutOutcome.Rejected.class,
                "ACCOUNT_INACTIVE", PayoutOutcome.Rejected.class,
                "LIMIT_EXCEEDED", PayoutOutcome.Rejected.class,
                "INVALID_AMOUNT", PayoutOutcome.Rejected.class,
                "INVALID_SIGNATURE", PayoutOutcome.Retryable.class,
                "INVALID_KEY_ID", PayoutOutcome.Retryable.class);
        byReason.forEach((reason, outcome) -> assertThat(
                NagadOutcomes.payoutRefusal(reason.startsWith("INVALID_KEY") ? 401 : 400, new ErrorAnswer(reason, "m")))
                .as(reason).isInstanceOf(outcome));
        assertThat(NagadOutcomes.payoutRefusal(409, new ErrorAnswer("DUPLICATE_REFERENCE", "m")))
                .isInstanceOf(PayoutOutcome.Duplicate.class);
        assertThat(NagadOutcomes.payoutRefusal(429, new ErrorAnswer("TOO_MANY_REQUESTS", "m")))
                .isInstanceOf(PayoutOutcome.Retryable.class);
        assertThat(NagadOutcomes.payoutRefusal(503, new ErrorAnswer(null, null)))
                .isInstanceOf(PayoutOutcome.Retryable.class);
        assertThat(NagadOutcomes.payoutRefusal(500, new ErrorAnswer("INTERNAL_SERVER_ERROR", "m")))
                .isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(NagadOutcomes.payoutRefusal(502, new ErrorAnswer(null, null)))
                .isInstanceOf(PayoutOutcome.Unknown.class);
        // refusals without a Nagad body (a proxy's 502, an HTML page) carry no reason
        assertThat(NagadOutcomes.isSessionError(null)).isFalse();
        assertThat(NagadOutcomes.payoutRefusal(400, new ErrorAnswer(null, null)))
                .isEqualTo(new PayoutOutcome.Retryable("HTTP_400", "Nagad refused the payout (HTTP 400); it was not"
                        + " executed and may be sent again once the cause is fixed."));
        assertThat(NagadOutcomes.payoutRefusal(400, new ErrorAnswer("ACCOUNT_NOT_FOUND", "m")))
                .isEqualTo(new PayoutOutcome.Rejected("ACCOUNT_NOT_FOUND",
                        "No Nagad account is registered for this wallet number."));
    }

    @Test
    void statusAnswersMapToOutcomes() {
        assertThat(NagadOutcomes.status(status("ref", "COMPLETED"), "ref"))
                .isEqualTo(new PayoutOutcome.Confirmed("NG1"));
        assertThat(NagadOutcomes.status(status("ref", "PENDING"), "ref")).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(NagadOutcomes.status(status("ref", "FAILED"), "ref")).isInstanceOf(PayoutOutcome.Rejected.class);
        assertThat(NagadOutcomes.status(status("ref", "WHATEVER"), "ref")).isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(NagadOutcomes.status(status("other", "COMPLETED"), "ref")).isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(NagadOutcomes.statusRefusal(404, new ErrorAnswer("TRANSACTION_NOT_FOUND", "m")))
                .isInstanceOf(PayoutOutcome.NotFound.class);
        // a 404 that is not Nagad's "not found" must never allow a resend
        assertThat(NagadOutcomes.statusRefusal(404, new ErrorAnswer(null, null)))
                .isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(NagadOutcomes.statusRefusal(500, new ErrorAnswer(null, null)))
                .isInstanceOf(PayoutOutcome.Unknown.class);
        assertThat(NagadOutcomes.statusRefusal(429, new ErrorAnswer(null, null)))
                .isInstanceOf(PayoutOutcome.Retryable.class);
    }

    private static StatusAnswer status(String reference, String status) {
        return new StatusAnswer(reference, "NG1", "ISS1", "2500.00", status, "20261124034626");
    }
}
