package org.opendisbursement.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.DispatchRunning;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The finance pages over real HTTP: the validation report as CSV, field errors on the upload form, a file uploaded
 * twice, an inbox list confirmed by its maker, and what finance does about a payment the provider refused (a retry,
 * a switch to cash: proposed by one, approved by another on the list page or the proposals page), with Bengali names
 * and amounts written as people read them.
 */
@GatewayTest
class ConsoleFinanceTest {

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void theValidationReportDownloadsAsCsvWithMaskedValues() {
        String bad = "01712";
        Api.Response uploaded = api.upload("maker", ListFile.of()
                        .row("R-1,রহিমা খাতুন,,BKASH," + bad + "345,7500,3,,widow")
                        .row("R-2,=HYPERLINK(\"x\"),,CASH,,7500,3,,")
                        .row("R-3,Anwara Begum,,BKASH," + ListFile.freshWallet() + ",7500,13,,"),
                ListFile.fields(ListFile.uniqueProgramme()));
        assertThat(uploaded.status()).isEqualTo(422);
        long listId = uploaded.body().get("listId").asLong();
        ConsoleSession maker = ConsoleSession.signedIn(port, "maker");

        String csv = maker.get("/lists/" + listId + "/report.csv").body();

        assertThat(csv).startsWith("\uFEFFrow,column,rule,message,value\r\n");
        assertThat(csv).contains("2,wallet_number,").doesNotContain(bad + "345");
        assertThat(csv).contains("3,location,required,").contains("4,installments,range,");
        String page = maker.get("/lists/" + listId).body();
        assertThat(page).contains("Validation report: 3 errors", "<th scope=\"row\" class=\"num\">2</th>");
    }

    @Test
    void wrongListFieldsComeBackToTheFormNamingEachFieldAndKeepingWhatWasTyped() {
        ConsoleSession maker = ConsoleSession.signedIn(port, "maker");
        maker.get("/lists/upload");
        ListFile file = ListFile.of().beneficiaries("W-" + System.nanoTime(), 2);

        ConsoleSession.Page page = maker.postFile("/lists/upload", Map.of("programme", "bad code!",
                "firstDueDate", "01/12/2026", "interval", "monthly", "approvalReference", "MJF/1"), "w.csv", file.bytes());

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Nothing was uploaded", "value=\"bad code!\"", "value=\"MJF/1\"",
                "Programme must be", "FirstDueDate must be a date written yyyy-MM-dd",
                "Interval must be an ISO-8601 period", "aria-invalid=\"true\"");
        assertThat(page.body()).doesNotContain("Choose the list");

