package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BkashMockTest {

    private static final String ROOT = "/v1.2.0-beta/checkout";
    private static WireMockServer server;
    private static MockHttp http;
    private static String token;

    @BeforeAll
    static void start() throws IOException {
        server = MockProviders.start("bkash", 0, Path.of("."), MockSettings.defaults());
        http = new MockHttp(server.baseUrl());
        HttpResponse<String> grant = http.post(ROOT + "/token/grant",
                "{\"app_key\":\"test-app-key\",\"app_secret\":\"test-app-secret\"}",
                "username", "test-user", "password", "test-password");
        assertEquals(200, grant.statusCode(), grant.body());
        token = (String) MockHttp.json(grant.body()).get("id_token");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() throws IOException {
        http.post("/__mock/reset", "{}");
        http.post("/__mock/bkash", "{\"reset\": true}");
    }

    private static HttpResponse<String> payout(String invoice, String receiver, String amount) throws IOException {
        String body = MockHttp.write(Map.of("amount", amount, "currency", "BDT",
                "merchantInvoiceNumber", invoice, "receiverMSISDN", receiver));
        return http.post(ROOT + "/payment/b2cPayment", body,
                "authorization", token, "x-app-key", "test-app-key");
    }

    @Test
    void normalWalletIsPaidAtOnceAndJournaled() throws IOException {
        HttpResponse<String> response = payout("INV-1", "01711000123", "2500.00");

        assertEquals(200, response.statusCode());
        Map<String, Object> answer = MockHttp.json(response.body());
        assertEquals("Completed", answer.get("transactionStatus"));
        assertEquals("INV-1", answer.get("merchantInvoiceNumber"));
        assertNotNull(answer.get("trxID"));

        Map<String, Object> executed = http.executed();
        assertEquals(1, executed.get("count"));
        assertEquals("2500.00", executed.get("sum"));
        Map<String, Object> entry = http.executedEntries().get(0);
        assertEquals("bkash", entry.get("provider"));
        assertEquals("INV-1", entry.get("reference"));
        assertEquals("01711000123", entry.get("wallet"));

        HttpResponse<String> search = http.get(ROOT + "/payment/search/" + answer.get("trxID"),
                "authorization", token, "x-app-key", "test-app-key");
        assertEquals("Completed", MockHttp.json(search.body()).get("transactionStatus"));
    }

    @Test
    void theSameAmountToTheSameWalletWithinTheWindowIs2029WhateverTheInvoice() throws IOException {
        payout("INV-A1", "01711000124", "100");
        HttpResponse<String> sibling = payout("INV-A2", "01711000124", "100.00");

        assertEquals(200, sibling.statusCode());
        assertEquals("2029", MockHttp.json(sibling.body()).get("errorCode"));
        assertEquals("Completed", MockHttp.json(payout("INV-A3", "01711000124", "101").body()).get("transactionStatus"));
        assertEquals(2, http.executed().get("count"));
    }

    @Test
    void afterTheWindowTheSameWalletAndAmountArePaidAgainEvenUnderTheSameInvoice() throws Exception {
        http.post("/__mock/bkash", "{\"duplicateWindowMs\": 200}");
        payout("INV-W", "01711000125", "100");
        Thread.sleep(250);

        HttpResponse<String> again = payout("INV-W", "01711000125", "100");

        // nothing published says bKash refuses a repeated invoice: the mock pays it, so only the gateway can prevent it
        assertEquals("Completed", MockHttp.json(again.body()).get("transactionStatus"));
        assertEquals(2, http.executed().get("count"));
    }

    @Test
    void repeatedInvoiceWithinTheWindowIsAnswered2029AndNotExecutedAgain() throws IOException {
        payout("INV-2", "01711000123", "100");
        HttpResponse<String> repeat = payout("INV-2", "01711000123", "100");

        assertEquals(200, repeat.statusCode());
        assertEquals("2029", MockHttp.json(repeat.body()).get("errorCode"));
        assertEquals(1, http.executed().get("count"));
    }

    @Test
    void concurrentRepeatsOfOneInvoiceExecuteOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                calls.add(() -> payout("INV-RACE", "01711000123", "10"));
            }
            int completed = 0;
            for (Future<HttpResponse<String>> result : pool.invokeAll(calls)) {
                if ("Completed".equals(MockHttp.json(result.get().body()).get("transactionStatus"))) {
                    completed++;
                }
            }
            assertEquals(1, completed);
            assertEquals(1, http.executed().get("count"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void timeoutAfterRecordIsJournaledAndSearchSaysCompleted() throws IOException {
        assertThrows(IOException.class, () -> payout("INV-3", "01900000408", "700"));

        List<Map<String, Object>> executed = http.executedEntries();
        assertEquals(1, executed.size());
        assertEquals("INV-3", executed.get(0).get("reference"));
        HttpResponse<String> search = http.get(
                ROOT + "/payment/search/" + executed.get(0).get("providerTransactionId"),
                "authorization", token, "x-app-key", "test-app-key");
        assertEquals("Completed", MockHttp.json(search.body()).get("transactionStatus"));
        assertEquals("2029", MockHttp.json(payout("INV-3", "01900000408", "700").body()).get("errorCode"));
        assertEquals(1, http.executed().get("count"));
    }

    @Test
    void configuredShareOfPayoutsTimesOutAfterRecording() throws IOException {
        http.post("/__mock/config", "{\"timeoutAfterRecordPercent\": 50}");
        int lost = 0;
        for (int i = 0; i < 4; i++) {
            try {
                payout("INV-P" + i, "0171100012" + i, "1");
            } catch (IOException e) {
                lost++;
            }
        }
        assertEquals(2, lost);
        assertEquals(4, http.executed().get("count"));
    }

    @Test
    void slowReceiverIsAnsweredAfterSlowMs() throws IOException {
        http.post("/__mock/config", "{\"slowMs\": 400}");
        long started = System.nanoTime();

        HttpResponse<String> response = payout("INV-S", "01900000901", "1");

        assertTrue((System.nanoTime() - started) / 1_000_000 >= 400);
        assertEquals("Completed", MockHttp.json(response.body()).get("transactionStatus"));
    }

    @Test
    void lostAnswerHangsForTimeoutDelayMsBeforeTheReset() throws IOException {
        http.post("/__mock/config", "{\"timeoutDelayMs\": 400}");
        long started = System.nanoTime();

        assertThrows(IOException.class, () -> payout("INV-L", "01900000408", "1"));

        assertTrue((System.nanoTime() - started) / 1_000_000 >= 400);
        assertEquals(1, http.executed().get("count"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023", "2012", "2009", "2045", "2057", "2058", "2039", "2040", "2006", "2020", "2024",
            "2001", "2037", "2043", "2044", "2046", "2067", "2062", "2068"})
    void magicReceiverGetsTheRejectionCodeAndNothingMoves(String code) throws IOException {
        HttpResponse<String> response = payout("INV-R" + code, "0190000" + code, "10");

        assertEquals(200, response.statusCode());
        assertEquals(code, MockHttp.json(response.body()).get("errorCode"));
        assertEquals(0, http.executed().get("count"));
    }

    @Test
    void transportFailuresRecordNothingSoTheRetryExecutes() throws IOException {
        assertEquals(429, payout("INV-T", "01900000429", "10").statusCode());
        assertEquals(503, payout("INV-T", "01900000503", "10").statusCode());
        assertEquals(500, payout("INV-T", "01900000500", "10").statusCode());
        assertThrows(IOException.class, () -> payout("INV-T", "01900000499", "10"));
        assertEquals(0, http.executed().get("count"));

        assertEquals("Completed", MockHttp.json(payout("INV-T", "01711000123", "10").body()).get("transactionStatus"));
        assertEquals(1, http.executed().get("count"));
    }

    @Test
    void refreshTokenGivesAWorkingIdToken() throws IOException {
        HttpResponse<String> grant = http.post(ROOT + "/token/grant",
                "{\"app_key\":\"k\",\"app_secret\":\"s\"}", "username", "u", "password", "p");
        String refreshToken = (String) MockHttp.json(grant.body()).get("refresh_token");

        HttpResponse<String> refreshed = http.post(ROOT + "/token/refresh",
                "{\"app_key\":\"k\",\"app_secret\":\"s\",\"refresh_token\":\"" + refreshToken + "\"}",
                "username", "u", "password", "p");

        assertEquals(200, refreshed.statusCode());
        String idToken = (String) MockHttp.json(refreshed.body()).get("id_token");
        HttpResponse<String> search = http.get(ROOT + "/payment/search/NOPE",
                "authorization", idToken, "x-app-key", "k");
        assertEquals("2033", MockHttp.json(search.body()).get("errorCode"));
        assertTrue(MockHttp.json(search.body()).get("errorMessage").toString().contains("not found"));
    }

    @Test
    void bearerPrefixAndInvalidAmountAreRefused() throws IOException {
        HttpResponse<String> bearer = http.post(ROOT + "/payment/b2cPayment",
                "{\"amount\":\"1\",\"currency\":\"BDT\",\"merchantInvoiceNumber\":\"X\",\"receiverMSISDN\":\"01711000123\"}",
                "authorization", "Bearer " + token, "x-app-key", "k");
        assertEquals(401, bearer.statusCode());
        assertEquals("2006", MockHttp.json(payout("INV-A", "01711000123", "-5").body()).get("errorCode"));
        assertTrue(http.executedEntries().isEmpty());
    }

    @Test
    void onlyTheRealCheckoutPathsAreServed() throws IOException {
        assertEquals(404, http.post("/tokenized/checkout/token/grant", "{\"app_key\":\"k\",\"app_secret\":\"s\"}",
                "username", "u", "password", "p").statusCode());
        assertEquals(404, http.post(ROOT + "/checkout/payment/b2cPayment", "{}", "authorization", token,
                "x-app-key", "k").statusCode());
        assertEquals(404, http.post("/token/grant", "{}", "username", "u", "password", "p").statusCode());
    }

    @Test
    void organizationBalanceNamesTheDisbursementWalletAndPayoutsSpendIt() throws IOException {
        http.post("/__mock/bkash", "{\"balance\": \"150.00\"}");
        assertEquals("Completed", MockHttp.json(payout("INV-B1", "01711000126", "100").body()).get("transactionStatus"));

        HttpResponse<String> unfunded = payout("INV-B2", "01711000127", "100");
        assertEquals("2023", MockHttp.json(unfunded.body()).get("errorCode"));

        HttpResponse<String> balance = http.get(ROOT + "/payment/organizationBalance", "authorization", token,
                "x-app-key", "k");
        assertEquals(200, balance.statusCode());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> wallets = (List<Map<String, Object>>) MockHttp.json(balance.body())
                .get("organizationBalance");
        Map<String, Object> disbursement = wallets.stream()
                .filter(w -> "Disbursement Account".equals(w.get("accountTypeName"))).findFirst().orElseThrow();
        assertEquals("50.00", disbursement.get("availableBalance"));
        assertEquals(1, http.executed().get("count"));
    }

    @Test
    void accountFaultSwitchesAnswerEveryPayoutAndTheGrant() throws IOException {
        http.post("/__mock/bkash", "{\"faultCode\": \"2067\"}");
        assertEquals("2067", MockHttp.json(payout("INV-F", "01711000128", "10").body()).get("errorCode"));
        http.post("/__mock/bkash", "{\"faultCode\": \"\", \"grantRefused\": true}");
        HttpResponse<String> grant = http.post(ROOT + "/token/grant", "{\"app_key\":\"k\",\"app_secret\":\"s\"}",
                "username", "u", "password", "p");
        assertEquals("2001", MockHttp.json(grant.body()).get("errorCode"));
        assertEquals(0, http.executed().get("count"));
    }

    @Test
    void mismatchWalletsAreAnsweredWithAnotherAmountOrReceiverAndA503WithoutMaintenanceIsPlain() throws IOException {
        Map<String, Object> amount = MockHttp.json(payout("INV-M1", "01900000771", "10").body());
        assertEquals("11.00", amount.get("amount"));
        Map<String, Object> payee = MockHttp.json(payout("INV-M2", "01900000772", "10").body());
        assertEquals("01711111111", payee.get("receiverMSISDN"));
        HttpResponse<String> search = http.get(ROOT + "/payment/search/" + amount.get("trxID"),
                "authorization", token, "x-app-key", "k");
        assertEquals("11.00", MockHttp.json(search.body()).get("amount"));

        HttpResponse<String> plain = payout("INV-M3", "01900000502", "10");
        assertEquals(503, plain.statusCode());
        assertTrue(!plain.body().toLowerCase().contains("maintenance"));
    }
}
