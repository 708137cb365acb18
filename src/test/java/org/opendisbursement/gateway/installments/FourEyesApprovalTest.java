package org.opendisbursement.gateway.installments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

@GatewayTest
class FourEyesApprovalTest {

    @LocalServerPort
    int port;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    Api api;
    long listId;

    @BeforeEach
    void uploadAList() {
        api = new Api(port);
        Api.Response uploaded = api.upload("dual", ListFile.of().beneficiaries("FE", 4), ListFile.fields(ListFile.uniqueProgramme()));
        assertThat(uploaded.status()).isEqualTo(201);
        listId = uploaded.id();
    }

    private String status() {
        return api.get("auditor", "/api/payment-lists/" + listId).body().get("status").asString();
    }

    private long ledgerEntries(String action) {
        return jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE list_id = :id AND action = :action",
                Map.of("id", listId, "action", action), Long.class);
    }

    @Test
    void theUploaderCannotApproveHerOwnListEvenAsAChecker() {
        Api.Response response = api.post("dual", "/api/payment-lists/" + listId + "/approve");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body().get("detail").asString()).contains("dual uploaded list " + listId).contains("another finance checker");
        assertThat(status()).isEqualTo("PENDING_APPROVAL");
        assertThat(ledgerEntries("LIST_APPROVED")).isZero();
    }

    @Test
    void aSecondPersonApprovesAndTheListBecomesAPlan() {
        Api.Response response = api.post("checker", "/api/payment-lists/" + listId + "/approve");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("status").asString()).isEqualTo("APPROVED");
        assertThat(response.body().get("decidedBy").asString()).isEqualTo("checker");
        assertThat(response.body().get("byState").get("PLANNED").get("count").asInt()).isEqualTo(12);
        assertThat(response.body().get("byState").get("PLANNED").get("amount").get("minor").asLong()).isEqualTo(4 * 750_000L);
        assertThat(ledgerEntries("LIST_APPROVED")).isEqualTo(1);
        assertThat(ledgerEntries("BENEFICIARY_PLANNED")).isEqualTo(4);
    }

    @Test
    void aListIsApprovedOnlyOnce() {
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/approve").status()).isEqualTo(200);

        Api.Response again = api.post("checker", "/api/payment-lists/" + listId + "/approve");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("detail").asString()).contains("APPROVED");
        assertThat(ledgerEntries("BENEFICIARY_PLANNED")).isEqualTo(4);
    }

    @Test
    void aCheckerRejectsBeforeApprovalWithAReason() {
        assertThat(api.postJson("checker", "/api/payment-lists/" + listId + "/reject", "{}").status()).isEqualTo(400);

        Api.Response rejected = api.postJson("checker", "/api/payment-lists/" + listId + "/reject",
                "{\"reason\":\"Ward 5 list not signed by the union chairman\"}");

        assertThat(rejected.status()).isEqualTo(200);
        assertThat(status()).isEqualTo("REJECTED");
        assertThat(ledgerEntries("LIST_REJECTED")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT detail FROM ledger_entry WHERE list_id = :id AND action = 'LIST_REJECTED'",
                Map.of("id", listId), String.class)).contains("not signed");
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/approve").status()).isEqualTo(409);
    }

    @Test
    void anApprovedListCannotBeRejected() {
        api.post("checker", "/api/payment-lists/" + listId + "/approve");

        assertThat(api.postJson("checker", "/api/payment-lists/" + listId + "/reject", "{\"reason\":\"late\"}").status()).isEqualTo(409);
        assertThat(status()).isEqualTo("APPROVED");
    }

    /** A GHS list of two MTN payouts: the test profile asks two checkers for lists above GHS 1,000. */
    private long ghsList(String amountEach) {
        Map<String, String> fields = new java.util.HashMap<>(ListFile.fields(ListFile.uniqueProgramme()));
        fields.put("currency", "GHS");
        Api.Response uploaded = api.upload("maker", ListFile.of()
                .row("G-1,Ama Mensah,,MTN,+23324" + (1_000_000 + System.nanoTime() % 8_000_000) + "," + amountEach + ",1,,")
                .row("G-2,Kofi Boateng,,MTN,+23320" + (1_000_000 + System.nanoTime() % 8_000_000) + "," + amountEach + ",1,,"),
                fields);
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        return uploaded.id();
    }

    @Test
    void aListAboveTheTwoCheckerTotalNeedsTwoDifferentCheckersNeitherOfThemItsMaker() {
        long ghs = ghsList("800");

        Api.Response first = api.post("checker", "/api/payment-lists/" + ghs + "/approve");
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.body().get("status").asString()).isEqualTo("APPROVED_ONCE");
        assertThat(first.body().get("firstApprovedBy").asString()).isEqualTo("checker");
        assertThat(first.body().get("byState").isEmpty()).as("nothing planned yet: " + first.text()).isTrue();

        Api.Response again = api.post("checker", "/api/payment-lists/" + ghs + "/approve");
        assertThat(again.status()).isEqualTo(403);
        assertThat(again.body().get("detail").asString()).contains("checker already approved list " + ghs + " once")
                .contains("GHS 1,600.00");

        Api.Response second = api.post("checker2", "/api/payment-lists/" + ghs + "/approve");
        assertThat(second.status()).as(second.text()).isEqualTo(200);
        assertThat(second.body().get("status").asString()).isEqualTo("APPROVED");
        assertThat(second.body().get("decidedBy").asString()).isEqualTo("checker2");
        assertThat(second.body().get("byState").get("PLANNED").get("count").asInt()).isEqualTo(2);
        assertThat(jdbc.queryForList("SELECT actor || ' ' || action FROM ledger_entry WHERE list_id = :id"
                + " AND action IN ('LIST_APPROVED_ONCE', 'LIST_APPROVED') ORDER BY id", Map.of("id", ghs), String.class))
                .containsExactly("checker LIST_APPROVED_ONCE", "checker2 LIST_APPROVED");
    }

    @Test
    void aListAtTheTwoCheckerTotalNeedsOneAndOneApprovedOnceMayStillBeRejected() {
        long atTotal = ghsList("500");
        Api.Response one = api.post("checker", "/api/payment-lists/" + atTotal + "/approve");
        assertThat(one.body().get("status").asString()).as(one.text()).isEqualTo("APPROVED");

        long above = ghsList("500.01");
        assertThat(api.post("checker2", "/api/payment-lists/" + above + "/approve").body().get("status").asString())
                .isEqualTo("APPROVED_ONCE");
        Api.Response rejected = api.postJson("checker", "/api/payment-lists/" + above + "/reject",
                "{\"reason\":\"the amounts differ from the signed list\"}");
        assertThat(rejected.status()).as(rejected.text()).isEqualTo(200);
        assertThat(rejected.body().get("status").asString()).isEqualTo("REJECTED");
    }

    @Test
    void approvingAListThatDoesNotExistIsNotFound() {
        assertThat(api.post("checker", "/api/payment-lists/987654321/approve").status()).isEqualTo(404);
    }
}
