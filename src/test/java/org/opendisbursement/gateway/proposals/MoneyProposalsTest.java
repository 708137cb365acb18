package org.opendisbursement.gateway.proposals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.installments.Move;
import org.opendisbursement.gateway.installments.Moves;
import org.opendisbursement.gateway.ledger.LedgerAction;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.opendisbursement.gateway.support.MutableClock;
import org.opendisbursement.gateway.vouchers.VoucherIssue;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every four-eyes pair where money changes hands after a list is approved, over HTTP: a switch to cash, a voucher
 * cancelled, a voucher reissued at another distribution point and a retry of a list's failed payouts are proposed by
 * one finance user and carried out only when another approves; the proposer never approves; each step is in the
 * ledger. (The provider refusing a switch at approval is in {@code CashSwitchTest}.)
 */
@GatewayTest
class MoneyProposalsTest {

    @LocalServerPort
    int port;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    Moves moves;

    @Autowired
    MutableClock clock;

    @Autowired
    VoucherIssue voucherIssue;

    @Autowired
    TransactionTemplate transaction;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    /** A bKash payout bKash rejected when it was sent (so cash may replace it): its installment id. */
    private long failedBkashPayout(String beneficiary) {
        long listId = api.releasedList(ListFile.of().row(beneficiary + ",Rokeya Begum,,BKASH," + ListFile.freshWallet()
                + ",2500,1,Dacope,"), "BDT");
        long installmentId = installmentOf(listId);
        moves.apply(List.of(Move.of(installmentId)
                .from(InstallmentState.READY).to(InstallmentState.FAILED).failureCode("2001").reason("wallet closed")
                .action(LedgerAction.PAYOUT_REJECTED).detail("2001: wallet closed").build()), "dispatch", clock.instant());
        return installmentId;
    }

    private long installmentOf(long listId) {
        return jdbc.queryForObject("SELECT id FROM installment WHERE list_id = :id AND number = 1 ORDER BY id LIMIT 1",
                Map.of("id", listId), Long.class);
    }

    private String channelAndState(long installmentId) {
        return jdbc.queryForObject("SELECT channel || ' ' || state FROM installment WHERE id = :id",
                Map.of("id", installmentId), String.class);
    }

    /** Cash vouchers at Rupsha, issued: their ids in beneficiary order. */
    private List<Long> vouchers(String... beneficiaries) {
        ListFile file = ListFile.of();
        for (String b : beneficiaries) {
            file.row(b + ",Anwara Begum," + ListFile.freshNationalId() + ",CASH,,2000,1,Rupsha,widow");
        }
        long listId = api.releasedList(file, "BDT");
        transaction.execute(tx -> voucherIssue.issue(listId, 1, "test"));
        return jdbc.queryForList("SELECT v.id FROM voucher v JOIN beneficiary b ON b.id = v.beneficiary_ref"
                + " WHERE v.list_id = :id ORDER BY b.beneficiary_id", Map.of("id", listId), Long.class);
    }

    private List<String> ledger(long proposalId) {
        return jdbc.queryForList("SELECT actor || ' ' || action FROM ledger_entry WHERE detail LIKE :p ORDER BY id",
                Map.of("p", "proposal " + proposalId + " (%"), String.class);
    }

    private String status(long proposalId) {
        return api.get("auditor", "/api/proposals/" + proposalId).body().get("status").asString();
    }

