package org.opendisbursement.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.installments.Move;
import org.opendisbursement.gateway.installments.Moves;
import org.opendisbursement.gateway.intake.Channel;
import org.opendisbursement.gateway.ledger.LedgerAction;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.opendisbursement.gateway.support.MutableClock;
import org.opendisbursement.gateway.vouchers.VoucherIssue;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * A FAILED wallet payout becomes cash only when its provider says it has not paid it: the provider is asked first
 * (when a second person approves the proposed switch), against the real mock providers over HTTP. A voucher for a
 * payout the provider in fact paid would pay it twice; a refused switch leaves its proposal FAILED with the reason.
 */
@GatewayTest
class CashSwitchTest {

    private static final AtomicInteger NEXT = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    ProviderCalls calls;

    @Autowired
    Moves moves;

    @Autowired
    MutableClock clock;

    @Autowired
    VoucherIssue voucherIssue;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    MeterRegistry meters;

    private Map<String, Object> installment(long listId) {
        return jdbc.queryForMap("""
                SELECT i.id, i.provider_reference, i.amount_minor, i.currency, i.channel, i.state, b.wallet_number
                FROM installment i JOIN beneficiary b ON b.id = i.beneficiary_ref
                WHERE i.list_id = :id AND i.number = 1""", Map.of("id", listId));
    }

    /** An MTN payout in the currency of MTN's sandbox (EUR), which MTN can be asked about by our reference. */
    private long mtnList() {
        String payee = "+4673319" + String.format("%04d", NEXT.incrementAndGet());
        return new Api(port).releasedList(ListFile.of().row("CS-1,Amina Nakato,,MTN," + payee + ",15,1,Kampala,"), "EUR");
    }

    private void givenUpAsFailed(long installmentId) {
        moves.apply(List.of(Move.of(installmentId)
                .from(InstallmentState.READY).to(InstallmentState.FAILED).failureCode("TIMEOUT")
                .reason("gave up after 5 attempts: no answer").action(LedgerAction.PAYOUT_FAILED).detail("gave up")
                .build()), "dispatch", clock.instant());
    }

    /** A maker proposes the switch and a checker approves it: the approval's answer (the provider is asked then). */
    private Api.Response switchToCash(long installmentId) {
        Api api = new Api(port);
        return api.approve(api.postJson("maker", "/api/installments/" + installmentId + "/switch-to-cash",
                "{\"location\":\"Kampala Central\"}"), "checker");
    }

    /** The last proposal about the installment: its status and what was noted. */
    private Map<String, Object> proposal(long installmentId) {
        return jdbc.queryForMap("SELECT status, decided_by, decision_note FROM money_proposal WHERE installment_id = :id"
                + " ORDER BY id DESC LIMIT 1", Map.of("id", installmentId));
    }

