package org.opendisbursement.gateway.providers.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.json.JsonMapper;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.providers.mpesa.MpesaMessages.Callback;
import org.opendisbursement.gateway.providers.mpesa.MpesaMessages.Result;
import org.opendisbursement.gateway.providers.mpesa.MpesaMessages.SyncAnswer;

/** The M-Pesa code → outcome mapping, the amount and wallet formats, and the token lifetime, without any I/O. */
class MpesaResultsTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String REFERENCE = "3f2c1a52-8b0e-4d6a-9a51-0f4f3f7b9c21";

    /** A B2C result exactly as Daraja (and the mock) POSTs it; failures carry no ResultParameters. */
    private static Result result(String code) throws Exception {
        String resultCode = code.chars().allMatch(Character::isDigit) ? code : "\"" + code + "\"";
        String parameters = "0".equals(code) ? """
                , "ResultParameters": {"ResultParameter": [
                    {"Key": "TransactionAmount", "Value": 100},
                    {"Key": "TransactionReceipt", "Value": "MP0000001A"},
                    {"Key": "ReceiverPartyPublicName", "Value": "*********149 - TEST RECEIVER"},
                    {"Key": "B2CRecipientIsRegisteredCustomer", "Value": "Y"}]}""" : "";
        return JSON.readValue("""
                {"Result": {"ResultType": 0, "ResultCode": %s, "ResultDesc": "description",
                  "OriginatorConversationID": "%s", "ConversationID": "AG_20260101_00000001",
                  "TransactionID": "MP0000001A"%s,
                  "ReferenceData": {"ReferenceItem": {"Key": "QueueTimeoutURL", "Value": "http://x/timeout"}}}}"""
                .formatted(resultCode, REFERENCE, parameters), Callback.class).result();
    }

    private static Result status(String transactionStatus, String failureCode) throws Exception {
        String failure = failureCode == null ? "" : ", {\"Key\": \"TransactionResultCode\", \"Value\": " + failureCode + "}";
        return JSON.readValue("""
                {"Result": {"ResultType": 0, "ResultCode": 0, "ResultDesc": "The service request is processed successfully.",
                  "OriginatorConversationID": "a-query-id", "ConversationID": "AG_20260101_Q0000001",
                  "TransactionID": "MP0000001A",
                  "ResultParameters": {"ResultParameter": [
                    {"Key": "ReceiptNo", "Value": "MP0000001A"},
                    {"Key": "TransactionStatus", "Value": "%s"},
                    {"Key": "Amount", "Value": 100},
                    {"Key": "OriginatorConversationID", "Value": "%s"}%s]}}}"""
                .formatted(transactionStatus, REFERENCE, failure), Callback.class).result();
    }

    static Stream<Arguments> resultCodes() {
        return Stream.of(
                Arguments.of("1", PayoutOutcome.AccountFault.class),
                Arguments.of("2", PayoutOutcome.Rejected.class),
                Arguments.of("3", PayoutOutcome.Rejected.class),
                Arguments.of("4", PayoutOutcome.Retryable.class),
                Arguments.of("8", PayoutOutcome.Rejected.class),
                Arguments.of("11", PayoutOutcome.AccountFault.class),
                Arguments.of("21", PayoutOutcome.AccountFault.class),
                Arguments.of("2006", PayoutOutcome.AccountFault.class),
                Arguments.of("2028", PayoutOutcome.AccountFault.class),
                Arguments.of("8006", PayoutOutcome.AccountFault.class),
                Arguments.of("15", PayoutOutcome.Duplicate.class),
                Arguments.of("17", PayoutOutcome.Retryable.class),
                Arguments.of("26", PayoutOutcome.Retryable.class),
                Arguments.of("2001", PayoutOutcome.AccountFault.class),
                Arguments.of("2040", PayoutOutcome.Rejected.class),
                Arguments.of("SFC_IC0003", PayoutOutcome.Rejected.class),
                Arguments.of("9999", PayoutOutcome.Unknown.class));
    }

    @Test
    void resultCode0ConfirmsWithTheTransactionIdAndReportsAmountReceiverAndReference() throws Exception {
        assertThat(MpesaResults.ofResult(result("0"))).isEqualTo(new PayoutOutcome.Confirmed("MP0000001A",
                new PayoutOutcome.Reported(10_000L, "KES", "+*********149", REFERENCE)));
    }

    @Test
    void anUnreadableReportedAmountMismatchesInsteadOfPassing() {
        assertThat(MpesaResults.reported("ten", null, null).amountMinor()).isEqualTo(-1L);
        assertThat(MpesaResults.reported("100", "254712345678 - Jane Doe", null).payee()).isEqualTo("+254712345678");
    }

    @ParameterizedTest(name = "ResultCode {0} → {1}")
    @MethodSource("resultCodes")
    void everyDocumentedResultCodeHasItsOutcome(String code, Class<? extends PayoutOutcome> expected) throws Exception {
        PayoutOutcome outcome = MpesaResults.ofResult(result(code));

        assertThat(outcome).isInstanceOf(expected);
        if (outcome instanceof PayoutOutcome.Rejected rejected) {
            assertThat(rejected.code()).isEqualTo(code);
            assertThat(rejected.reason()).isEqualTo(MpesaResults.REASONS.get(code)).isNotBlank();
        }
        if (outcome instanceof PayoutOutcome.Retryable retryable) {
            assertThat(retryable.code()).isEqualTo(code);
            assertThat(retryable.reason()).isNotBlank();
            assertThat(retryable.referenceSpent()).as("M-Pesa keeps the failed transfer under its reference").isTrue();
        }
        if (outcome instanceof PayoutOutcome.AccountFault fault) {
            assertThat(fault.code()).isEqualTo(code);
            assertThat(fault.reason()).isEqualTo(MpesaResults.REASONS.get(code)).isNotBlank();
        }
    }

    @Test
    void aTimeoutNoticeIsUnknownEvenOnTheResultUrl() throws Exception {
        Result timeout = JSON.readValue("""
                {"Result": {"ResultType": 1, "ResultCode": 1, "ResultDesc": "The service request has timed out.",
                  "OriginatorConversationID": "%s", "ConversationID": "AG_1"}}""".formatted(REFERENCE), Callback.class)
                .result();

        assertThat(MpesaResults.ofResult(timeout)).as("ResultType 1 is a timeout, not 'insufficient balance'")
                .isInstanceOf(PayoutOutcome.Unknown.class);
    }

    @Test
    void statusQueryResults() throws Exception {
        assertThat(MpesaResults.ofStatus(status("Completed", null))).isEqualTo(new PayoutOutcome.Confirmed("MP0000001A",
                new PayoutOutcome.Reported(10_000L, "KES", null, REFERENCE)));
        assertThat(MpesaResults.ofStatus(status("Pending", null))).isInstanceOf(PayoutOutcome.Pending.class);
        assertThat(MpesaResults.ofStatus(status("Failed", "2040")))
                .isEqualTo(new PayoutOutcome.Rejected("2040", MpesaResults.REASONS.get("2040")));
        assertThat(MpesaResults.ofStatus(status("Failed", "17")))
                .as("a passing failure: M-Pesa holds the reference as failed, the next try needs a new one")
                .isEqualTo(new PayoutOutcome.Retryable("17", MpesaResults.REASONS.get("17"), true));
        assertThat(MpesaResults.ofStatus(status("Reversed", null))).isInstanceOf(PayoutOutcome.Unknown.class);

        Result unknown = JSON.readValue("""
                {"Result": {"ResultType": 0, "ResultCode": "R000002", "ResultDesc": "does not exist",
                  "OriginatorConversationID": "q", "ConversationID": "AG_Q"}}""", Callback.class).result();
        assertThat(MpesaResults.ofStatus(unknown)).isInstanceOf(PayoutOutcome.NotFound.class);

        Result queryFailed = JSON.readValue("""
                {"Result": {"ResultType": 0, "ResultCode": 2001, "ResultDesc": "The initiator information is invalid.",
                  "OriginatorConversationID": "q", "ConversationID": "AG_Q"}}""", Callback.class).result();
        assertThat(MpesaResults.ofStatus(queryFailed)).as("the initiator is the organisation's trouble")
                .isInstanceOf(PayoutOutcome.AccountFault.class);
    }

    @Test
    void aLoneResultParameterObjectIsReadLikeAnArray() throws Exception {
        Result lone = JSON.readValue("""
                {"Result": {"ResultType": 0, "ResultCode": 0, "ResultDesc": "ok", "OriginatorConversationID": "%s",
                  "ResultParameters": {"ResultParameter": {"Key": "TransactionReceipt", "Value": "MPLONE"}}}}"""
                .formatted(REFERENCE), Callback.class).result();

        assertThat(lone.parameter("TransactionReceipt")).isEqualTo("MPLONE");
        assertThat(MpesaResults.ofResult(lone)).isEqualTo(new PayoutOutcome.Confirmed("MPLONE",
                new PayoutOutcome.Reported(null, null, null, REFERENCE)));
    }

    @ParameterizedTest(name = "HTTP {0} {1} → {2}")
    @CsvSource({
            "200, '{\"ConversationID\":\"AG_1\",\"OriginatorConversationID\":\"x\",\"ResponseCode\":\"0\",\"ResponseDescription\":\"Accept\"}', pending",
            "200, '{\"ResponseCode\":\"1\"}', unknown",
            "200, '', unknown",
            "500, '{\"requestId\":\"r\",\"errorCode\":\"500.002.1001\",\"errorMessage\":\"Duplicate OriginatorConversationID.\"}', duplicate",
            "500, '{\"requestId\":\"r\",\"errorCode\":\"500.003.02\",\"errorMessage\":\"Spike arrest\"}', retryable",
            "500, '{\"requestId\":\"r\",\"errorCode\":\"500.003.03\",\"errorMessage\":\"Quota Violation\"}', retryable",
            "200, '{\"requestId\":\"r\",\"errorCode\":\"500.003.02\",\"errorMessage\":\"Spike arrest\"}', retryable",
            "200, '{\"requestId\":\"r\",\"errorCode\":\"500.003.1001\",\"errorMessage\":\"Internal\"}', unknown",
            "401, '{\"requestId\":\"r\",\"errorCode\":\"401.002.01\",\"errorMessage\":\"Error Occurred\"}', account_fault",
            "400, '{\"requestId\":\"r\",\"errorCode\":\"400.003.01\",\"errorMessage\":\"Invalid\"}', account_fault",
            "404, '{\"requestId\":\"r\",\"errorCode\":\"404.001.04\",\"errorMessage\":\"Invalid\"}', account_fault",
            "400, '{\"requestId\":\"r\",\"errorCode\":\"400.002.02\",\"errorMessage\":\"Bad Request - Invalid InitiatorName\"}', account_fault",
            "503, '{\"requestId\":\"r\",\"errorCode\":\"503.001.01\",\"errorMessage\":\"Service Unavailable\"}', retryable",
            "500, '{\"requestId\":\"r\",\"errorCode\":\"500.003.1001\",\"errorMessage\":\"Internal Server Error\"}', unknown",
            "502, '<html>bad gateway</html>', unknown",
            "401, '{\"requestId\":\"r\",\"errorCode\":\"404.001.03\",\"errorMessage\":\"Invalid Access Token\"}', retryable",
            "400, '{\"requestId\":\"r\",\"errorCode\":\"400.002.02\",\"errorMessage\":\"Bad Request - Invalid PartyB\"}', rejected",
            "404, '', account_fault"})
    void synchronousPayoutAnswers(int status, String body, String kind) throws Exception {
        SyncAnswer answer = body.isBlank() || !body.startsWith("{") ? SyncAnswer.EMPTY : JSON.readValue(body, SyncAnswer.class);

        PayoutOutcome outcome = MpesaResults.ofPayoutAnswer(status, answer);

        assertThat(outcome.kind()).isEqualTo(kind);
        if (outcome instanceof PayoutOutcome.Rejected rejected) {
            assertThat(rejected.code()).isEqualTo("400.002.02");
            assertThat(rejected.reason()).as("names the field").contains("Invalid PartyB");
        }
        if (outcome instanceof PayoutOutcome.Pending pending) {
            assertThat(pending.providerTransactionId()).isEqualTo("AG_1");
        }
    }

    @Test
    void aStatusQueryIsPendingWhenAcknowledgedAndUnknownOtherwise() {
        var acknowledged = new SyncAnswer("AG_Q", "q", "0", "Accept", null, null, null);
        assertThat(MpesaResults.ofQueryAnswer(200, acknowledged, "MP1"))
                .isEqualTo(new PayoutOutcome.Pending("MP1", "status query sent; M-Pesa answers it by callback"));
        var busy = new SyncAnswer(null, null, null, null, "r", "500.003.02", "busy");
        assertThat(MpesaResults.ofQueryAnswer(429, busy, null))
                .as("a failed query never says 'not executed'").isInstanceOf(PayoutOutcome.Unknown.class);
    }

    @ParameterizedTest(name = "{0} minor {1} → {2}")
    @CsvSource({"10000, KES, 100", "25000000, KES, 250000", "100, KES, 1", "10050, KES, ", "1, KES, ", "0, KES, ",
            "10000, BDT, ", "10000, UGX, "})
    void amountsAreWholeShillingsOrRefused(long minor, String currency, Long shillings) {
        assertThat(MpesaFormat.wholeShillings(minor, currency)).isEqualTo(shillings);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"+254708374149, 254708374149", "+254110123456, 254110123456", "+254201234567, ",
            "+8801712345678, ", "254708374149, ", "+25470837414, ", "+2547083741490, "})
    void walletsBecomeTwelveDigitsWithoutPlus(String e164, String partyB) {
        assertThat(MpesaFormat.partyB(e164)).isEqualTo(partyB);
    }

    @Test
    void tokensAreRefreshedAMinuteBeforeTheyExpire() {
        assertThat(MpesaTokens.usableLifetime("3599")).isEqualTo(Duration.ofSeconds(3539));
        assertThat(MpesaTokens.usableLifetime("60")).isEqualTo(Duration.ofSeconds(30));
        assertThat(MpesaTokens.usableLifetime("0")).isZero();
        assertThat(MpesaTokens.usableLifetime("soon")).isPositive();
    }
}