    @Test
    void aSwitchToCashIsProposedByOneAndCarriedOutWhenAnotherApproves() {
        long installmentId = failedBkashPayout("SW-1");

        Api.Response proposed = api.postJson("maker", "/api/installments/" + installmentId + "/switch-to-cash",
                "{\"location\":\"Paikgachha\"}");

        assertThat(proposed.status()).as(proposed.text()).isEqualTo(202);
        assertThat(proposed.body().get("kind").asString()).isEqualTo("SWITCH_TO_CASH");
        assertThat(proposed.body().get("summary").asString()).contains("to cash at Paikgachha", "SW-1", "BDT 2,500.00");
        assertThat(proposed.body().get("expiresAt").asString()).isNotBlank();
        assertThat(channelAndState(installmentId)).as("nothing changes on one person's word").isEqualTo("BKASH FAILED");
        assertThat(api.post("maker", "/api/proposals/" + proposed.id() + "/approve").status()).as("a maker approves nothing")
                .isEqualTo(403);

        Api.Response approved = api.approve(proposed, "checker");

        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.body().get("status").asString()).isEqualTo("APPROVED");
        assertThat(approved.body().get("decidedBy").asString()).isEqualTo("checker");
        assertThat(approved.body().get("outcome").asString()).contains("switched to cash at Paikgachha");
        assertThat(channelAndState(installmentId)).isEqualTo("CASH READY");
        assertThat(ledger(proposed.id())).containsExactly("maker CHANGE_PROPOSED", "checker CHANGE_APPROVED");
        assertThat(jdbc.queryForObject("SELECT actor FROM ledger_entry WHERE installment_id = :id AND action = 'SWITCHED_TO_CASH'",
                Map.of("id", installmentId), String.class)).isEqualTo("checker");
        assertThat(api.post("checker2", "/api/proposals/" + proposed.id() + "/approve").status()).as("decided once")
                .isEqualTo(409);
    }

    @Test
    void theProposerNeverApprovesHerOwnProposalEvenAsAChecker() {
        long installmentId = failedBkashPayout("SW-2");
        Api.Response proposed = api.postJson("checker", "/api/installments/" + installmentId + "/switch-to-cash", "{}");

        Api.Response own = api.approve(proposed, "checker");

        assertThat(own.status()).isEqualTo(403);
        assertThat(own.body().get("title").asString()).isEqualTo("Four-eyes rule");
        assertThat(own.body().get("detail").asString()).contains("checker proposed change " + proposed.id());
        assertThat(status(proposed.id())).isEqualTo("PROPOSED");
        assertThat(channelAndState(installmentId)).isEqualTo("BKASH FAILED");

        Api.Response other = api.approve(proposed, "checker2");
        assertThat(other.status()).as(other.text()).isEqualTo(200);
        assertThat(channelAndState(installmentId)).as("at the beneficiary's own point, Dacope").isEqualTo("CASH READY");
        assertThat(other.body().get("location").asString()).isEqualTo("Dacope");
    }

    @Test
    void oneAccountHoldingBothFinanceRolesStillNeedsASecondPerson() {
        long installmentId = failedBkashPayout("SW-3");
        Api.Response proposed = api.postJson("dual", "/api/installments/" + installmentId + "/switch-to-cash", "{}");

        assertThat(api.approve(proposed, "dual").status()).isEqualTo(403);
        assertThat(api.approve(proposed, "checker").status()).isEqualTo(200);
    }

    @Test
    void aVoucherIsCancelledOnlyWhenASecondPersonApproves() {
        long voucher = vouchers("VC-1").get(0);

        assertThat(api.postJson("maker", "/api/vouchers/" + voucher + "/cancel", "{}").status()).as("no reason").isEqualTo(400);
        Api.Response proposed = api.postJson("maker", "/api/vouchers/" + voucher + "/cancel", "{\"reason\":\"moved away\"}");
        assertThat(proposed.status()).as(proposed.text()).isEqualTo(202);
        assertThat(proposed.body().get("summary").asString()).contains("cancel cash voucher " + voucher, "at Rupsha");
        assertThat(voucherState(voucher)).isEqualTo("ISSUED");

        Api.Response approved = api.approve(proposed, "checker");

        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(voucherState(voucher)).isEqualTo("CANCELLED");
        assertThat(jdbc.queryForObject("SELECT detail FROM ledger_entry WHERE action = 'VOUCHER_CANCELLED' AND detail LIKE :v",
                Map.of("v", "cash voucher " + voucher + " %"), String.class))
                .contains("cancelled by checker", "moved away (proposal " + proposed.id() + " by maker)");
        assertThat(ledger(proposed.id())).containsExactly("maker CHANGE_PROPOSED", "checker CHANGE_APPROVED");
        Api.Response again = api.postJson("maker", "/api/vouchers/" + voucher + "/cancel", "{\"reason\":\"again\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("detail").asString()).contains("is CANCELLED");
    }

    private String voucherState(long voucherId) {
        return jdbc.queryForObject("SELECT state FROM voucher WHERE id = :id", Map.of("id", voucherId), String.class);
    }

    @Test
    void aReissueToAnotherPointNeedsTwoPeopleWhileAtTheSamePointOneCheckerReissues() {
        List<Long> ids = vouchers("RI-1", "RI-2", "RI-3");

        Api.Response samePoint = api.postJson("checker", "/api/vouchers/" + ids.get(0) + "/reissue",
                "{\"reason\":\"torn\",\"location\":\" rupsha \"}");
        assertThat(samePoint.status()).as("a lost sheet: no money moves to a new place").isEqualTo(200);
        assertThat(samePoint.body().get("replaces").asLong()).isEqualTo(ids.get(0));

        Api.Response elsewhere = api.postJson("checker", "/api/vouchers/" + ids.get(1) + "/reissue",
                "{\"reason\":\"she moved\",\"location\":\"Terokhada\"}");
        assertThat(elsewhere.status()).as(elsewhere.text()).isEqualTo(202);
        assertThat(elsewhere.body().get("summary").asString()).contains("from Rupsha to Terokhada");
        assertThat(api.approve(elsewhere, "checker").status()).isEqualTo(403);
        Api.Response approved = api.approve(elsewhere, "checker2");
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.body().get("outcome").asString()).contains("void, replaced by voucher", "at Terokhada");
        assertThat(voucherState(ids.get(1))).isEqualTo("VOID");
        assertThat(jdbc.queryForObject("SELECT location FROM voucher WHERE replaces = :id", Map.of("id", ids.get(1)),
                String.class)).isEqualTo("Terokhada");

        Api.Response byMaker = api.postJson("maker", "/api/vouchers/" + ids.get(2) + "/reissue", "{\"reason\":\"lost\"}");
        assertThat(byMaker.status()).as("a maker never reissued alone").isEqualTo(202);
        assertThat(voucherState(ids.get(2))).isEqualTo("ISSUED");
    }

    @Test
    void aRetryOfAListsFailedPayoutsIsProposedAndApprovedByAnother() {
        long listId = api.releasedList(ListFile.of()
                .row("RT-1,A,,BKASH," + ListFile.freshWallet() + ",100,1,,")
                .row("RT-2,B,,BKASH," + ListFile.freshWallet() + ",200,1,,"), "BDT");
        assertThat(api.post("maker", "/api/payment-lists/" + listId + "/retry-failed").status()).as("nothing failed")
                .isEqualTo(409);
        List<Long> installments = jdbc.queryForList("SELECT id FROM installment WHERE list_id = :id", Map.of("id", listId), Long.class);
        moves.apply(installments.stream().map(id -> Move.of(id).from(InstallmentState.READY).to(InstallmentState.FAILED)
                .failureCode("TIMEOUT").reason("gave up").action(LedgerAction.PAYOUT_FAILED).detail("gave up").build())
                .toList(), "dispatch", clock.instant());

        Api.Response proposed = api.post("maker", "/api/payment-lists/" + listId + "/retry-failed");
        assertThat(proposed.status()).as(proposed.text()).isEqualTo(202);
        assertThat(proposed.body().get("failedNow").asLong()).isEqualTo(2);
        assertThat(proposed.body().get("amount").get("minor").asLong()).isEqualTo(30_000);
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/retry-failed").status())
                .as("one open proposal per thing").isEqualTo(409);

        Api.Response approved = api.approve(proposed, "checker");

        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.body().get("outcome").asString()).startsWith("2 failed wallet payments will be sent again");
        assertThat(jdbc.queryForList("SELECT DISTINCT state FROM installment WHERE list_id = :id", Map.of("id", listId),
                String.class)).containsExactly("READY");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE list_id = :id AND action = 'PAYOUT_RETRY_REQUESTED'"
                + " AND actor = 'checker'", Map.of("id", listId), Long.class)).isEqualTo(2);
    }

    @Test
    void aRejectedProposalChangesNothingAndItsProposerMayWithdrawHers() {
        long first = failedBkashPayout("RJ-1");
        Api.Response proposed = api.postJson("maker", "/api/installments/" + first + "/switch-to-cash", "{}");
        Api.Response duplicate = api.postJson("checker", "/api/installments/" + first + "/switch-to-cash", "{}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().get("detail").asString()).contains("proposal " + proposed.id());

        assertThat(api.postJson("checker2", "/api/proposals/" + proposed.id() + "/reject", "{}").status()).isEqualTo(400);
        Api.Response rejected = api.postJson("checker2", "/api/proposals/" + proposed.id() + "/reject",
                "{\"reason\":\"her wallet works again: retry it\"}");

        assertThat(rejected.status()).as(rejected.text()).isEqualTo(200);
        assertThat(rejected.body().get("status").asString()).isEqualTo("REJECTED");
        assertThat(rejected.body().get("decisionNote").asString()).isEqualTo("her wallet works again: retry it");
        assertThat(api.post("checker", "/api/proposals/" + proposed.id() + "/approve").status()).isEqualTo(409);
        assertThat(channelAndState(first)).isEqualTo("BKASH FAILED");
        assertThat(ledger(proposed.id())).containsExactly("maker CHANGE_PROPOSED", "checker2 CHANGE_REJECTED");

        Api.Response again = api.postJson("checker", "/api/installments/" + first + "/switch-to-cash", "{}");
        assertThat(again.status()).as("proposed afresh after a rejection").isEqualTo(202);
        Api.Response withdrawn = api.postJson("checker", "/api/proposals/" + again.id() + "/reject", "{\"reason\":\"typo\"}");
        assertThat(withdrawn.status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT detail FROM ledger_entry WHERE action = 'CHANGE_REJECTED' AND detail LIKE :p",
                Map.of("p", "proposal " + again.id() + " (%"), String.class)).contains("withdrawn by its proposer checker");
    }

    @Test
    void aProposalLeftUndecidedLapsesAndIsNotApprovedLate() {
        long installmentId = failedBkashPayout("EX-1");
        Api.Response proposed = api.postJson("maker", "/api/installments/" + installmentId + "/switch-to-cash", "{}");
        jdbc.update("UPDATE money_proposal SET proposed_at = proposed_at - interval '8 days' WHERE id = :id",
                Map.of("id", proposed.id()));
        assertThat(api.get("checker", "/api/proposals?status=PROPOSED").body().findValues("id").stream()
                .map(id -> id.asLong())).as("a lapsed one is not offered").doesNotContain(proposed.id());

        Api.Response late = api.approve(proposed, "checker");

        assertThat(late.status()).isEqualTo(409);
        assertThat(status(proposed.id())).isEqualTo("EXPIRED");
        assertThat(channelAndState(installmentId)).isEqualTo("BKASH FAILED");
        assertThat(ledger(proposed.id())).containsExactly("maker CHANGE_PROPOSED", "gateway CHANGE_EXPIRED");
    }

    @Test
    void theDatabaseRefusesAnApprovalByTheProposerToo() {
        long installmentId = failedBkashPayout("DB-1");
        long id = api.postJson("maker", "/api/installments/" + installmentId + "/switch-to-cash", "{}").id();

        assertThatThrownBy(() -> jdbc.update("""
                UPDATE money_proposal SET status = 'APPROVED', decided_by = 'Maker', decided_key = 'maker',
                       decided_at = now() WHERE id = :id""", Map.of("id", id)))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void checkersReadEveryProposalAndFieldAgentsNone() {
        long installmentId = failedBkashPayout("RD-1");
        long id = api.postJson("maker", "/api/installments/" + installmentId + "/switch-to-cash", "{}").id();

        assertThat(api.get("checker", "/api/proposals?status=PROPOSED").body().findValues("id").stream()
                .map(n -> n.asLong())).contains(id);
        assertThat(api.get("auditor", "/api/proposals/" + id).status()).isEqualTo(200);
        assertThat(api.get("agent", "/api/proposals").status()).isEqualTo(403);
        assertThat(api.post("auditor", "/api/proposals/" + id + "/approve").status()).isEqualTo(403);
        assertThat(api.get("checker", "/api/proposals/987654321").status()).isEqualTo(404);
    }
}
