package org.opendisbursement.gateway.providers.mtn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.dispatch.CallbackGuard;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.DispatchRunning;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** MTN's callback endpoint: who may call it, what it accepts, and that it settles an installment exactly once. */
@GatewayTest
class MtnCallbackTest {

    private static final String SECRET = "test-mtn-secret";

    @LocalServerPort
    int port;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    private final HttpClient http = HttpClient.newHttpClient();

    private int callback(String method, String query, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/callbacks/mtn" + query))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String successful(UUID reference, String financialTransactionId) {
        return "{\"amount\":\"15.00\",\"currency\":\"EUR\",\"financialTransactionId\":\"" + financialTransactionId
                + "\",\"externalId\":\"" + reference + "\",\"payee\":{\"partyIdType\":\"MSISDN\",\"partyId\":\"46733123111\"},"
                + "\"payerMessage\":\"Cash support\",\"payeeNote\":\"Cash support payment\",\"status\":\"SUCCESSFUL\"}";
    }

    private static String failed(UUID reference, String reason) {
        return "{\"amount\":\"15.00\",\"currency\":\"EUR\",\"externalId\":\"" + reference
                + "\",\"status\":\"FAILED\",\"reason\":" + reason + "}";
    }

    /** The query of a callback URL for the payout under {@code reference}: its reference and its own token. */
    private static String forPayout(UUID reference) {
        return "?reference=" + reference + "&token=" + CallbackGuard.token(SECRET, "mtn", reference);
    }

    @Test
    void aCallerWithoutThePayoutsTokenIsRefused() throws Exception {
        UUID reference = UUID.randomUUID();
        String body = successful(reference, "1");

        assertThat(callback("POST", "", body)).isEqualTo(403);
        assertThat(callback("POST", "?secret=" + SECRET, body)).as("the secret itself opens nothing").isEqualTo(403);
        assertThat(callback("PUT", "?reference=" + reference + "&token=wrong", body)).isEqualTo(403);
        assertThat(callback("POST", "?reference=" + reference + "&token=" + CallbackGuard.token(SECRET, "mtn",
                UUID.randomUUID()), body)).as("another payout's token").isEqualTo(403);
    }

    @Test
    void aBodyOverTheCapIsRefusedAndOneAboutAnotherPayoutIsABadRequest() throws Exception {
        UUID reference = UUID.randomUUID();
        String huge = successful(reference, "1").replace("\"status\"", "\"padding\":\"" + "x".repeat(70_000)
                + "\",\"status\"");

        assertThat(callback("POST", forPayout(reference), huge)).isEqualTo(413);
        assertThat(callback("POST", forPayout(reference), successful(UUID.randomUUID(), "1"))).isEqualTo(400);
    }

    @Test
    void aValidCallerIsAnsweredOkEvenForAReferenceNobodyKnows() throws Exception {
        UUID[] references = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
        assertThat(callback("POST", forPayout(references[0]), successful(references[0], "1000000001"))).isEqualTo(200);
        assertThat(callback("PUT", forPayout(references[1]), successful(references[1], "1000000002"))).isEqualTo(200);
        assertThat(callback("POST", forPayout(references[2]), failed(references[2], "\"PAYEE_NOT_FOUND\"")))
                .isEqualTo(200);
        assertThat(callback("POST", forPayout(references[3]),
                failed(references[3], "{\"code\":\"EXPIRED\",\"message\":\"The transaction expired.\"}")))
                .isEqualTo(200);
        assertThat(callback("POST", forPayout(references[4]), "{\"referenceId\":\"" + references[4]
                + "\",\"status\":\"PENDING\"}")).isEqualTo(200);
    }

    @Test
    void aBodyThatNamesNoTransferIsABadRequest() throws Exception {
        UUID reference = UUID.randomUUID();
        assertThat(callback("POST", forPayout(reference), "not json")).isEqualTo(400);
        assertThat(callback("POST", forPayout(reference), "{\"status\":\"SUCCESSFUL\",\"externalId\":\"INV-7\"}"))
                .isEqualTo(400);
        assertThat(callback("POST", forPayout(reference), "")).isEqualTo(400);
        assertThat(callback("POST", forPayout(reference), "{\"status\":\"SUCCESSFUL\",\"externalId\":\""
                + reference + "\",\"referenceId\":\"" + UUID.randomUUID() + "\"}"))
                .as("a body contradicting itself names no payout").isEqualTo(400);
    }

