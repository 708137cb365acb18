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
        server = MockProviders.start("mtn", 0, null, MockSettings.defaults().with(Map.of("callbackDelayMs", 20, "mtnOngoingMs", 300)));
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
        return transfer(referenceId, partyId, "EUR", withCallback);
    }

    private HttpResponse<String> transfer(String referenceId, String partyId, String currency, boolean withCallback)
            throws IOException {
        String body = MockHttp.write(Map.of(
                "amount", "100", "currency", currency, "externalId", "payout-42",
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
            "46733123450, INTERNAL_PROCESSING_ERROR, false",
            "46733123451, APPROVAL_REJECTED, true",
            "46733123452, EXPIRED, true",
            "46733123455, NOT_ENOUGH_FUNDS, false",
            "46733123456, PAYER_LIMIT_REACHED, false",
            "46733123457, PAYEE_NOT_FOUND, false",
            "46733123458, NOT_ALLOWED, false",
            "46733123459, PAYEE_NOT_ALLOWED_TO_RECEIVE, true",
            "46733123460, COULD_NOT_PERFORM_TRANSACTION, true",
            "46733123462, INTERNAL_PROCESSING_ERROR, true",
            "46733123463, SERVICE_UNAVAILABLE, true"})
    void failingNumbersFailWithTheirReasonAsStringOrObject(String partyId, String reason, boolean asObject)
            throws IOException {
        String referenceId = UUID.randomUUID().toString();
        assertEquals(202, transfer(referenceId, partyId, false).statusCode());

        Map<String, Object> status = MockHttp.json(status(referenceId).body());

        assertEquals("FAILED", status.get("status"));
        Object reported = status.get("reason");
        assertEquals(asObject, reported instanceof Map, String.valueOf(reported));
        String code = reported instanceof Map ? (String) ((Map<?, ?>) reported).get("code") : (String) reported;
        assertEquals(reason, code);
        assertEquals("100", status.get("amount"));
        assertEquals("payout-42", status.get("externalId"));
        assertNull(status.get("financialTransactionId"));
        assertEquals(0, http.executed().get("count"));
    }

    @Test
    void ourPendingThenSuccessNumberIsPendingOnceThenSuccessfulAndCallsBack() throws Exception {
        String referenceId = UUID.randomUUID().toString();
        transfer(referenceId, "46733123202", true);
        assertTrue(gateway.drain(150).isEmpty());

        assertEquals("PENDING", MockHttp.json(status(referenceId).body()).get("status"));
        assertEquals("SUCCESSFUL", MockHttp.json(status(referenceId).body()).get("status"));
        assertEquals("SUCCESSFUL", MockHttp.json(gateway.await(1, 3_000).get(0).body()).get("status"));
        assertEquals(1, http.executed().get("count"));
    }

    @Test
    void sandboxOngoingNumberSucceedsAfterItsTimeAndCallsBackWithoutBeingAsked() throws Exception {
        String referenceId = UUID.randomUUID().toString();
        transfer(referenceId, "46733123453", true);
        assertEquals("PENDING", MockHttp.json(status(referenceId).body()).get("status"));
        assertEquals(0, http.executed().get("count"));

        Map<String, Object> callback = MockHttp.json(gateway.await(1, 3_000).get(0).body());

        assertEquals("SUCCESSFUL", callback.get("status"));
        assertEquals("payout-42", callback.get("externalId"));
        assertEquals("SUCCESSFUL", MockHttp.json(status(referenceId).body()).get("status"));
        assertEquals(1, http.executed().get("count"));
    }

    @Test
    void sandboxPendingNumberStaysPending() throws Exception {
        String referenceId = UUID.randomUUID().toString();
        transfer(referenceId, "46733123454", true);
        for (int i = 0; i < 3; i++) {
            assertEquals("PENDING", MockHttp.json(status(referenceId).body()).get("status"));
        }
        assertTrue(gateway.drain(400).isEmpty());
        assertEquals(0, http.executed().get("count"));
    }

    @Test
    void aFailedReferenceIsFinalButANewReferenceMaySucceed() throws IOException {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        assertEquals(202, transfer(first, "46733123461", false).statusCode());
        assertEquals("FAILED", MockHttp.json(status(first).body()).get("status"));
        assertEquals(409, transfer(first, "46733123461", false).statusCode());
        assertEquals("FAILED", MockHttp.json(status(first).body()).get("status"));

        assertEquals(202, transfer(second, "46733123461", false).statusCode());

        assertEquals("SUCCESSFUL", MockHttp.json(status(second).body()).get("status"));
        assertEquals(1, http.executed().get("count"));
    }

    @ParameterizedTest
    @CsvSource({
            "46733123781, INVALID_CALLBACK_URL_HOST",
            "46733123782, INVALID_CURRENCY",
            "46733123783, NOT_ALLOWED_TARGET_ENVIRONMENT"})
    void configurationFaultsAre400WithTheirCodeAndRecordNothing(String partyId, String code) throws IOException {
        String referenceId = UUID.randomUUID().toString();
        HttpResponse<String> response = transfer(referenceId, partyId, true);

        assertEquals(400, response.statusCode());
        assertEquals(code, MockHttp.json(response.body()).get("code"));
        assertEquals(404, status(referenceId).statusCode());
    }

    @Test
    void theSandboxTakesOnlyEuro() throws IOException {
        HttpResponse<String> response = transfer(UUID.randomUUID().toString(), "46733123999", "UGX", false);
        assertEquals(400, response.statusCode());
        assertEquals("INVALID_CURRENCY", MockHttp.json(response.body()).get("code"));
        assertEquals(0, http.executed().get("count"));
    }

    @Test
    void mismatchNumbersReportAnotherAmountPayeeOrExternalIdThanWerePaid() throws IOException {
        String amount = UUID.randomUUID().toString();
        String payee = UUID.randomUUID().toString();
        String external = UUID.randomUUID().toString();
        transfer(amount, "46733123771", false);
        transfer(payee, "46733123772", false);
        transfer(external, "46733123773", false);

        assertEquals("101", MockHttp.json(status(amount).body()).get("amount"));
        assertEquals("46733123773", ((Map<?, ?>) MockHttp.json(status(payee).body()).get("payee")).get("partyId"));
        Map<String, Object> other = MockHttp.json(status(external).body());
        assertEquals("SUCCESSFUL", other.get("status"));
        assertTrue(!"payout-42".equals(other.get("externalId")));
        assertEquals(3, http.executed().get("count"));
    }

    @Test
    void aRefusedApiUserGetsNoToken() throws IOException {
        String basic = Base64.getEncoder().encodeToString(("00000000-0000-4000-8000-000000000401:key").getBytes());
        HttpResponse<String> response = http.post("/disbursement/token/", null,
                "Authorization", "Basic " + basic, "Ocp-Apim-Subscription-Key", "test-subscription");
        assertEquals(401, response.statusCode());
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
