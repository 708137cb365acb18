package org.opendisbursement.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.audit.LedgerVerifier;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.DatabaseOwner;
import org.opendisbursement.gateway.support.DispatchRunning;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.opendisbursement.gateway.support.ScheduledRoute;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The auditor verifies the ledger in the console: a list nobody touched reads as intact; once a database superuser
 * has changed one of its entries behind the append-only triggers' back, the page names that entry as altered. The
 * entry is put back afterwards, so the shared database verifies clean again.
 */
@GatewayTest
class ConsoleLedgerVerificationTest {

    @LocalServerPort
    int port;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    DatabaseOwner owner;

    @Autowired
    CamelContext camel;

    long listId;
    List<Long> entries;

    @BeforeEach
    void aSealedList() throws InterruptedException {
        Api api = new Api(port);
        listId = api.upload("maker", ListFile.of().beneficiaries("CV" + System.nanoTime(), 3),
                ListFile.fields(ListFile.uniqueProgramme())).id();
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/approve").status()).isEqualTo(200);
        entries = jdbc.queryForList("SELECT id FROM ledger_entry WHERE list_id = :id ORDER BY id", Map.of("id", listId),
                Long.class);
        DispatchRunning.await("the audit.seal route to seal list " + listId, Duration.ofSeconds(30),
                () -> jdbc.queryForObject("SELECT count(*) FROM ledger_seal WHERE chain = :id", Map.of("id", listId),
                        Long.class) == entries.size());
    }

    @Test
    void anUntouchedListShowsIntactAndAnEntryAlteredBySuperuserIsNamed() throws Exception {
        ConsoleSession auditor = ConsoleSession.signedIn(port, "auditor");
        assertThat(auditor.get("/audit").body()).contains("id=\"verify\" href=\"/audit/verify\"");
        assertThat(auditor.get("/audit?list=" + listId).body())
                .contains("id=\"verify-list\" href=\"/audit/verify?list=" + listId + "\"");

        String intact = auditor.get("/audit/verify?list=" + listId).body();

        assertThat(intact).contains("<span class=\"badge good\">Intact</span>", "List #" + listId + " is intact:",
                "<dd id=\"sealed-entries\">" + entries.size() + "</dd>", "<dd id=\"chains\">1</dd>",
                "<label for=\"list\">").doesNotContain("id=\"first-problem\"");

        long victim = entries.get(entries.size() / 2);
        String actor = jdbc.queryForObject("SELECT actor FROM ledger_entry WHERE id = :id", Map.of("id", victim), String.class);
        owner.tamper("UPDATE ledger_entry SET actor = 'nobody' WHERE id = ?", victim);
        try {
            String altered = auditor.get("/audit/verify?list=" + listId).body();

            assertThat(altered).contains("<span class=\"badge bad\">Not intact</span>", "1 problem found.",
                    "Altered: the entry no longer reads as it did when it was sealed",
                    "<span id=\"first-entry\">" + victim + "</span>",
                    "entry " + victim + " no longer matches the hash it was sealed with",
                    "<tr id=\"finding-" + victim + "\">");
            assertThat(auditor.get("/audit/verify").body()).contains("Not intact", "<span id=\"first-entry\">" + victim);
        } finally {
            owner.tamper("UPDATE ledger_entry SET actor = ? WHERE id = ?", actor, victim);
        }
        assertThat(auditor.get("/audit/verify?list=" + listId).body()).contains("List #" + listId + " is intact:");

        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM access_log WHERE username = 'auditor' AND path = '/audit/verify' AND status = 200
                  AND filters LIKE :list""", Map.of("list", "%\"list\":\"" + listId + "\"%"), Long.class))
                .as("every verification is in the access log").isEqualTo(3);
    }

    @Test
    void theWholeLedgersPageShowsTheSealingRoundsAndTheAnchorsAndOneListsPageSaysWhereTheyAreChecked() throws Exception {
        ScheduledRoute.fire(camel, "audit.anchor");
        ConsoleSession auditor = ConsoleSession.signedIn(port, "auditor");

        String whole = auditor.get("/audit/verify").body();
        assertThat(whole).contains("The whole ledger is intact:", "<dt>Sealing rounds</dt>", " rounds checked</dd>",
                "<dt>Anchored outside the database</dt>", " anchors compared with the seals</span>");
        assertThat(auditor.get("/audit/verify?list=" + listId).body())
                .contains("<span>checked when the whole ledger is verified</span>").doesNotContain("<dt>Sealing rounds</dt>");
    }

    @Test
    void everyKindOfFindingIsNamedForPeople() {
        assertThat(AuditController.FINDINGS.keySet())
                .containsExactlyInAnyOrder(Arrays.stream(LedgerVerifier.Kind.values()).map(Enum::name).toArray(String[]::new));
    }

    @Test
    void aListThatIsNoNumberOrDoesNotExistIsSaidSo() {
        ConsoleSession auditor = ConsoleSession.signedIn(port, "auditor");

        assertThat(auditor.get("/audit/verify?list=twelve").body()).contains("List must be a list number");
        ConsoleSession.Page missing = auditor.get("/audit/verify?list=999999999999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("no payment list 999999999999");
        assertThat(ConsoleSession.signedIn(port, "checker").get("/audit/verify").status()).isEqualTo(403);
    }
}
