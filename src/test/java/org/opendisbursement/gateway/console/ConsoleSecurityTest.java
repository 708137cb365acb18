package org.opendisbursement.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Who may see and press what in the console, CSRF on every form, and the API left stateless beside it. */
@GatewayTest
class ConsoleSecurityTest {

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    private long pendingList(String uploader) {
        Api.Response uploaded = api.upload(uploader, ListFile.of().beneficiaries("SEC-" + System.nanoTime(), 3),
                ListFile.fields(ListFile.uniqueProgramme()));
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        return uploaded.id();
    }

    private String status(long listId) {
        return api.get("auditor", "/api/payment-lists/" + listId).body().get("status").asString();
    }

    @Test
    void pagesAskStrangersToSignInFirst() {
        ConsoleSession stranger = new ConsoleSession(port);
        for (String path : new String[] {"/", "/lists", "/lists/upload", "/ops", "/audit", "/audit/trail"}) {
            ConsoleSession.Page page = stranger.get(path);
            assertThat(page.status()).as(path).isEqualTo(302);
            assertThat(page.location()).as(path).endsWith("/login");
        }
        assertThat(stranger.get("/login").body()).contains("<label for=\"username\">", "<label for=\"password\">");
        assertThat(stranger.get("/console/console.css").status()).isEqualTo(200);
    }

    @Test
    void aWrongPasswordKeepsYouOut() {
        ConsoleSession session = new ConsoleSession(port);
        String token = session.tokenOf(session.get("/login"));
        ConsoleSession.Page answer = session.post("/login", Map.of("username", "checker", "password", "wrong"), token);
        assertThat(answer.location()).endsWith("/login?error");
        assertThat(session.get("/lists").status()).isEqualTo(302);
    }

    @Test
    void eachRoleLandsWhereItsWorkIs() {
        assertThat(ConsoleSession.signedIn(port, "maker").get("/").location()).endsWith("/lists");
        assertThat(ConsoleSession.signedIn(port, "checker").get("/").location()).endsWith("/lists");
        assertThat(ConsoleSession.signedIn(port, "ops").get("/").location()).endsWith("/ops");
        assertThat(ConsoleSession.signedIn(port, "auditor").get("/").location()).endsWith("/audit");
        assertThat(ConsoleSession.signedIn(port, "agent").get("/").status()).isEqualTo(200);
    }

