package org.opendisbursement.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The second door: a list and its sidecar dropped into the inbox take the same intake route as an upload. The inbox
 * uploads it (actor {@code inbox}); it waits until a named finance maker confirms it, and nobody approves it before.
 */
@GatewayTest
class InboxIntakeRouteTest {

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Value("${disbursement.intake.inbox}")
    Path inbox;

    private JsonNode drop(String name, ListFile file, String sidecar) throws IOException {
        Files.createDirectories(inbox);
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("intake.inbox").whenDone(1).create();
        Files.write(inbox.resolve(name + ".csv"), file.bytes());
        Files.writeString(inbox.resolve(name + ".properties"), sidecar);
        assertThat(done.matches(20, TimeUnit.SECONDS)).as("inbox route processed " + name).isTrue();
        Path report = findReport(name);
        return new JsonMapper().readTree(report.toFile());
    }

    private Path findReport(String name) {
        for (String folder : new String[] {"done", "failed"}) {
            Path report = inbox.resolve(folder).resolve(name + ".report.json");
            if (Files.exists(report)) {
                return report;
            }
        }
        throw new AssertionError("no report for " + name);
    }

    @Test
    void acceptsAListWithItsSidecarAndFilesItUnderDone() throws IOException {
        String programme = ListFile.uniqueProgramme();
        String name = "ward-5-" + System.nanoTime();
        JsonNode report = drop(name, ListFile.of().beneficiaries("IN", 7), """
                programme=%s
                firstDueDate=2026-12-01
                interval=P1M
                approvalReference=MJF/EPR/2020/07
                uploadedBy=maker
                """.formatted(programme));

        assertThat(inbox.resolve("done").resolve(name + ".csv")).exists();
        assertThat(inbox.resolve("done").resolve(name + ".properties")).exists();
        assertThat(inbox.resolve(name + ".csv")).doesNotExist();
        assertThat(report.get("result").asString()).isEqualTo("accepted");
        assertThat(report.get("status").asString()).isEqualTo("AWAITING_MAKER");
        assertThat(report.get("next").asString()).contains("finance maker confirms");
        Map<String, Object> list = jdbc.queryForMap("SELECT status, source, uploaded_by, confirmed_by, row_count"
                + " FROM payment_list WHERE programme = :p", Map.of("p", programme));
        assertThat(list).containsEntry("status", "AWAITING_MAKER").containsEntry("source", "INBOX")
                .containsEntry("uploaded_by", "inbox").containsEntry("row_count", 7);
        assertThat(list.get("confirmed_by")).as("the sidecar's uploadedBy is not believed").isNull();
    }

    @Test
    void filesARejectedListUnderFailedWithItsReport() throws IOException {
        String name = "bad-" + System.nanoTime();
        JsonNode report = drop(name, ListFile.of().row("X-1,A,,BKASH,01112345678,7500,3,,"), """
                programme=%s
                firstDueDate=2026-12-01
                interval=P1M
                uploadedBy=maker
                """.formatted(ListFile.uniqueProgramme()));

        assertThat(inbox.resolve("failed").resolve(name + ".csv")).exists();
        assertThat(report.toString()).contains("wallet_number").contains("prefix").doesNotContain("01112345678");
    }

    @Test
    void aListFromTheInboxWaitsForANamedMakerAndNobodyApprovesItBefore() throws IOException {
        // whoever can write the folder can name anyone: here a checker names herself, hoping to approve alone
        String programme = ListFile.uniqueProgramme();
        JsonNode report = drop("who-" + System.nanoTime(), ListFile.of().beneficiaries("WHO", 2), """
                programme=%s
                firstDueDate=2026-12-01
                interval=P1M
                uploadedBy=checker
                """.formatted(programme));
        long listId = report.get("outcome").get("listId").asLong();
        Api api = new Api(port);

        Api.Response early = api.post("checker", "/api/payment-lists/" + listId + "/approve");
        assertThat(early.status()).as(early.text()).isEqualTo(409);
        assertThat(early.body().get("detail").asString()).contains("waits for a finance maker to confirm it");
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/confirm").status()).as("a checker confirms nothing")
                .isEqualTo(403);

        Api.Response confirmed = api.post("dual", "/api/payment-lists/" + listId + "/confirm");
        assertThat(confirmed.status()).as(confirmed.text()).isEqualTo(200);
        assertThat(confirmed.body().get("status").asString()).isEqualTo("PENDING_APPROVAL");
        assertThat(confirmed.body().get("uploadedBy").asString()).isEqualTo("inbox");
        assertThat(confirmed.body().get("confirmedBy").asString()).isEqualTo("dual");
        assertThat(api.post("maker", "/api/payment-lists/" + listId + "/confirm").status()).as("confirmed once").isEqualTo(409);

        Api.Response own = api.post("dual", "/api/payment-lists/" + listId + "/approve");
        assertThat(own.status()).as("the maker who confirmed it, though a checker too").isEqualTo(403);
        assertThat(own.body().get("detail").asString()).contains("dual confirmed list " + listId + " as its maker");

        Api.Response approved = api.post("checker", "/api/payment-lists/" + listId + "/approve");
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.body().get("status").asString()).isEqualTo("APPROVED");
        assertThat(jdbc.queryForList("SELECT actor || ' ' || action || ' ' || to_state FROM ledger_entry"
                + " WHERE list_id = :id AND action LIKE 'LIST_%' ORDER BY id", Map.of("id", listId), String.class))
                .containsExactly("inbox LIST_UPLOADED AWAITING_MAKER", "dual LIST_CONFIRMED PENDING_APPROVAL",
                        "checker LIST_APPROVED APPROVED");
    }

    @Test
    void aCheckerMayRejectAListTheInboxUploadedBeforeAnyMakerConfirmsIt() throws IOException {
        JsonNode report = drop("junk-" + System.nanoTime(), ListFile.of().beneficiaries("JNK", 1), """
                programme=%s
                firstDueDate=2026-12-01
                interval=P1M
                """.formatted(ListFile.uniqueProgramme()));
        long listId = report.get("outcome").get("listId").asLong();

        Api.Response rejected = new Api(port).postJson("checker", "/api/payment-lists/" + listId + "/reject",
                "{\"reason\":\"nobody in finance sent this file\"}");

        assertThat(rejected.status()).as(rejected.text()).isEqualTo(200);
        assertThat(rejected.body().get("status").asString()).isEqualTo("REJECTED");
    }
}