    private long ledger(long listId, String action) {
        return jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE list_id = :id AND action = :action",
                Map.of("id", listId, "action", action), Long.class);
    }

    @Test
    void aPayoutTheProviderHasNeverSeenIsSwitchedToCash() {
        long listId = mtnList();
        long installmentId = (Long) installment(listId).get("id");
        givenUpAsFailed(installmentId);

        Api.Response switched = switchToCash(installmentId);

        assertThat(switched.status()).as(switched.text()).isEqualTo(200);
        assertThat(installment(listId)).containsEntry("channel", "CASH").containsEntry("state", "READY");
        assertThat(jdbc.queryForObject("SELECT detail FROM ledger_entry WHERE list_id = :id AND action = 'SWITCHED_TO_CASH'",
                Map.of("id", listId), String.class)).contains("mtn has no such payout");
    }

    @Test
    void aPayoutTheProviderReportsPaidIsRecordedConfirmedAndNotSwitched() {
        long listId = mtnList();
        Map<String, Object> row = installment(listId);
        long installmentId = (Long) row.get("id");
        // the transfer reached MTN and was paid, but the gateway never learnt it and gave up on it as failed
        PayoutOutcome sent = calls.adapterFor(Channel.MTN).orElseThrow().send(new PayoutRequest(installmentId,
                (UUID) row.get("provider_reference"), (String) row.get("wallet_number"), (Long) row.get("amount_minor"),
                ((String) row.get("currency")).strip(), null, 1));
        assertThat(sent.kind()).isIn("confirmed", "pending");
        givenUpAsFailed(installmentId);

        Api.Response refused = switchToCash(installmentId);

        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.text()).contains("was not switched to cash").contains("reports it paid");
        assertThat(installment(listId)).containsEntry("channel", "MTN").containsEntry("state", "CONFIRMED");
        assertThat(ledger(listId, "SWITCHED_TO_CASH")).isZero();
        assertThat(proposal(installmentId)).as("the approved proposal records the refusal")
                .containsEntry("status", "FAILED").containsEntry("decided_by", "checker");
        assertThat((String) proposal(installmentId).get("decision_note")).contains("reports it paid");
        assertThat(ledger(listId, "CHANGE_FAILED")).isEqualTo(1);
    }

    @Test
    void aBkashPayoutGivenUpWithoutATransactionIdIsNotSwitchedSinceBkashCannotBeAskedByOurReference() {
        long listId = new Api(port).releasedList(ListFile.of().row("CS-2,Rokeya Begum,,BKASH," + ListFile.freshWallet()
                + ",2500,1,Dacope,"), "BDT");
        long installmentId = (Long) installment(listId).get("id");
        givenUpAsFailed(installmentId);

        Api.Response refused = switchToCash(installmentId);

        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.text()).contains("could not confirm it has not paid it");
        assertThat(installment(listId)).containsEntry("channel", "BKASH").containsEntry("state", "FAILED");
        assertThat(ledger(listId, "SWITCHED_TO_CASH")).isZero();
        assertThat(proposal(installmentId)).containsEntry("status", "FAILED");
    }

    private int mtnCallback(UUID reference, String payee, String status) throws Exception {
        String body = "{\"amount\":\"15.00\",\"currency\":\"EUR\",\"financialTransactionId\":\"777000111\","
                + "\"externalId\":\"" + reference + "\",\"payee\":{\"partyIdType\":\"MSISDN\",\"partyId\":\""
                + payee.substring(1) + "\"},\"status\":\"" + status + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/callbacks/mtn?reference=" + reference + "&token="
                        + CallbackGuard.token("test-mtn-secret", "mtn", reference)))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aCallbackAboutAPayoutNeverSentIsFlaggedAndSettlesNothing() throws Exception {
        long listId = mtnList();
        Map<String, Object> row = installment(listId);

        int answer = mtnCallback((UUID) row.get("provider_reference"), (String) row.get("wallet_number"), "SUCCESSFUL");

        assertThat(answer).isEqualTo(200);
        assertThat(installment(listId)).containsEntry("state", "READY");
        assertThat(jdbc.queryForObject("SELECT detail FROM ledger_entry WHERE list_id = :id AND action = 'CALLBACK_FLAGGED'",
                Map.of("id", listId), String.class)).contains("never sent").contains("READY");
        assertThat(ledger(listId, "PAYOUT_CONFIRMED")).isZero();
    }

    @Test
    void aWalletPaymentReportedAfterTheSwitchToCashCancelsTheUnredeemedVoucherAndIsFlagged() throws Exception {
        long listId = mtnList();
        Map<String, Object> row = installment(listId);
        long installmentId = (Long) row.get("id");
        moves.apply(List.of(Move.of(installmentId).from(InstallmentState.READY).to(InstallmentState.SUBMITTED)
                .action(LedgerAction.PAYOUT_SUBMITTED).detail("mtn attempt 1").build()), "dispatch", clock.instant());
        moves.apply(List.of(Move.of(installmentId).from(InstallmentState.SUBMITTED).to(InstallmentState.FAILED)
                .failureCode("TIMEOUT").reason("gave up").action(LedgerAction.PAYOUT_FAILED).detail("gave up").build()),
                "dispatch", clock.instant());
        assertThat(switchToCash(installmentId).status()).isEqualTo(200);
        Integer issued = transaction.execute(tx -> voucherIssue.issue(listId, 1, "test"));
        assertThat(issued).isEqualTo(1);

        int answer = mtnCallback((UUID) row.get("provider_reference"), (String) row.get("wallet_number"), "SUCCESSFUL");

        assertThat(answer).isEqualTo(200);
        assertThat(installment(listId)).containsEntry("channel", "CASH").containsEntry("state", "CONFIRMED");
        assertThat(jdbc.queryForObject("SELECT state FROM voucher WHERE installment_id = :id", Map.of("id", installmentId),
                String.class)).isEqualTo("CANCELLED");
        assertThat(jdbc.queryForObject("SELECT detail FROM ledger_entry WHERE list_id = :id AND action = 'PAYOUT_PAID_AFTER_SWITCH'",
                Map.of("id", listId), String.class)).contains("after it was switched to cash").contains("777000111");
        assertThat(meters.counter("gateway.payouts.paid.after.switch", "provider", "mtn").count()).isPositive();
    }
}