    /**
     * A callback is found by its externalId and compared with the payout before it is believed: one that reports
     * another amount sends the installment to a person, never to CONFIRMED.
     */
    @Test
    void aCallbackReportingAnotherAmountIsNotBelieved() throws Exception {
        Api api = new Api(port);
        long listId = api.releasedList(ListFile.of().row("CB-AMOUNT,Amina Nakato,,MTN,+46733123454,15,1,,"), "EUR");
        camel.getRouteController().startRoute("dispatch.send");
        try {
            DispatchRunning.await("sent and pending", Duration.ofSeconds(30),
                    () -> "PENDING".equals(DispatchRunning.stateOf(jdbc, listId, "CB-AMOUNT", 1)));
        } finally {
            camel.getRouteController().stopRoute("dispatch.send");
        }
        UUID reference = (UUID) installment(listId, "CB-AMOUNT").get("provider_reference");

        String body = "{\"amount\":\"150.00\",\"currency\":\"EUR\",\"financialTransactionId\":\"77\",\"externalId\":\""
                + reference + "\",\"payee\":{\"partyIdType\":\"MSISDN\",\"partyId\":\"46733123454\"},"
                + "\"status\":\"SUCCESSFUL\"}";
        assertThat(callback("PUT", forPayout(reference), body)).isEqualTo(200);

        assertThat(DispatchRunning.stateOf(jdbc, listId, "CB-AMOUNT", 1)).isEqualTo("MANUAL_REVIEW");
        assertThat(installment(listId, "CB-AMOUNT").get("failure_code")).isEqualTo("MISMATCH");
    }

    /**
     * With only the send route running (no status queries), MTN's callbacks alone settle the installments; a repeated
     * or contradicting callback afterwards changes nothing.
     */
    @Test
    void callbacksSettleInstallmentsOnceAndRepeatsChangeNothing() throws Exception {
        Api api = new Api(port);
        ListFile file = ListFile.of()
                .row("CB-OK,Amina Nakato,,MTN,+46733123111,15,1,,")
                .row("CB-GONE,Grace Achieng,,MTN,+46733123457,15,1,,")
                .row("CB-TWICE,Joseph Okello,,MTN,+46733123222,15,1,,");
        long listId = api.releasedList(file, "EUR");

        camel.getRouteController().startRoute("dispatch.send");
        try {
            DispatchRunning.await("callbacks settle all three", Duration.ofSeconds(30),
                    () -> DispatchRunning.count(jdbc, listId, "CONFIRMED") == 2
                            && DispatchRunning.count(jdbc, listId, "FAILED") == 1);
        } finally {
            camel.getRouteController().stopRoute("dispatch.send");
        }
        assertThat(DispatchRunning.stateOf(jdbc, listId, "CB-OK", 1)).isEqualTo("CONFIRMED");
        assertThat(DispatchRunning.stateOf(jdbc, listId, "CB-TWICE", 1)).isEqualTo("CONFIRMED");
        assertThat(DispatchRunning.stateOf(jdbc, listId, "CB-GONE", 1)).isEqualTo("FAILED");

        Map<String, Object> ok = installment(listId, "CB-OK");
        assertThat(ok.get("provider_txn_id")).isNotNull();
        Map<String, Object> gone = installment(listId, "CB-GONE");
        assertThat(gone.get("failure_code")).isEqualTo("PAYEE_NOT_FOUND");
        assertThat(confirmations(installment(listId, "CB-TWICE"))).as("the second copy changed nothing").isEqualTo(1);

        UUID reference = (UUID) ok.get("provider_reference");
        long entries = ledgerEntries(ok);
        assertThat(callback("POST", forPayout(reference), successful(reference, (String) ok.get("provider_txn_id"))))
                .isEqualTo(200);
        assertThat(callback("PUT", forPayout(reference), failed(reference, "\"NOT_ENOUGH_FUNDS\""))).isEqualTo(200);
        assertThat(ledgerEntries(ok)).as("a repeated or late callback writes nothing").isEqualTo(entries);
        assertThat(DispatchRunning.stateOf(jdbc, listId, "CB-OK", 1)).isEqualTo("CONFIRMED");
    }

    private Map<String, Object> installment(long listId, String beneficiaryId) {
        return jdbc.queryForMap("""
                SELECT i.id, i.provider_reference, i.provider_txn_id, i.failure_code FROM installment i
                JOIN beneficiary b ON b.id = i.beneficiary_ref WHERE i.list_id = :id AND b.beneficiary_id = :b""",
                Map.of("id", listId, "b", beneficiaryId));
    }

    private long ledgerEntries(Map<String, Object> installment) {
        return jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE installment_id = :id",
                Map.of("id", installment.get("id")), Long.class);
    }

    private long confirmations(Map<String, Object> installment) {
        return jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE installment_id = :id"
                + " AND action = 'PAYOUT_CONFIRMED'", Map.of("id", installment.get("id")), Long.class);
    }
}