    @Test
    void theConsoleSessionDoesNotOpenTheApiWhichStaysBasicAndStateless() {
        ConsoleSession checker = ConsoleSession.signedIn(port, "checker");
        assertThat(checker.get("/lists").status()).isEqualTo(200);
        assertThat(checker.get("/api/payment-lists").status()).isEqualTo(401);
        assertThat(api.get("checker", "/api/payment-lists").status()).isEqualTo(200);
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefused() {
        long listId = pendingList("maker");
        ConsoleSession checker = ConsoleSession.signedIn(port, "checker");
        assertThat(checker.get("/lists/" + listId).body()).contains("id=\"approve\"");

        ConsoleSession.Page forged = checker.post("/lists/" + listId + "/approve", Map.of(), null);

        assertThat(forged.status()).isEqualTo(403);
        assertThat(status(listId)).isEqualTo("PENDING_APPROVAL");
        ConsoleSession.Page wrongToken = checker.post("/lists/" + listId + "/approve", Map.of(), "not-the-token");
        assertThat(wrongToken.status()).isEqualTo(403);
        assertThat(status(listId)).isEqualTo("PENDING_APPROVAL");
    }

    @Test
    void aMakerSeesNoApproveButtonAndIsRefusedWhenSheForcesIt() {
        long listId = pendingList("maker");
        ConsoleSession maker = ConsoleSession.signedIn(port, "maker");
        String page = maker.get("/lists/" + listId).body();
        assertThat(page).doesNotContain("id=\"approve\"").contains("Waiting for a finance checker");

        ConsoleSession.Page forced = maker.post("/lists/" + listId + "/approve", Map.of());

        assertThat(forced.status()).isEqualTo(403);
        assertThat(forced.body()).contains("Not for your role");
        assertThat(status(listId)).isEqualTo("PENDING_APPROVAL");
    }

    @Test
    void theUploaderIsNeverOfferedTheApprovalAndTheServerRefusesItAnyway() {
        long listId = pendingList("dual");
        ConsoleSession dual = ConsoleSession.signedIn(port, "dual");
        String page = dual.get("/lists/" + listId).body();
        assertThat(page).doesNotContain("id=\"approve\"").contains("id=\"four-eyes\"");

        ConsoleSession.Page forced = dual.follow(dual.post("/lists/" + listId + "/approve", Map.of()));

        assertThat(forced.body()).contains("class=\"problem\"").contains("four eyes");
        assertThat(status(listId)).isEqualTo("PENDING_APPROVAL");
    }

    @Test
    void aCheckerRejectsOnlyWithAReason() {
        long listId = pendingList("maker");
        ConsoleSession checker = ConsoleSession.signedIn(port, "checker");
        checker.get("/lists/" + listId);

        String noReason = checker.follow(checker.post("/lists/" + listId + "/reject", Map.of("reason", " "))).body();
        assertThat(noReason).contains("A rejection needs a reason");
        assertThat(status(listId)).isEqualTo("PENDING_APPROVAL");

        String rejected = checker.follow(checker.post("/lists/" + listId + "/reject",
                Map.of("reason", "amounts do not match the approval"))).body();
        assertThat(rejected).contains("List " + listId + " rejected.", "amounts do not match the approval");
        assertThat(status(listId)).isEqualTo("REJECTED");
    }

    @Test
    void rolesOnlyReachTheirPages() {
        ConsoleSession auditor = ConsoleSession.signedIn(port, "auditor");
        assertThat(auditor.get("/lists/upload").status()).isEqualTo(403);
        assertThat(auditor.get("/audit").status()).isEqualTo(200);
        String ops = auditor.get("/ops").body();
        assertThat(ops).contains("bkash").doesNotContain("id=\"pause-bkash\"");
        assertThat(auditor.post("/ops/providers/bkash/pause", Map.of()).status()).isEqualTo(403);

        ConsoleSession maker = ConsoleSession.signedIn(port, "maker");
        assertThat(maker.get("/audit").status()).isEqualTo(403);
        assertThat(maker.get("/ops").status()).isEqualTo(403);
        assertThat(maker.get("/lists/upload").status()).isEqualTo(200);

        ConsoleSession agent = ConsoleSession.signedIn(port, "agent");
        assertThat(agent.get("/lists").status()).isEqualTo(403);
        assertThat(agent.get("/proposals").status()).isEqualTo(403);
    }

    @Test
    void onlyCheckersDecideOnProposedChangesWhichMakersAndAuditorsMayRead() {
        ConsoleSession auditor = ConsoleSession.signedIn(port, "auditor");
        assertThat(auditor.get("/proposals").body()).contains("Proposed changes of money").doesNotContain(">Approve<");
        assertThat(auditor.post("/proposals/1/approve", Map.of()).status()).isEqualTo(403);

        ConsoleSession maker = ConsoleSession.signedIn(port, "maker");
        assertThat(maker.get("/proposals").status()).isEqualTo(200);
        assertThat(maker.post("/proposals/1/approve", Map.of()).status()).isEqualTo(403);
        assertThat(maker.post("/proposals/1/reject", Map.of("reason", "no")).status()).isEqualTo(403);

        ConsoleSession ops = ConsoleSession.signedIn(port, "ops");
        assertThat(ops.get("/proposals").status()).isEqualTo(403);
        assertThat(ops.post("/lists/1/retry-failed", Map.of()).status()).isEqualTo(403);

        ConsoleSession checker = ConsoleSession.signedIn(port, "checker");
        checker.get("/proposals");
        assertThat(checker.post("/proposals/987654321/approve", Map.of("back", "https://evil.example")).location())
                .as("back only to the gateway's own pages").endsWith("/proposals");
    }

    @Test
    void signingOutEndsTheSession() {
        ConsoleSession checker = ConsoleSession.signedIn(port, "checker");
        checker.get("/lists");
        assertThat(checker.post("/logout", Map.of()).location()).endsWith("/login?signedOut");
        assertThat(checker.get("/lists").status()).isEqualTo(302);
    }
}
