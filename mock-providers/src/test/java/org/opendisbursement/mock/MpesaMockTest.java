package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MpesaMockTest {

    private static WireMockServer server;
    private static MockHttp http;
    private static String token;
    private CallbackReceiver gateway;

    @BeforeAll
    static void start() throws IOException {
        server = MockProviders.start("mpesa", 0, Path.of("."), MockSettings.defaults().with(Map.of("callbackDelayMs", 20)));
        http = new MockHttp(server.baseUrl());
        String basic = Base64.getEncoder().encodeToString("consumer-key:consumer-secret".getBytes());
        HttpResponse<String> response = http.get("/oauth/v1/generate?grant_type=client_credentials",
                "Authorization", "Basic " + basic);
        assertEquals(200, response.statusCode(), response.body());
        token = (String) MockHttp.json(response.body()).get("access_token");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void setUp() throws IOException {
        http.post("/__mock/reset", "{}");
        gateway = new CallbackReceiver();
    }

    @AfterEach
    void tearDown() {
        gateway.close();
    }

    private HttpResponse<String> payout(String reference, String partyB, Object amount) throws IOException {
        String body = MockHttp.write(Map.ofEntries(
                Map.entry("OriginatorConversationID", reference),
                Map.entry("InitiatorName", "testapi"),
                Map.entry("SecurityCredential", "test-credential"),
                Map.entry("CommandID", "BusinessPayment"),
                Map.entry("Amount", amount),
                Map.entry("PartyA", "600996"),
                Map.entry("PartyB", partyB),
                Map.entry("Remarks", "cash transfer"),
                Map.entry("QueueTimeOutURL", gateway.url("/b2c/timeout")),
                Map.entry("ResultURL", gateway.url("/b2c/result")),
                Map.entry("Occassion", "test")));
        return http.post("/mpesa/b2c/v3/paymentrequest", body, "Authorization", "Bearer " + token);
    }

    private HttpResponse<String> statusQuery(String reference) throws IOException {
        return statusQuery("OriginalConversationID", reference);
    }

    private HttpResponse<String> statusQuery(String idField, String id) throws IOException {
        String body = MockHttp.write(Map.of(
                "Initiator", "testapi",
                "SecurityCredential", "test-credential",
                "CommandID", "TransactionStatusQuery",
                idField, id,
                "PartyA", "600996",
                "IdentifierType", "4",
                "ResultURL", gateway.url("/status/result"),
                "QueueTimeOutURL", gateway.url("/status/timeout"),
                "Remarks", "status"));
        return http.post("/mpesa/transactionstatus/v1/query", body, "Authorization", "Bearer " + token);
    }

    private static Map<String, Object> result(CallbackReceiver.Received callback) {
        return MockHttp.object(MockHttp.json(callback.body()), "Result");
    }

    @SuppressWarnings("unchecked")
    private static String parameter(Map<String, Object> result, String key) {
        List<Map<String, Object>> parameters =
                (List<Map<String, Object>>) MockHttp.object(result, "ResultParameters").get("ResultParameter");
        return parameters.stream().filter(p -> key.equals(p.get("Key")))
                .map(p -> String.valueOf(p.get("Value"))).findFirst().orElse(null);
    }

    @Test
    void successIsAcknowledgedThenResultIsPostedOnce() throws Exception {
        HttpResponse<String> response = payout("OCID-1", "254708374149", 1500);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("0", MockHttp.json(response.body()).get("ResponseCode"));
        List<CallbackReceiver.Received> callbacks = gateway.await(1, 3_000);
        assertEquals("/b2c/result", callbacks.get(0).path());
        Map<String, Object> result = result(callbacks.get(0));
        assertEquals(0, result.get("ResultCode"));
        assertEquals("OCID-1", result.get("OriginatorConversationID"));
        assertEquals("1500", parameter(result, "TransactionAmount"));
        assertFalse(callbacks.get(0).body().contains("254708374149"), "callbacks carry masked numbers only");
        assertTrue(gateway.drain(200).isEmpty());
        assertEquals(1, http.executed().get("count"));

        statusQuery("TransactionID", (String) result.get("TransactionID"));
        Map<String, Object> status = result(gateway.await(1, 3_000).get(0));
        assertEquals("Completed", parameter(status, "TransactionStatus"));
        assertEquals("OCID-1", parameter(status, "OriginatorConversationID"));
    }

    @Test
    void resultCallbackTwice() throws Exception {
        payout("OCID-2", "254700000222", 100);

        List<CallbackReceiver.Received> callbacks = gateway.await(2, 3_000);

        assertEquals(callbacks.get(0).body(), callbacks.get(1).body());
        assertEquals(1, http.executed().get("count"));
    }

    @Test
    void duplicateOriginatorConversationIdIsRefusedAndNotExecutedAgain() throws Exception {
        payout("OCID-3", "254708374149", 100);
        HttpResponse<String> repeat = payout("OCID-3", "254708374149", 100);

        assertEquals(500, repeat.statusCode());
        assertEquals("500.002.1001", MockHttp.json(repeat.body()).get("errorCode"));
        assertEquals(1, gateway.await(1, 3_000).size());
        assertTrue(gateway.drain(200).isEmpty());
        assertEquals(1, http.executed().get("count"));
    }

    @Test
    void pendingThenSuccessThroughStatusQueries() throws Exception {
        payout("OCID-4", "254700000202", 100);
        assertTrue(gateway.drain(200).isEmpty(), "no result while pending");

        assertEquals("0", MockHttp.json(statusQuery("OCID-4").body()).get("ResponseCode"));
        List<CallbackReceiver.Received> afterFirstQuery = gateway.await(2, 3_000);
        Map<String, Object> statusResult = afterFirstQuery.stream().filter(c -> c.path().equals("/status/result"))
                .map(MpesaMockTest::result).findFirst().orElseThrow();
        assertEquals("Pending", parameter(statusResult, "TransactionStatus"));
        assertTrue(afterFirstQuery.stream().anyMatch(c -> c.path().equals("/b2c/result")), "result follows");

        statusQuery("OCID-4");
        assertEquals("Completed", parameter(result(gateway.await(1, 3_000).get(0)), "TransactionStatus"));
        assertEquals(1, http.executed().get("count"));
    }

    @Test
    void timeoutAfterRecordStillExecutesAndStatusSaysCompleted() throws Exception {
        assertThrows(IOException.class, () -> payout("OCID-5", "254700000408", 100));
        assertEquals("/b2c/result", gateway.await(1, 3_000).get(0).path());

        statusQuery("OCID-5");
        assertEquals("Completed", parameter(result(gateway.await(1, 3_000).get(0)), "TransactionStatus"));
        assertEquals(1, http.executed().get("count"));
    }

    @Test
    void queueTimeoutNotifiesTheTimeoutUrlAndExecutesNothing() throws Exception {
        assertEquals(200, payout("OCID-6", "254700000504", 100).statusCode());

        CallbackReceiver.Received timeout = gateway.await(1, 3_000).get(0);
        assertEquals("/b2c/timeout", timeout.path());
        assertTrue(timeout.body().contains("\"OriginatorConversationID\""), "the request is echoed back");
        assertFalse(timeout.body().contains("\"Result\""), "no Result envelope");
        statusQuery("OCID-6");
        assertEquals(MpesaApi.UNKNOWN_TRANSACTION_CODE, result(gateway.await(1, 3_000).get(0)).get("ResultCode"));
        assertEquals(0, http.executed().get("count"));
    }

    @Test
    void rejectionsArriveAsResultCodesWithoutParameters() throws Exception {
        payout("OCID-7", "254700000001", 100);
        payout("OCID-8", "254700009003", 100);
        payout("OCID-9", "254708374149", 250_001);

        List<CallbackReceiver.Received> callbacks = gateway.await(3, 3_000);
        Map<String, Object> codes = new java.util.HashMap<>();
        for (CallbackReceiver.Received callback : callbacks) {
            Map<String, Object> result = result(callback);
            assertNull(result.get("ResultParameters"));
            codes.put((String) result.get("OriginatorConversationID"), result.get("ResultCode"));
        }
        assertEquals(Map.of("OCID-7", 1, "OCID-8", "SFC_IC0003", "OCID-9", 3), codes);
        assertEquals(0, http.executed().get("count"));
    }

    @Test
    void throttlingIsSpikeArrestOrQuotaNotA429() throws IOException {
        HttpResponse<String> spike = payout("OCID-10", "254700000429", 100);
        assertEquals(500, spike.statusCode());
        assertTrue(spike.body().contains("500.003.02"));
        assertTrue(payout("OCID-11", "254700000433", 100).body().contains("500.003.03"));
        HttpResponse<String> inside2xx = payout("OCID-12", "254700000209", 100);
        assertEquals(200, inside2xx.statusCode());
        assertTrue(inside2xx.body().contains("errorCode"));
        assertEquals(0, http.executed().get("count"));
    }

    @Test
    void theStatusQueryRefusesTheB2cFieldName() throws IOException {
        HttpResponse<String> refused = statusQuery("OriginatorConversationID", "OCID-13");
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("Invalid OriginatorConversationID"));
    }
}
