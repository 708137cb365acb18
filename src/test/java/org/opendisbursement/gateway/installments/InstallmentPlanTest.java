package org.opendisbursement.gateway.installments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.opendisbursement.gateway.support.MutableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

@GatewayTest
class InstallmentPlanTest {

    @LocalServerPort
    int port;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    InstallmentRelease release;

    @Autowired
    MutableClock clock;

    Api api;
    long listId;

    @BeforeEach
    void approveAList() {
        api = new Api(port);
        clock.setDate(LocalDate.of(2026, 11, 20));
        ListFile file = ListFile.of()
                .row("P-1,রহিমা খাতুন,,BKASH," + ListFile.freshWallet() + ",7500,3,,widow")
                .row("P-2,Anwara Begum,,NAGAD," + ListFile.freshWallet() + ",1000.00,3,,disabled")
                .row("P-3,Malati Das,,CASH,,5,2,Jalma Union,dalit");
        Map<String, String> fields = Map.of("programme", ListFile.uniqueProgramme(), "firstDueDate", "2026-12-15",
                "interval", "P1M");
        listId = api.upload("maker", file, fields).id();
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/approve").status()).isEqualTo(200);
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private Map<String, Long> stateCounts() {
        return jdbc.query("SELECT state, count(*) n FROM installment WHERE list_id = :id GROUP BY state", Map.of("id", listId),
                rs -> {
                    Map<String, Long> counts = new java.util.TreeMap<>();
                    while (rs.next()) {
                        counts.put(rs.getString("state"), rs.getLong("n"));
                    }
                    return counts;
                });
    }

    @Test
    void splitsEachAmountIntoInstallmentsThatSumExactlyWithTheRemainderFirst() {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT b.beneficiary_id, i.number, i.amount_minor, i.due_date, i.state, i.currency
                FROM installment i JOIN beneficiary b ON b.id = i.beneficiary_ref
                WHERE i.list_id = :id ORDER BY b.beneficiary_id, i.number""", Map.of("id", listId));

        assertThat(rows).extracting(r -> r.get("beneficiary_id") + "#" + r.get("number") + "=" + r.get("amount_minor"))
                .containsExactly("P-1#1=250000", "P-1#2=250000", "P-1#3=250000",
                        "P-2#1=33334", "P-2#2=33333", "P-2#3=33333",
                        "P-3#1=300", "P-3#2=200");
        assertThat(rows).extracting(r -> r.get("due_date").toString())
                .containsExactly("2026-12-15", "2027-01-15", "2027-02-15", "2026-12-15", "2027-01-15", "2027-02-15",
                        "2026-12-15", "2027-01-15");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("state")).isEqualTo("PLANNED");
            assertThat(r.get("currency")).isEqualTo("BDT");
        });
    }

    @Test
    void plansAnMpesaEntitlementInWholeShillingsWithTheRemainderFirst() {
        Map<String, String> fields = new HashMap<>(ListFile.fields(ListFile.uniqueProgramme()));
        fields.put("currency", "KES");
        Api.Response uploaded = api.upload("maker", ListFile.of()
                .row("K-1,Wanjiru Kamau,,MPESA,+25472" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000))
                        + ",1000,3,,"), fields);
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        long kesList = uploaded.id();
        assertThat(api.post("checker", "/api/payment-lists/" + kesList + "/approve").status()).isEqualTo(200);

        assertThat(jdbc.queryForList("SELECT amount_minor FROM installment WHERE list_id = :id ORDER BY number",
                Map.of("id", kesList), Long.class)).as("KES 334, 333, 333: M-Pesa pays whole shillings")
                .containsExactly(33_400L, 33_300L, 33_300L);
    }

    @Test
    void givesEachInstallmentItsDeterministicProviderReference() {
        UUID listUid = jdbc.queryForObject("SELECT uid FROM payment_list WHERE id = :id", Map.of("id", listId), UUID.class);
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT b.beneficiary_id, i.number, i.provider_reference
                FROM installment i JOIN beneficiary b ON b.id = i.beneficiary_ref WHERE i.list_id = :id""", Map.of("id", listId));

        assertThat(rows).hasSize(8).allSatisfy(r -> assertThat(r.get("provider_reference"))
                .isEqualTo(ProviderReference.of(listUid, (String) r.get("beneficiary_id"), (Integer) r.get("number"))));
        assertThat(rows).extracting(r -> r.get("provider_reference")).doesNotHaveDuplicates();
    }

    @Test
    void releasesInstallmentsOnlyWhenTheyFallDueWithALedgerEntryEach() {
        release.releaseDue();
        assertThat(stateCounts()).containsExactly(Map.entry("PLANNED", 8L));

        clock.setDate(LocalDate.of(2026, 12, 15));
        release.releaseDue();
        assertThat(stateCounts()).containsOnly(Map.entry("PLANNED", 5L), Map.entry("READY", 3L));
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM ledger_entry WHERE list_id = :id AND action = 'INSTALLMENT_RELEASED'
                AND from_state = 'PLANNED' AND to_state = 'READY' AND actor = 'scheduler' AND reference IS NOT NULL""",
                Map.of("id", listId), Long.class)).isEqualTo(3);

        release.releaseDue();
        assertThat(stateCounts()).as("releasing twice changes nothing").containsOnly(Map.entry("PLANNED", 5L), Map.entry("READY", 3L));
    }

    @Test
    void aCheckerReleasesAnInstallmentEarlyButOnlyInOrder() {
        Api.Response outOfOrder = api.post("checker", "/api/payment-lists/" + listId + "/installments/2/release");
        assertThat(outOfOrder.status()).isEqualTo(409);

        Api.Response first = api.post("checker", "/api/payment-lists/" + listId + "/installments/1/release");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("released").asLong()).isEqualTo(3);
        Api.Response second = api.post("checker", "/api/payment-lists/" + listId + "/installments/2/release");
        assertThat(second.body().get("released").asLong()).isEqualTo(3);
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/installments/2/release").status()).isEqualTo(409);
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/installments/7/release").status()).isEqualTo(404);

        var view = api.get("auditor", "/api/payment-lists/" + listId).body();
        assertThat(view.get("byState").get("READY").get("count").asInt()).isEqualTo(6);
        assertThat(view.get("byState").get("READY").get("amount").get("minor").asLong()).isEqualTo(250000 * 2 + 33334 + 33333 + 300 + 200);
        assertThat(view.get("installments").get(2).get("byState").get("PLANNED").get("count").asInt()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE list_id = :id AND actor = 'checker'"
                + " AND action LIKE 'INSTALLMENT_RELEASED%'", Map.of("id", listId), Long.class)).isGreaterThanOrEqualTo(6);
    }

    @Test
    void aListPendingApprovalHasNothingToRelease() {
        long pending = api.upload("maker", ListFile.of().beneficiaries("NP", 2), ListFile.fields(ListFile.uniqueProgramme())).id();
        assertThat(api.post("checker", "/api/payment-lists/" + pending + "/installments/1/release").status()).isEqualTo(409);
    }
}
