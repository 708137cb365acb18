package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Nagad mock as the one public client (polygontech/nagad-disbursement) speaks to Nagad: static merchant HMAC
 * key, single-use challenge, errors with HTTP 200 and no sensitiveData, status by the payout's own
 * requestDateTime and rechargeId.
 */
class NagadMockTest {

    private static WireMockServer server;
    private static MockHttp http;
    private static NagadTestClient client;

    @BeforeAll
    static void start() throws IOException {
        server = MockProviders.start("nagad", 0, Path.of("."), MockSettings.defaults());
        http = new MockHttp(server.baseUrl() + "/remote-payment-gateway-1.0");
        client = new NagadTestClient(http);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() throws IOException {
        new MockHttp(server.baseUrl()).post("/__mock/reset", "{}");
    }

    @Test
    void handshakePayoutAndStatusRoundTripWithTheTestKeys() throws IOException {
        NagadTestClient.Session session = client.handshake();
        assertEquals(16, session.key().length);
        assertEquals(16, session.iv().length);

        NagadTestClient.Sent sent = client.send(session, "REF-1", "01711000123", "2500");

        assertEquals(200, sent.response().statusCode(), sent.response().body());
        Map<String, Object> answer = client.decrypt(session, sent.response());
        assertEquals("REF-1", answer.get("referenceNo"));
        assertEquals(sent.requestDateTime(), answer.get("requestDateTime"));
        assertNotNull(answer.get("issuerTxnId"));
        String rechargeId = (String) answer.get("rechargeId");
        Map<String, Object> status = MockHttp.json(
                client.status(session, sent.requestDateTime(), "REF-1", rechargeId).body());
        assertEquals("COMPLETED", status.get("status"));
        assertEquals("2500", status.get("amount"));
        assertEquals("01711000123", status.get("customerMobileNo"));
        assertEquals(answer.get("issuerTxnId"), status.get("issuerTxnId"));
        assertEquals(1, executed().get("count"));
    }

    @Test
    void handshakeSignedWithAnotherKeyIsRefusedWithHttp200AndNoSensitiveData() throws IOException {
        NagadTestClient impostor = new NagadTestClient(http, NagadTestClient.key("test-only-nagad-mock-private.pem"));

        HttpResponse<String> response = impostor.handshakeResponse();

        assertEquals(200, response.statusCode());
        assertFalse(MockHttp.json(response.body()).containsKey("sensitiveData"));
        assertEquals("INVALID_SIGNATURE", MockHttp.json(response.body()).get("reason"));
    }

    @Test
    void aChallengeServesOnePayoutOnly() throws IOException {
        NagadTestClient.Session session = client.handshake();
        assertEquals(200, client.payout(session, "REF-A", "01711000123", "10").statusCode());

        HttpResponse<String> second = client.payout(session, "REF-B", "01711000124", "10");

        assertEquals(400, second.statusCode());
        assertEquals("CHALLENGE_ALREADY_USED", MockHttp.json(second.body()).get("reason"));
        assertEquals(1, executed().get("count"));
    }

    @Test
    void aTransactionSignatureUnderAnyOtherKeyIsRefused() throws IOException {
        NagadTestClient.Session session = client.handshake();
        String info = NagadTestClient.transactionInfo(session, "REF-2", "01711000123", "10");
        // the old mistake: the session AES key instead of the merchant's static HMAC key
        String body = "{\"transactionSignature\":\"" + NagadCrypto.hmacSha256(session.key(), info)
                + "\",\"transactionInfo\":" + info + "}";

        HttpResponse<String> response = client.payoutRaw(session, body);

        assertEquals(200, response.statusCode());
        assertFalse(MockHttp.json(response.body()).containsKey("sensitiveData"));
        assertEquals("INVALID_SIGNATURE", MockHttp.json(response.body()).get("reason"));
        assertEquals(0, executed().get("count"));
    }

    @Test
    void tamperedTransactionInfoIsRefused() throws IOException {
        NagadTestClient.Session session = client.handshake();
        String signed = NagadTestClient.signed(NagadTestClient.transactionInfo(session, "REF-3", "01711000123", "10"));

        HttpResponse<String> response = client.payoutRaw(session, signed.replace("\"10\"", "\"10000\""));

        assertEquals("INVALID_SIGNATURE", MockHttp.json(response.body()).get("reason"));
        assertEquals(0, executed().get("count"));
    }

    @Test
    void aPayoutWithoutTheLoanPaymentPurposeOrAdditionalInfoIsMalformed() throws IOException {
        NagadTestClient.Session session = client.handshake();
        String info = NagadTestClient.transactionInfo(session, "REF-4", "01711000123", "10", NagadTestClient.now(),
                "cash transfer");
        HttpResponse<String> wrongPurpose = client.payoutRaw(session, NagadTestClient.signed(info));
        assertEquals(400, wrongPurpose.statusCode());
        assertEquals("INVALID_REQUEST", MockHttp.json(wrongPurpose.body()).get("reason"));

        NagadTestClient.Session another = client.handshake();
        String withoutAdditional = NagadTestClient.transactionInfo(another, "REF-4", "01711000123", "10")
                .replaceAll(",\"txnAdditionalInfo\":\\{[^}]*}", "");
        HttpResponse<String> missing = client.payoutRaw(another, NagadTestClient.signed(withoutAdditional));
        assertEquals(400, missing.statusCode());
        assertEquals(0, executed().get("count"));
    }

    @Test
    void repeatedReferenceIsADuplicateAndExecutesOnce() throws IOException {
        client.payout(client.handshake(), "REF-5", "01711000123", "10");

        HttpResponse<String> repeat = client.payout(client.handshake(), "REF-5", "01711000123", "10");

        assertEquals(200, repeat.statusCode());
        assertEquals("DUPLICATE_REFERENCE", MockHttp.json(repeat.body()).get("reason"));
        assertEquals(1, executed().get("count"));
    }

    @Test
    void theStatusNeedsThePayoutsOwnRequestDateTimeAndRechargeId() throws IOException {
        NagadTestClient.Session session = client.handshake();
        NagadTestClient.Sent sent = client.send(session, "REF-6", "01711000123", "10");
        String rechargeId = (String) client.decrypt(session, sent.response()).get("rechargeId");

        HttpResponse<String> otherTime = client.status(session, "20200101000000", "REF-6", rechargeId);
        HttpResponse<String> otherRecharge = client.status(session, sent.requestDateTime(), "REF-6", "NG999");
        HttpResponse<String> noRecharge = http.get("/api/dfs/recharge/status?requestDateTime="
                + sent.requestDateTime() + "&referenceNo=REF-6", "X-KM-Api-Key", session.apiKey());

        assertEquals("TRANSACTION_NOT_FOUND", MockHttp.json(otherTime.body()).get("reason"));
        assertEquals("TRANSACTION_NOT_FOUND", MockHttp.json(otherRecharge.body()).get("reason"));
        assertEquals(400, noRecharge.statusCode());
        assertEquals("COMPLETED", MockHttp.json(
                client.status(session, sent.requestDateTime(), "REF-6", rechargeId).body()).get("status"));
    }

    @Test
    void timeoutAfterRecordExecutesOnce() throws IOException {
        NagadTestClient.Session session = client.handshake();
        assertThrows(IOException.class, () -> client.payout(session, "REF-7", "01800000408", "10"));

        assertEquals(1, executed().get("count"));
    }

    @Test
    void distortedStatusAnswersReportAnotherAmountOrPayee() throws IOException {
        NagadTestClient.Session session = client.handshake();
        NagadTestClient.Sent amount = client.send(session, "REF-8", "01800000011", "10");
        NagadTestClient.Session next = client.handshake();
        NagadTestClient.Sent payee = client.send(next, "REF-9", "01800000012", "10");

        Map<String, Object> amountStatus = MockHttp.json(client.status(session, amount.requestDateTime(), "REF-8",
                (String) client.decrypt(session, amount.response()).get("rechargeId")).body());
        Map<String, Object> payeeStatus = MockHttp.json(client.status(next, payee.requestDateTime(), "REF-9",
                (String) client.decrypt(next, payee.response()).get("rechargeId")).body());

        assertEquals("11", amountStatus.get("amount"));
        assertEquals("10", payeeStatus.get("amount"));
        assertEquals("01799999999", payeeStatus.get("customerMobileNo"));
        assertEquals(2, executed().get("count"));
    }

    @Test
    void accountFaultsAndRejectionsComeWithHttp200AndMoveNothing() throws IOException {
        for (String[] magic : new String[][] {{"01800000001", "INSUFFICIENT_BALANCE"},
                {"01800000006", "MERCHANT_NOT_ACTIVE"}, {"01800000007", "IP_NOT_WHITELISTED"},
                {"01800000005", "LIMIT_EXCEEDED"}}) {
            HttpResponse<String> refused = client.payout(client.handshake(), "REF-" + magic[0], magic[0], "10");
            assertEquals(200, refused.statusCode(), magic[1]);
            assertFalse(MockHttp.json(refused.body()).containsKey("sensitiveData"), magic[1]);
            assertEquals(magic[1], MockHttp.json(refused.body()).get("reason"));
        }
        assertEquals(0, executed().get("count"));
    }

    private static Map<String, Object> executed() {
        return new MockHttp(server.baseUrl()).executed();
    }
}
