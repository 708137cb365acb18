package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the MTN mock from the mappings packaged on the classpath. */
class MtnMockTest {

    private static WireMockServer server;
    private static MockHttp http;
    private static String token;
    private CallbackReceiver gateway;

    @BeforeAll
    static void start() throws IOException {
        server = MockProviders.start("mtn", 0, null, MockSettings.defaults().with(Map.of("callbackDelayMs", 20)));
        http = new MockHttp(server.baseUrl());
        String basic = Base64.getEncoder().encodeToString("api-user:api-key".getBytes());
        HttpResponse<String> response = http.post("/disbursement/token/", null,
                "Authorization", "Basic " + basic, "Ocp-Apim-Subscription-Key", "test-subscription");
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

    private HttpResponse<String> transfer(String referenceId, String partyId, boolean withCallback) throws IOException {
        String body = MockHttp.write(Map.of(
                "amount", "100", "currency", "EUR", "externalId", "payout-42",
                "payee", Map.of("partyIdType", "MSISDN", "partyId", partyId),
                "payerMessage", "cash transfer", "payeeNote", "cash transfer"));
        String[] headers = {"Authorization", "Bearer " + token, "X-Reference-Id", referenceId,
                "X-Target-Environment", "sandbox", "Ocp-Apim-Subscription-Key", "test-subscription"};
        if (withCallback) {
            headers = append(headers, "X-Callback-Url", gateway.url("/mtn/callback"));
        }
        return http.post("/disbursement/v1_0/transfer", body, headers);
    }

    private HttpResponse<String> status(String referenceId) throws IOException {
        return http.get("/disbursement/v1_0/transfer/" + referenceId, "Authorization", "Bearer " + token,
                "X-Target-Environment", "sandbox", "Ocp-Apim-Subscription-Key", "test-subscription");
    }

    @Test
    void acceptedWith202ThenSuccessfulWithOneCallback() throws Exception {
        String referenceId = UUID.randomUUID().toString();
        HttpResponse<String> response = transfer(referenceId, "46733123999", true);

        assertEquals(202, response.statusCode());
        assertTrue(response.body().isEmpty());
        Map<String, Object> status = MockHttp.json(status(referenceId).body());
        assertEquals("SUCCESSFUL", status.get("status"));
        assertEquals("payout-42", status.get("externalId"));
        CallbackReceiver.Received callback = gateway.await(1, 3_000).get(0);
        assertEquals("POST", callback.method());
        assertEquals("SUCCESSFUL", MockHttp.json(callback.body()).get("status"));
        assertTrue(gateway.drain(200).isEmpty());
        assertEquals(1, MockProviders.state(server).journal().executed().size());
    }

    @Test
    void reusedReferenceIdIs409AndExecutesOnce() throws IOException {
        String referenceId = UUID.randomUUID().toString();
        transfer(referenceId, "46733123999", false);

        HttpResponse<String> repeat = transfer(referenceId, "46733123999", false);

        assertEquals(409, repeat.statusCode());
        assertEquals("RESOURCE_ALREADY_EXIST", MockHttp.json(repeat.body()).get("code"));
        assertEquals(1, http.executed().get("count"));
    }

    @ParameterizedTest
    @CsvSource({
            "46733123450, COULD_NOT_PERFORM_TRANSACTION",
            "46733123451, APPROVAL_REJECTED",
            "46733123452, EXPIRED",
            "46733123455, NOT_ENOUGH_FUNDS",
            "46733123456, PAYER_LIMIT_REACHED",
            "46733123457, PAYEE_NOT_FOUND",
            "46733123458, NOT_ALLOWED",
            "46733123462, INTERNAL_PROCESSING_ERROR",
            "46733123463, SERVICE_UNAVAILABLE"})
    void sandboxNumbersFailWithTheirReason(String partyId, String reason) throws IOException {
        String referenceId = UUID.randomUUID().toString();
        assertEquals(202, transfer(referenceId, partyId, false).statusCode());

        Map<String, Object> status = MockHttp.json(status(referenceId).body());

        assertEquals("FAILED", status.get("status"));
        Object reported = status.get("reason");
        String code = reported instanceof Map ? (String) ((Map<?, ?>) reported).get("code") : (String) reported;
        assertEquals(reason, code);
        assertNull(status.get("financialTransactionId"));
        assertEquals(0, http.executed().get("count"));
    }

    @Test
    void delayedNumberIsPendingOnceThenSuccessfulAndCallsBack() throws Exception {
        String referenceId = UUID.randomUUID().toString();
        transfer(referenceId, "46733123454", true);
        assertTrue(gateway.drain(150).isEmpty());

        assertEquals("PENDING", MockHttp.json(status(referenceId).body()).get("status"));
        assertEquals("SUCCESSFUL", MockHttp.json(status(referenceId).body()).get("status"));
        assertEquals("SUCCESSFUL", MockHttp.json(gateway.await(1, 3_000).get(0).body()).get("status"));
        assertEquals(1, http.executed().get("count"));
    }

    @Test
    void pendingNumberStaysPending() throws IOException {
        String referenceId = UUID.randomUUID().toString();
        transfer(referenceId, "46733123453", false);
        for (int i = 0; i < 3; i++) {
            assertEquals("PENDING", MockHttp.json(status(referenceId).body()).get("status"));
        }
        assertEquals(0, http.executed().get("count"));
    }

    @Test
    void callbackTwiceAndCallbackByPut() throws Exception {
        transfer(UUID.randomUUID().toString(), "46733123222", true);
        List<CallbackReceiver.Received> twice = gateway.await(2, 3_000);
        assertEquals(twice.get(0).body(), twice.get(1).body());

        transfer(UUID.randomUUID().toString(), "46733123223", true);
        assertEquals("PUT", gateway.await(1, 3_000).get(0).method());
        assertEquals(2, http.executed().get("count"));
    }

    @Test
    void timeoutAfterRecordThenStatusSaysSuccessful() throws IOException {
        String referenceId = UUID.randomUUID().toString();
        assertThrows(IOException.class, () -> transfer(referenceId, "46733123408", false));

        assertEquals("SUCCESSFUL", MockHttp.json(status(referenceId).body()).get("status"));
        assertEquals(1, http.executed().get("count"));
        assertEquals(409, transfer(referenceId, "46733123408", false).statusCode());
    }

    @Test
    void unknownReferenceIs404() throws IOException {
        HttpResponse<String> response = status(UUID.randomUUID().toString());
        assertEquals(404, response.statusCode());
        assertEquals("RESOURCE_NOT_FOUND", MockHttp.json(response.body()).get("code"));
    }

    private static String[] append(String[] headers, String name, String value) {
        String[] longer = java.util.Arrays.copyOf(headers, headers.length + 2);
        longer[headers.length] = name;
        longer[headers.length + 1] = value;
        return longer;
    }
}