        maker.get("/lists/upload");
        ConsoleSession.Page noFile = maker.postFile("/lists/upload", ListFile.fields(ListFile.uniqueProgramme()), "", new byte[0]);
        assertThat(noFile.body()).contains("Choose the list");
    }

    @Test
    void theSameFileUploadedTwiceNamesTheEarlierList() {
        String programme = ListFile.uniqueProgramme();
        ListFile file = ListFile.of().beneficiaries("D-" + System.nanoTime(), 2);
        ConsoleSession maker = ConsoleSession.signedIn(port, "maker");
        maker.get("/lists/upload");
        ConsoleSession.Page first = maker.postFile("/lists/upload", ListFile.fields(programme), "d.csv", file.bytes());
        assertThat(first.status()).isEqualTo(302);
        String listPath = first.location().substring(first.location().indexOf("/lists/"));
        assertThat(maker.follow(first).body()).contains("uploaded with 2 beneficiaries", "pending approval",
                "BDT 15,000.00");

        maker.get("/lists/upload");
        ConsoleSession.Page again = maker.postFile("/lists/upload", ListFile.fields(programme), "d.csv", file.bytes());

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("This very file was already uploaded as list "
                + listPath.substring("/lists/".length()) + " (pending approval)", "href=\"" + listPath + "\"");
    }

    private long proposalOf(long listId, String kind) {
        return jdbc.queryForObject("SELECT max(id) FROM money_proposal WHERE list_id = :id AND kind = :kind",
                Map.of("id", listId, "kind", kind), Long.class);
    }

    @Test
    void anInboxListIsConfirmedByAMakerOnItsPageAndOnlyThenOfferedForApproval() {
        long listId = inboxList();
        ConsoleSession checker = ConsoleSession.signedIn(port, "checker");
        String waiting = checker.get("/lists/" + listId).body();
        assertThat(waiting).contains("awaiting maker", "Waiting for a finance maker to confirm it", "id=\"reject\"")
                .doesNotContain("id=\"approve\"");

        ConsoleSession maker = ConsoleSession.signedIn(port, "maker");
        assertThat(maker.get("/lists/" + listId).body()).contains("id=\"confirm\"");
        String confirmed = maker.follow(maker.post("/lists/" + listId + "/confirm", Map.of())).body();
        assertThat(confirmed).contains("List " + listId + " confirmed as yours", "pending approval",
                "Confirmed by its maker").doesNotContain("id=\"confirm\"");

        String offered = checker.get("/lists/" + listId).body();
        assertThat(offered).contains("id=\"approve\"");
        assertThat(checker.follow(checker.post("/lists/" + listId + "/approve", Map.of())).body())
                .contains("approved: 6 installments planned");
    }

    /** A list uploaded by the inbox (actor inbox), awaiting its maker, as the inbox route stores it. */
    private long inboxList() {
        Api.Response uploaded = api.upload("maker", ListFile.of().beneficiaries("IB-" + System.nanoTime(), 2),
                ListFile.fields(ListFile.uniqueProgramme()));
        long listId = uploaded.id();
        // the inbox route itself is InboxIntakeRouteTest's; here only its result matters: inbox-made, no maker yet
        jdbc.update("UPDATE payment_list SET status = 'AWAITING_MAKER', source = 'INBOX', uploaded_by = 'inbox',"
                + " confirmed_by = NULL, confirmed_at = NULL WHERE id = :id", Map.of("id", listId));
        return listId;
    }

    @Test
    void aFailedPaymentIsRetriedThenSwitchedToCashFromTheListPage() throws Exception {
        String programme = ListFile.uniqueProgramme();
        Api.Response uploaded = api.upload("maker", ListFile.of()
                .row("F-OK,ফাতেমা বেগম,,BKASH," + ListFile.freshWallet() + ",7500,3,Batiaghata Union,widow")
                .row("F-GONE,মালতী দাস,,BKASH,01900002045,7500,3,,dalit"), ListFile.fields(programme));
        long listId = uploaded.id();
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/approve").status()).isEqualTo(200);
        ConsoleSession checker = ConsoleSession.signedIn(port, "checker");
        checker.get("/lists/" + listId);
        try (DispatchRunning dispatch = DispatchRunning.start(camel)) {
            checker.follow(checker.post("/lists/" + listId + "/installments/1/release", Map.of()));
            DispatchRunning.await("one confirmed, one failed", Duration.ofSeconds(30),
                    () -> DispatchRunning.count(jdbc, listId, "CONFIRMED") == 1 && DispatchRunning.count(jdbc, listId, "FAILED") == 1);

            String page = checker.get("/lists/" + listId).body();
            assertThat(page).contains("Failed payments", "F-GONE", "<span class=\"sub\" lang=\"bn\">মালতী দাস</span>",
                    "BDT 2,500.00", "2045", "id=\"retry-failed\"");
            assertThat(page).doesNotContain("01900002045");

            String proposedRetry = checker.follow(checker.post("/lists/" + listId + "/retry-failed", Map.of())).body();
            long retry = proposalOf(listId, "LIST_RETRY");
            assertThat(proposedRetry).contains("Proposed (proposal " + retry + ")", "Changes waiting for a second person",
                    "id=\"own-proposal-" + retry + "\"").doesNotContain("id=\"approve-proposal-" + retry + "\"");
            assertThat(DispatchRunning.count(jdbc, listId, "FAILED")).as("nothing sent on one person's word").isEqualTo(1);

            ConsoleSession checker2 = ConsoleSession.signedIn(port, "checker2");
            assertThat(checker2.get("/lists/" + listId).body()).contains("id=\"approve-proposal-" + retry + "\"");
            String retried = checker2.follow(checker2.post("/proposals/" + retry + "/approve",
                    Map.of("back", "/lists/" + listId))).body();
            assertThat(retried).contains("Proposal " + retry + " approved: 1 failed wallet payments will be sent again");
            DispatchRunning.await("failed again", Duration.ofSeconds(30),
                    () -> DispatchRunning.count(jdbc, listId, "FAILED") == 1);
        }
        long failedId = jdbc.queryForObject("SELECT id FROM installment WHERE list_id = :id AND state = 'FAILED'",
                Map.of("id", listId), Long.class);
        ConsoleSession maker = ConsoleSession.signedIn(port, "maker");
        assertThat(maker.get("/lists/" + listId).body()).as("a maker proposes too").contains("Propose switch to cash");

        String noPoint = maker.follow(maker.post("/lists/" + listId + "/payouts/" + failedId + "/switch-to-cash",
                Map.of("location", ""))).body();
        assertThat(noPoint).contains("has no distribution point");

        String proposed = maker.follow(maker.post("/lists/" + listId + "/payouts/" + failedId + "/switch-to-cash",
                Map.of("location", "KCC Ward 3"))).body();
        long switchProposal = proposalOf(listId, "SWITCH_TO_CASH");
        assertThat(proposed).contains("Proposed (proposal " + switchProposal + ")", "switched to cash at KCC Ward 3 once");
        assertThat(proposed).as("a maker decides nothing").doesNotContain("id=\"approve-proposal-" + switchProposal + "\"");

        String pending = checker.get("/proposals").body();
        assertThat(pending).contains("Waiting for a second person", "id=\"approve-proposal-" + switchProposal + "\"",
                "to cash at KCC Ward 3");
        String switched = checker.follow(checker.post("/proposals/" + switchProposal + "/approve",
                Map.of("back", "/proposals"))).body();
        assertThat(switched).contains("Proposal " + switchProposal + " approved: switched to cash at KCC Ward 3",
                "Decided lately");
        assertThat(jdbc.queryForObject("SELECT channel || ' ' || state FROM installment WHERE id = :id",
                Map.of("id", failedId), String.class)).isEqualTo("CASH READY");
        String page = checker.get("/lists/" + listId).body();
        assertThat(page).contains("Voucher sheets", "KCC Ward 3", "<td class=\"num cash\">1</td>");
        long otherList = api.upload("maker", ListFile.of().beneficiaries("O-" + System.nanoTime(), 1),
                ListFile.fields(ListFile.uniqueProgramme())).id();
        maker.get("/lists/" + otherList);
        String refused = maker.follow(maker.post("/lists/" + otherList + "/payouts/" + failedId + "/switch-to-cash",
                Map.of("location", "KCC Ward 3"))).body();
        assertThat(refused).contains("list " + otherList + " has no payment " + failedId);
    }
}
