package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminApiTest {

    private WireMockServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void configChangesDelayAndResetRestoresStartupSettings() throws IOException {
        server = MockProviders.start("mtn", 0, Path.of("."), MockSettings.defaults());
        MockHttp http = new MockHttp(server.baseUrl());

        HttpResponse<String> updated = http.post("/__mock/config", "{\"timeoutAfterRecordPercent\": 10, \"delayMs\": 300}");
        assertEquals(200, updated.statusCode());
        assertEquals(300, MockHttp.json(updated.body()).get("delayMs"));

        long started = System.nanoTime();
        http.post("/disbursement/token/", null, "Ocp-Apim-Subscription-Key", "k", "Authorization", "Basic dTpw");
        assertTrue((System.nanoTime() - started) / 1_000_000 >= 300, "provider answers are delayed");

        http.post("/__mock/reset", "{}");
        assertEquals(0, MockHttp.json(http.get("/__mock/config").body()).get("delayMs"));
    }

    @Test
    void invalidConfigIsRefused() throws IOException {
        server = MockProviders.start("bkash", 0);
        MockHttp http = new MockHttp(server.baseUrl());

        assertEquals(400, http.post("/__mock/config", "{\"timeoutAfterRecordPercent\": 101}").statusCode());
        assertEquals(400, http.post("/__mock/config", "{\"noSuchSetting\": 1}").statusCode());
    }

    @Test
    void journalCountsAndSumsAndResetEmptiesIt() throws IOException {
        server = MockProviders.start("mtn", 0);
        MockHttp http = new MockHttp(server.baseUrl());
        String token = (String) MockHttp.json(http.post("/disbursement/token/", null,
                "Ocp-Apim-Subscription-Key", "k", "Authorization", "Basic dTpw").body()).get("access_token");
        for (String amount : new String[] {"100.50", "20"}) {
            http.post("/disbursement/v1_0/transfer", MockHttp.write(Map.of("amount", amount, "currency", "EUR",
                            "externalId", "x", "payee", Map.of("partyIdType", "MSISDN", "partyId", "46733123999"))),
                    "Authorization", "Bearer " + token, "X-Reference-Id", UUID.randomUUID().toString(),
                    "X-Target-Environment", "sandbox", "Ocp-Apim-Subscription-Key", "k");
        }

        Map<String, Object> executed = http.executed();
        assertEquals(2, executed.get("count"));
        assertEquals("120.50", executed.get("sum"));

        http.post("/__mock/reset", "{}");
        assertEquals(0, http.executed().get("count"));
    }

    @Test
    void unknownProviderIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> MockProviders.start("paypal", 0));
    }

    @Test
    void walletMaskKeepsTheLastThreeDigits() {
        assertEquals("********123", WalletMask.mask("01711000123"));
        assertEquals("***", WalletMask.mask("123"));
    }
}
