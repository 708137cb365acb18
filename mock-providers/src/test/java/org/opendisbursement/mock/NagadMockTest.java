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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void handshakeAndPayoutRoundTripWithTheTestKeys() throws IOException {
        NagadTestClient.Session session = client.handshake();
        assertEquals(16, session.key().length);
        assertEquals(16, session.iv().length);

        HttpResponse<String> response = client.payout(session, "REF-1", "01711000123", "2500");

        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> answer = client.decrypt(session, response);
        assertEquals("REF-1", answer.get("referenceNo"));
        assertNotNull(answer.get("rechargeId"));
        assertNotNull(answer.get("issuerTxnId"));
        assertEquals("COMPLETED", MockHttp.json(client.status(session, "REF-1").body()).get("status"));
        assertEquals(1, executed().get("count"));
    }

    @Test
    void handshakeSignedWithAnotherKeyIsRefused() throws IOException {
        NagadTestClient impostor = new NagadTestClient(http, NagadTestClient.key("test-only-nagad-mock-private.pem"));

        HttpResponse<String> response = impostor.handshakeResponse();

        assertEquals(401, response.statusCode());
        assertEquals("INVALID_SIGNATURE", MockHttp.json(response.body()).get("reason"));
    }

    @Test
    void tamperedTransactionInfoIsRefused() throws IOException {
        NagadTestClient.Session session = client.handshake();
        String signed = NagadTestClient.transactionInfo(session, "REF-2", "01711000123", "10");
        String tampered = signed.replace("\"10\"", "\"10000\"");
        String body = "{\"transactionSignature\":\"" + NagadCrypto.hmacSha256(session.key(), signed)
                + "\",\"transactionInfo\":" + tampered + "}";

        HttpResponse<String> response = client.payoutRaw(session, body);

        assertEquals(400, response.statusCode());
        assertEquals("INVALID_SIGNATURE", MockHttp.json(response.body()).get("reason"));
        assertEquals(0, executed().get("count"));
    }

    @Test
    void repeatedReferenceIsADuplicateAndExecutesOnce() throws IOException {
        NagadTestClient.Session session = client.handshake();
        client.payout(session, "REF-3", "01711000123", "10");

        HttpResponse<String> repeat = client.payout(session, "REF-3", "01711000123", "10");

        assertEquals(409, repeat.statusCode());
        assertEquals("DUPLICATE_REFERENCE", MockHttp.json(repeat.body()).get("reason"));
        assertEquals(1, executed().get("count"));
    }

    @Test
    void pendingThenSuccess() throws IOException {
        NagadTestClient.Session session = client.handshake();
        assertEquals(200, client.payout(session, "REF-4", "01800000202", "10").statusCode());
        assertEquals(0, executed().get("count"));

        assertEquals("PENDING", MockHttp.json(client.status(session, "REF-4").body()).get("status"));
        assertEquals("COMPLETED", MockHttp.json(client.status(session, "REF-4").body()).get("status"));
        assertEquals(1, executed().get("count"));
    }

    @Test
    void timeoutAfterRecordThenStatusSaysCompleted() throws IOException {
        NagadTestClient.Session session = client.handshake();
        assertThrows(IOException.class, () -> client.payout(session, "REF-5", "01800000408", "10"));

        assertEquals("COMPLETED", MockHttp.json(client.status(session, "REF-5").body()).get("status"));
        assertEquals(1, executed().get("count"));
    }

    @Test
    void unknownReferenceIsNotFoundAndRejectionsMoveNothing() throws IOException {
        NagadTestClient.Session session = client.handshake();
        HttpResponse<String> unknown = client.status(session, "NEVER-SENT");
        assertEquals(404, unknown.statusCode());
        assertEquals("TRANSACTION_NOT_FOUND", MockHttp.json(unknown.body()).get("reason"));

        HttpResponse<String> rejected = client.payout(session, "REF-6", "01800000001", "10");
        assertEquals(400, rejected.statusCode());
        assertEquals("INSUFFICIENT_BALANCE", MockHttp.json(rejected.body()).get("reason"));
        assertEquals(0, executed().get("count"));
    }

    private static Map<String, Object> executed() {
        return new MockHttp(server.baseUrl()).executed();
    }
}
