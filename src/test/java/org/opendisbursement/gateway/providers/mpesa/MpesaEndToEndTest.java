package org.opendisbursement.gateway.providers.mpesa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opendisbursement.gateway.support.DispatchRunning.await;
import static org.opendisbursement.gateway.support.DispatchRunning.stateOf;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * An M-Pesa list paid through the dispatch routes: the adapter only gets acknowledgements, so every final state here
 * was reached through a callback the mock POSTed to {@link MpesaCallbackController} (a result, a queue timeout or a
 * status answer), applied to the installment in the database.
 */
@GatewayTest
class MpesaEndToEndTest {

    private static final Set<String> FINAL = Set.of("CONFIRMED", "FAILED", "MANUAL_REVIEW");

    @LocalServerPort
    int port;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

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

    private static String freshWallet() {
        return "+25472" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    private long releasedKesList(ListFile file) {
        return api.releasedList(file, "KES");
    }

    private Map<String, Object> installment(long listId, String beneficiaryId) {
        return jdbc.queryForMap("""
                SELECT i.id, i.state, i.failure_code, i.attempts, i.provider_reference::text AS reference
                FROM installment i JOIN beneficiary b ON b.id = i.beneficiary_ref
                WHERE i.list_id = :id AND b.beneficiary_id = :b AND i.number = 1""", Map.of("id", listId, "b", beneficiaryId));
    }

    private long ledgerCount(long installmentId, String action) {
        return jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE installment_id = :id AND action = :action",
                Map.of("id", installmentId, "action", action), Long.class);
    }

    private static long executed(String reference) {
        return MockProviderServers.state("mpesa").journal().executed().stream()
                .filter(p -> p.reference().equals(reference)).count();
    }

    @Test
    void callbacksSettleEveryInstallmentAndNothingIsPaidTwice() throws Exception {
        List<String> ids = List.of("M-OK", "M-TWICE", "M-UNREGISTERED", "M-TIMEOUT", "M-PENDING", "M-QUEUE", "M-BUSY");
        long listId = releasedKesList(ListFile.of()
                .row("M-OK,Wanjiru Kamau,,MPESA," + freshWallet() + ",100,1,,")
                .row("M-TWICE,Achieng Otieno,,MPESA,+254700000222,100,1,,")
                .row("M-UNREGISTERED,Njeri Mwangi,,MPESA,+254700002040,100,1,,")
                .row("M-TIMEOUT,Akinyi Odhiambo,,MPESA,+254700000408,100,1,,")
                .row("M-PENDING,Chebet Kiprop,,MPESA,+254700000202,100,1,,")
                .row("M-QUEUE,Wambui Njoroge,,MPESA,+254700000504,100,1,,")
                .row("M-BUSY,Jepkosgei Rotich,,MPESA,+254700000026,100,1,,"));

        await("all final", Duration.ofSeconds(60),
                () -> ids.stream().allMatch(id -> FINAL.contains(stateOf(jdbc, listId, id, 1))));

        Map<String, Object> ok = installment(listId, "M-OK");
        assertThat(ok.get("state")).isEqualTo("CONFIRMED");
        assertThat(executed((String) ok.get("reference"))).isEqualTo(1);

        Map<String, Object> twice = installment(listId, "M-TWICE");
        assertThat(twice.get("state")).isEqualTo("CONFIRMED");
        await("both copies of the result delivered", Duration.ofSeconds(10), () -> MockProviderServers.state("mpesa")
                .callbacks().deliveries().stream().filter(d -> d.reference().equals(twice.get("reference"))
                        && d.kind().equals("result") && d.httpStatus() == 200).count() == 2);
        assertThat(ledgerCount(((Number) twice.get("id")).longValue(), "PAYOUT_CONFIRMED"))
                .as("the second copy changes nothing").isEqualTo(1);
        assertThat(executed((String) twice.get("reference"))).isEqualTo(1);

        Map<String, Object> unregistered = installment(listId, "M-UNREGISTERED");
        assertThat(unregistered.get("state")).isEqualTo("FAILED");
        assertThat(unregistered.get("failure_code")).isEqualTo("2040");
        assertThat(unregistered.get("attempts")).as("a permanent rejection is not resent").isEqualTo(1);

        Map<String, Object> timedOut = installment(listId, "M-TIMEOUT");
        assertThat(timedOut.get("state")).as("the answer was lost after the payout: confirmed, not resent")
                .isEqualTo("CONFIRMED");
        assertThat(executed((String) timedOut.get("reference"))).isEqualTo(1);

        Map<String, Object> pending = installment(listId, "M-PENDING");
        assertThat(pending.get("state")).isEqualTo("CONFIRMED");
        assertThat(executed((String) pending.get("reference"))).isEqualTo(1);

        Map<String, Object> queued = installment(listId, "M-QUEUE");
        assertThat(queued.get("state")).as("timed out in M-Pesa's queue on every attempt").isEqualTo("FAILED");
        assertThat(executed((String) queued.get("reference"))).isZero();

        // result 26 (traffic blocking) is retryable, but M-Pesa keeps the failed transfer under its reference: the
        // resend is a duplicate, and the status query then reports the transfer failed with 26
        Map<String, Object> busy = installment(listId, "M-BUSY");
        assertThat(busy.get("state")).isEqualTo("FAILED");
        assertThat(busy.get("failure_code")).isEqualTo("26");
        assertThat(executed((String) busy.get("reference"))).isZero();
    }
}
