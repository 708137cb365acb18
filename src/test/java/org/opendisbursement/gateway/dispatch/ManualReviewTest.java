package org.opendisbursement.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opendisbursement.gateway.support.DispatchRunning.await;
import static org.opendisbursement.gateway.support.DispatchRunning.count;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
 * Payouts the gateway cannot settle by itself, end to end through dispatch and the bKash mock: a lost answer (bKash
 * cannot be asked without its trxID) and an answer that disagrees with the payout wait in MANUAL_REVIEW with a reason
 * a person can act on; a statement line or a finance checker settles them, each in the ledger.
 */
@GatewayTest
class ManualReviewTest {

    @LocalServerPort
    int port;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    @Autowired
    DispatchMeters meters;

    Api api;
    DispatchRunning dispatch;

    @BeforeEach
    void startDispatch() throws Exception {
        api = new Api(port);
        dispatch = DispatchRunning.start(camel);
    }

    @AfterEach
    void stopDispatch() throws Exception {
        dispatch.close();
    }

    /** An amount of its own: the bKash mock answers 2029 to the same amount for the same wallet within its window. */
    private static String amount() {
        return String.valueOf(100 + ThreadLocalRandom.current().nextInt(1, 20_000));
    }

    private long paid(String... rows) throws Exception {
        ListFile file = ListFile.of();
        for (String row : rows) {
            file.row(row);
        }
        long listId = api.releasedList(file, "BDT");
        await("all in manual review", Duration.ofSeconds(60), () -> count(jdbc, listId, "MANUAL_REVIEW") == rows.length);
        return listId;
    }

    private Map<String, Object> installment(long listId, String beneficiary) {
        return jdbc.queryForMap("""
                SELECT i.id, i.state, i.failure_code, i.last_error, i.provider_reference::text AS reference, i.provider_txn_id
                FROM installment i JOIN beneficiary b ON b.id = i.beneficiary_ref
                WHERE i.list_id = :id AND b.beneficiary_id = :b""", Map.of("id", listId, "b", beneficiary));
    }

    private List<ExecutedPayout> executed(String reference) {
        return MockProviderServers.state("bkash").journal().executed().stream()
                .filter(p -> p.reference().equals(reference)).toList();
    }

    @Test
    void aLostAnswerWaitsForAPersonAndTheStatementSettlesIt() throws Exception {
        long listId = paid("LOST-1,A,,BKASH,01900000408," + amount() + ",1,,");
        Map<String, Object> lost = installment(listId, "LOST-1");
        assertThat(lost.get("failure_code")).isEqualTo("UNVERIFIABLE");
        assertThat((String) lost.get("last_error")).contains("merchant statement").contains((String) lost.get("reference"));
        List<ExecutedPayout> paid = executed((String) lost.get("reference"));
        assertThat(paid).as("paid once, never probed again").hasSize(1);

        String statement = "merchantInvoiceNumber,amount,completedTime,transactionStatus\n" + lost.get("reference") + ","
                + paid.get(0).amount() + "," + paid.get(0).executedAt() + ",Completed\n";
        Api.Response reconciled = api.multipart("checker", "/api/reconciliations", "statement.csv",
                statement.getBytes(StandardCharsets.UTF_8), Map.of("provider", "bkash"));
        assertThat(reconciled.status()).as(reconciled.text()).isEqualTo(201);

        assertThat(installment(listId, "LOST-1").get("state")).isEqualTo("CONFIRMED");
        assertThat(jdbc.queryForObject("""
                SELECT detail FROM ledger_entry WHERE list_id = :list AND installment_id = :id AND to_state = 'CONFIRMED'""",
                Map.of("list", listId, "id", lost.get("id")), String.class))
                .contains("without a provider transaction id").contains("statement").contains("reconciliation");
        assertThat(executed((String) lost.get("reference"))).hasSize(1);
    }

    @Test
    void aCheckerSettlesAPayoutInManualReviewWithWhatTheyEstablished() throws Exception {
        long listId = paid("LOST-2,A,,BKASH,01900000408," + amount() + ",1,,");
        long id = ((Number) installment(listId, "LOST-2").get("id")).longValue();
        String path = "/api/installments/" + id + "/settle";

        assertThat(api.postJson("maker", path, "{\"verdict\":\"PAID\",\"note\":\"x\"}").status()).isEqualTo(403);
        assertThat(api.postJson("checker", path, "{\"verdict\":\"PAID\"}").status()).as("a note is required").isEqualTo(409);
        Api.Response settled = api.postJson("checker", path,
                "{\"verdict\":\"PAID\",\"providerTransactionId\":\"BGH7XK2P\",\"note\":\"bKash statement line 1,204\"}");
        assertThat(settled.status()).as(settled.text()).isEqualTo(200);

        Map<String, Object> now = installment(listId, "LOST-2");
        assertThat(now.get("state")).isEqualTo("CONFIRMED");
        assertThat(now.get("provider_txn_id")).isEqualTo("BGH7XK2P");
        assertThat(jdbc.queryForObject("""
                SELECT actor || ': ' || detail FROM ledger_entry
                WHERE list_id = :list AND installment_id = :id AND action = 'PAYOUT_SETTLED_PAID'""",
                Map.of("list", listId, "id", id), String.class)).startsWith("checker: ").contains("statement line 1,204");
        assertThat(api.postJson("checker", path, "{\"verdict\":\"NOT_PAID\",\"note\":\"x\"}").status())
                .as("only a payout in manual review").isEqualTo(409);
    }

    @Test
    void anAnswerThatDisagreesWithThePayoutIsNeverBelievedAndOpsSeesBothValues() throws Exception {
        long listId = paid("SHORT-1,A,,BKASH,01900000771," + amount() + ",1,,");
        Map<String, Object> doubted = installment(listId, "SHORT-1");

        assertThat(doubted.get("failure_code")).isEqualTo("MISMATCH");
        assertThat((String) doubted.get("last_error")).contains("amount: payout BDT").contains("provider said BDT");
        // (other tests write synthetic ledger entries with small installment ids: always ask within the list)
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM ledger_entry WHERE list_id = :list AND installment_id = :id AND action = 'PAYOUT_MISMATCH'""",
                Map.of("list", listId, "id", doubted.get("id")), Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM ledger_entry WHERE list_id = :list AND installment_id = :id AND to_state = 'CONFIRMED'""",
                Map.of("list", listId, "id", doubted.get("id")), Long.class)).isZero();
        meters.refresh();
        String scraped = api.get("ops", "/actuator/prometheus").text();
        assertThat(scraped).containsPattern("gateway_installments_mismatch\\{provider=\"bkash\"} [1-9]");
        assertThat(scraped).containsPattern("gateway_payouts_total\\{operation=\"send\",outcome=\"mismatch\",provider=\"bkash\"} [1-9]");
    }
}
