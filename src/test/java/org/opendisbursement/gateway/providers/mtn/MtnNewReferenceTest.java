package org.opendisbursement.gateway.providers.mtn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.dispatch.CallbackGuard;
import org.opendisbursement.gateway.installments.ProviderReference;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.DispatchRunning;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.opendisbursement.gateway.support.MockProviderServers;
import org.opendisbursement.mock.ExecutedPayout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * MTN's FAILED for a passing reason, through real dispatch on PostgreSQL: the reference is spent, the next attempt goes
 * under UUIDv5(reference, attempt), MTN pays that one, and the installment ends CONFIRMED under it with both references
 * kept; a late callback under the old reference neither confirms again nor pays twice. The mock's 46733123461 fails the
 * first transfer to it (INTERNAL_PROCESSING_ERROR) and pays the next, under a new reference.
 */
@GatewayTest
class MtnNewReferenceTest {

    @LocalServerPort
    int port;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @Test
    void aTransientFailureIsPaidUnderANewReferenceAndTheOldOneNeverConfirmsOrPaysAgain() throws Exception {
        Api api = new Api(port);
        long listId = api.releasedList(ListFile.of().row("NEWREF-1,Amina Nakato,,MTN,+46733123461,15,1,,"), "EUR");
        UUID first = (UUID) installment(listId).get("provider_reference");

        try (DispatchRunning running = DispatchRunning.start(camel)) {
            DispatchRunning.await("confirmed under a new reference", Duration.ofSeconds(30),
                    () -> "CONFIRMED".equals(DispatchRunning.stateOf(jdbc, listId, "NEWREF-1", 1)));
        }

        Map<String, Object> row = installment(listId);
        UUID current = (UUID) row.get("provider_reference");
        assertThat(current).isNotEqualTo(first).isEqualTo(ProviderReference.forAttempt(first, 2));
        assertThat(current.version()).isEqualTo(5);
        assertThat(executedUnder(first)).as("MTN failed the first reference").isEmpty();
        assertThat(executedUnder(current)).singleElement().satisfies(paid -> {
            assertThat(paid.amount()).isEqualTo("15.00");
            assertThat(row.get("provider_txn_id")).isEqualTo(paid.providerTransactionId());
        });
        assertThat(jdbc.queryForList("SELECT reference FROM installment_reference WHERE installment_id = :id",
                Map.of("id", row.get("id")), UUID.class)).containsExactly(first);
        List<String> ledgerReferences = jdbc.queryForList("SELECT DISTINCT reference FROM ledger_entry"
                + " WHERE installment_id = :id", Map.of("id", row.get("id")), String.class);
        assertThat(ledgerReferences).contains(first.toString(), current.toString());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE installment_id = :id"
                + " AND action = 'PAYOUT_RETRY_SCHEDULED'", Map.of("id", row.get("id")), Long.class)).isEqualTo(1);

        long entries = ledgerEntries(row);
        int late = callback(first, "{\"amount\":\"15.00\",\"currency\":\"EUR\",\"financialTransactionId\":\"999000111\","
                + "\"externalId\":\"" + first + "\",\"payee\":{\"partyIdType\":\"MSISDN\",\"partyId\":\"46733123461\"},"
                + "\"status\":\"SUCCESSFUL\"}");

        assertThat(late).isEqualTo(200);
        assertThat(ledgerEntries(row)).as("a late callback under the old reference writes nothing").isEqualTo(entries);
        assertThat(installment(listId).get("state")).isEqualTo("CONFIRMED");
        assertThat(installment(listId).get("provider_txn_id")).isEqualTo(row.get("provider_txn_id"));
        assertThat(executedUnder(first)).isEmpty();
        assertThat(executedUnder(current)).hasSize(1);
    }

    private int callback(UUID reference, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/callbacks/mtn?reference="
                        + reference + "&token=" + CallbackGuard.token("test-mtn-secret", "mtn", reference)))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<ExecutedPayout> executedUnder(UUID reference) {
        return MockProviderServers.state("mtn").journal().executed().stream()
                .filter(payout -> payout.reference().equals(reference.toString())).toList();
    }

    private Map<String, Object> installment(long listId) {
        return jdbc.queryForMap("""
                SELECT i.id, i.state, i.provider_reference, i.provider_txn_id FROM installment i
                JOIN beneficiary b ON b.id = i.beneficiary_ref WHERE i.list_id = :id AND b.beneficiary_id = 'NEWREF-1'""",
                Map.of("id", listId));
    }

    private long ledgerEntries(Map<String, Object> installment) {
        return jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE installment_id = :id",
                Map.of("id", installment.get("id")), Long.class);
    }
}
