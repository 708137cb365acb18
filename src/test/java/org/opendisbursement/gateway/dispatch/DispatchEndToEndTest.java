package org.opendisbursement.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opendisbursement.gateway.support.DispatchRunning.await;
import static org.opendisbursement.gateway.support.DispatchRunning.count;
import static org.opendisbursement.gateway.support.DispatchRunning.stateOf;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
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

/** Lists paid end to end through the dispatch routes, the adapters and the mock providers over real HTTP. */
@GatewayTest
class DispatchEndToEndTest {

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
        api.post("ops", "/api/providers/bkash/resume");
    }

    private long approved(ListFile file, String currency) {
        Map<String, String> fields = new HashMap<>(ListFile.fields(ListFile.uniqueProgramme()));
        fields.put("currency", currency);
        Api.Response uploaded = api.upload("maker", file, fields);
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        long listId = uploaded.id();
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/approve").status()).isEqualTo(200);
        return listId;
    }

    private tools.jackson.databind.JsonNode provider(String name) {
        for (var provider : api.get("ops", "/api/providers").body()) {
            if (provider.get("name").asString().equals(name)) {
                return provider;
            }
        }
        throw new AssertionError("no provider " + name + " in GET /api/providers");
    }

    /** An amount of its own (the bKash mock answers 2029 to the same amount for the same wallet within its window). */
    private static String uniqueAmount() {
        return String.valueOf(100 + java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 20_000));
    }

    private void release(long listId, int number) {
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/installments/" + number + "/release").status())
                .isEqualTo(200);
    }

    private Map<String, Long> executedByReference(long listId, String... providers) {
        Set<String> references = jdbc.queryForList("SELECT provider_reference::text FROM installment WHERE list_id = :id",
                Map.of("id", listId), String.class).stream().collect(Collectors.toSet());
        return java.util.Arrays.stream(providers).flatMap(p -> MockProviderServers.state(p).journal().executed().stream())
                .map(ExecutedPayout::reference).filter(references::contains)
                .collect(Collectors.groupingBy(r -> r, Collectors.counting()));
    }

    @Test
    void the411ListIsPaidInFullOnceEach() throws Exception {
        // installments 2 and 3 go out together, the same amount to the same wallet: real bKash answers 2029 to the
        // second within its window (spacing is tested in the bKash tests); here the window is off
        control(MockProviderServers.server("bkash").baseUrl(), "{\"duplicateWindowMs\": 0}");
        ListFile file = ListFile.of();
        for (int i = 1; i <= 411; i++) {
            file.row("K-" + i + ",রহিমা খাতুন,," + (i % 2 == 0 ? "NAGAD" : "BKASH") + "," + ListFile.freshWallet() + ",7500,3,,widow");
        }
        long listId = approved(file, "BDT");

        release(listId, 1);
        await("installment 1 confirmed", Duration.ofSeconds(90), () -> count(jdbc, listId, "CONFIRMED") == 411);
        release(listId, 2);
        release(listId, 3);
        await("1,233 confirmed", Duration.ofSeconds(120), () -> count(jdbc, listId, "CONFIRMED") == 1233);

        Map<String, Long> executed = executedByReference(listId, "bkash", "nagad");
        assertThat(executed).hasSize(1233);
        assertThat(executed.values()).allMatch(times -> times == 1);
        var view = api.get("auditor", "/api/payment-lists/" + listId).body();
        assertThat(view.get("byState").get("CONFIRMED").get("amount").get("minor").asLong()).isEqualTo(411 * 750_000L);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE list_id = :id AND action = 'PAYOUT_CONFIRMED'",
                Map.of("id", listId), Long.class)).isEqualTo(1233);
        control(MockProviderServers.server("bkash").baseUrl(), "{\"duplicateWindowMs\": 60000}");
    }

    @Test
    void everyFailureModeEndsInTheRightStateWithoutPayingTwice() throws Exception {
        ListFile file = ListFile.of()
                .row("S-OK,A,,BKASH," + ListFile.freshWallet() + ",100,1,,")
                .row("S-TIMEOUT,B,,BKASH,01900000408," + uniqueAmount() + ",1,,")
                .row("S-RESET,C,,BKASH,01900000499,100,1,,")
                .row("S-GONE,D,,BKASH,01900002045,100,1,,")
                .row("S-EXCEPTION,E,,BKASH,01900002020,100,1,,")
                .row("S-5XX,F,,BKASH,01900000500,100,1,,")
                .row("S-NAGAD-OK,G,,NAGAD," + ListFile.freshWallet() + ",100,1,,")
                .row("S-NAGAD-LOST,I,,NAGAD,01800000408,100,1,,")
                .row("S-NAGAD-LIMIT,H,,NAGAD,01800000005,100,1,,");
        long listId = approved(file, "BDT");
        release(listId, 1);

        await("all final", Duration.ofSeconds(60), () -> count(jdbc, listId, "CONFIRMED") + count(jdbc, listId, "FAILED")
                + count(jdbc, listId, "MANUAL_REVIEW") == 9);

        assertThat(stateOf(jdbc, listId, "S-OK", 1)).isEqualTo("CONFIRMED");
        assertThat(stateOf(jdbc, listId, "S-TIMEOUT", 1))
                .as("paid, then the answer lost: bKash cannot be asked without the trxID, so a person checks the statement")
                .isEqualTo("MANUAL_REVIEW");
        assertThat(stateOf(jdbc, listId, "S-RESET", 1)).as("never a certain answer: a person must look").isEqualTo("MANUAL_REVIEW");
        assertThat(stateOf(jdbc, listId, "S-5XX", 1)).isEqualTo("MANUAL_REVIEW");
        assertThat(stateOf(jdbc, listId, "S-GONE", 1)).isEqualTo("FAILED");
        assertThat(stateOf(jdbc, listId, "S-EXCEPTION", 1)).isEqualTo("FAILED");
        assertThat(stateOf(jdbc, listId, "S-NAGAD-OK", 1)).isEqualTo("CONFIRMED");
        assertThat(stateOf(jdbc, listId, "S-NAGAD-LOST", 1)).as("no rechargeId: a person checks the statement")
                .isEqualTo("MANUAL_REVIEW");
        assertThat(stateOf(jdbc, listId, "S-NAGAD-LIMIT", 1)).isEqualTo("FAILED");
        assertThat(executedByReference(listId, "bkash", "nagad").values()).allMatch(times -> times == 1);
        assertThat(jdbc.queryForObject("""
                SELECT i.failure_code || ': ' || i.last_error FROM installment i JOIN beneficiary b ON b.id = i.beneficiary_ref
                WHERE i.list_id = :id AND b.beneficiary_id = 'S-TIMEOUT'""", Map.of("id", listId), String.class))
                .startsWith("UNVERIFIABLE").contains("merchant statement");
        List<Map<String, Object>> failed = jdbc.queryForList("""
                SELECT b.beneficiary_id, i.failure_code, i.last_error, i.attempts FROM installment i
                JOIN beneficiary b ON b.id = i.beneficiary_ref WHERE i.list_id = :id AND i.state = 'FAILED'""", Map.of("id", listId));
        assertThat(failed).anySatisfy(row -> {
            assertThat(row.get("beneficiary_id")).isEqualTo("S-GONE");
            assertThat(row.get("failure_code")).isEqualTo("2045");
            assertThat(row.get("attempts")).as("a permanent rejection is not retried").isEqualTo(1);
        });
        assertThat(failed).anySatisfy(row -> {
            assertThat(row.get("beneficiary_id")).isEqualTo("S-EXCEPTION");
            assertThat((String) row.get("last_error")).contains("gave up after 3 attempts");
        });
    }

    @Test
    void aPausedProviderHoldsItsInstallmentsWithoutSpendingAttempts() throws Exception {
        long pausesAndResumes = pausesAndResumesOfBkash();
        assertThat(api.post("ops", "/api/providers/bkash/pause").status()).isEqualTo(200);
        long listId = approved(ListFile.of().row("P-1,A,,BKASH," + ListFile.freshWallet() + ",100,1,,"), "BDT");
        release(listId, 1);
        // dispatch polls every 50 ms: for 1.5 s it must keep leaving the installment alone
        Awaitility.await("held READY while bkash is paused").during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5))
                .until(() -> count(jdbc, listId, "READY") == 1 && attempts(listId) == 0);
        assertThat(provider("bkash").get("paused").asBoolean()).isTrue();
        assertThat(provider("nagad").get("paused").asBoolean()).isFalse();

        assertThat(api.post("ops", "/api/providers/bkash/resume").status()).isEqualTo(200);
        await("confirmed after resume", Duration.ofSeconds(20), () -> count(jdbc, listId, "CONFIRMED") == 1);
        assertThat(pausesAndResumesOfBkash() - pausesAndResumes).as("this test's pause and resume").isEqualTo(2);
    }

    private long pausesAndResumesOfBkash() {
        return jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE action IN ('PROVIDER_PAUSED', 'PROVIDER_RESUMED')"
                + " AND reference = 'bkash'", Map.of(), Long.class);
    }

    private int attempts(long listId) {
        return jdbc.queryForObject("SELECT attempts FROM installment WHERE list_id = :id", Map.of("id", listId), Integer.class);
    }

    @Test
    void aCheckerRetriesFailedPayoutsAndSwitchesOneToCash() throws Exception {
        long listId = approved(ListFile.of()
                .row("R-1,A,,BKASH,01900002045,100,1,Ward 1,")
                .row("R-2,B,,BKASH,01900002057,100,1,,"), "BDT");
        release(listId, 1);
        await("both failed", Duration.ofSeconds(20), () -> count(jdbc, listId, "FAILED") == 2);

        var failed = api.get("checker", "/api/payment-lists/" + listId + "/installments?state=FAILED").body();
        assertThat(failed).hasSize(2);
        long first = failed.get(0).get("installmentId").asLong();

        Api.Response switched = api.approve(api.postJson("maker", "/api/installments/" + first + "/switch-to-cash",
                "{\"location\":\"KCC Ward 5\"}"), "checker");
        assertThat(switched.status()).as(switched.text()).isEqualTo(200);
        assertThat(api.post("ops", "/api/installments/" + first + "/switch-to-cash").status()).isEqualTo(403);
        assertThat(api.post("checker", "/api/installments/" + first + "/switch-to-cash").status()).as("only once").isEqualTo(409);

        Api.Response retried = api.approve(api.post("checker", "/api/payment-lists/" + listId + "/retry-failed"), "checker2");
        assertThat(retried.body().get("outcome").asString()).as(retried.text()).startsWith("1 failed wallet payments");
        await("failed again", Duration.ofSeconds(20), () -> count(jdbc, listId, "FAILED") == 1);
        assertThat(jdbc.queryForObject("SELECT channel || '/' || state FROM installment WHERE id = :id", Map.of("id", first), String.class))
                .isEqualTo("CASH/READY");
        assertThat(jdbc.queryForList("SELECT action FROM ledger_entry WHERE list_id = :id ORDER BY id", Map.of("id", listId), String.class))
                .contains("SWITCHED_TO_CASH", "PAYOUT_RETRY_REQUESTED");
    }

    @Test
    void anAccountFaultPausesTheProviderWithItsReasonAndSpendsNoBeneficiarysAttempt() throws Exception {
        String bkash = MockProviderServers.server("bkash").baseUrl();
        long faultPauses = faultPausesOfBkash();
        control(bkash, "{\"faultCode\": \"2067\"}");
        try {
            long listId = approved(ListFile.of()
                    .row("F-1,A,,BKASH," + ListFile.freshWallet() + "," + uniqueAmount() + ",1,,")
                    .row("F-2,B,,BKASH," + ListFile.freshWallet() + "," + uniqueAmount() + ",1,,"), "BDT");
            release(listId, 1);

            await("bkash paused by the gateway", Duration.ofSeconds(20), () -> provider("bkash").get("paused").asBoolean());
            var paused = provider("bkash");
            assertThat(paused.get("pausedBy").asString()).isEqualTo("gateway");
            assertThat(paused.get("faultCode").asString()).isEqualTo("2067");
            assertThat(paused.get("pauseReason").asString()).contains("2067").contains("account");
            await("both held READY", Duration.ofSeconds(10), () -> count(jdbc, listId, "READY") == 2);
            assertThat(jdbc.queryForObject("SELECT max(attempts) FROM installment WHERE list_id = :id", Map.of("id", listId),
                    Integer.class)).as("no attempt spent").isZero();
            assertThat(api.get("ops", "/actuator/prometheus").text())
                    .contains("gateway_provider_paused_by_fault{provider=\"bkash\"} 1.0");
            assertThat(faultPausesOfBkash() - faultPauses).as("paused once, not once per payout").isEqualTo(1);
            assertThat(executedByReference(listId, "bkash")).isEmpty();

            control(bkash, "{\"faultCode\": \"\"}");
            assertThat(api.post("ops", "/api/providers/bkash/resume").status()).isEqualTo(200);
            await("paid once ops resumed", Duration.ofSeconds(30), () -> count(jdbc, listId, "CONFIRMED") == 2);
            assertThat(executedByReference(listId, "bkash").values()).allMatch(times -> times == 1);
        } finally {
            control(bkash, "{\"faultCode\": \"\"}");
        }
    }

    private long faultPausesOfBkash() {
        return jdbc.queryForObject("""
                SELECT count(*) FROM ledger_entry WHERE action = 'PROVIDER_PAUSED' AND actor = 'gateway' AND reference = 'bkash'
                  AND detail LIKE '%2067%'""", Map.of(), Long.class);
    }

    private static void control(String baseUrl, String json) throws Exception {
        var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(baseUrl + "/__mock/bkash")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }
}
