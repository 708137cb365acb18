package org.opendisbursement.gateway.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opendisbursement.gateway.support.DispatchRunning.await;
import static org.opendisbursement.gateway.support.DispatchRunning.count;

import tools.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.DispatchRunning;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.opendisbursement.gateway.support.MutableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Provider statements reconciled against the ledger over HTTP. Each test pays its bKash list on a day of its own
 * (the clock is set there), so the statement's period holds only that list's confirmed payouts.
 */
@GatewayTest
class ReconciliationTest {

    private static final AtomicInteger DAY = new AtomicInteger(ThreadLocalRandom.current().nextInt(0, 3000));

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A paid bKash list: beneficiary id → its installment's provider reference and installment id. */
    record Paid(LocalDate day, long listId, Map<String, String> references, Map<String, Long> installments) {
    }

    private Paid paidOnADayOfItsOwn(String... okBeneficiaries) throws Exception {
        LocalDate day = LocalDate.of(2031, 1, 1).plusDays(DAY.incrementAndGet());
        clock.setDate(day);
        Api api = new Api(port);
        ListFile file = ListFile.of();
        for (String beneficiary : okBeneficiaries) {
            file.row(beneficiary + ",রহিমা খাতুন,,BKASH," + ListFile.freshWallet() + ",100,1,,");
        }
        file.row("GONE,Anwara Begum,,BKASH,01900002045,100,1,,");
        Api.Response uploaded = api.upload("maker", file, ListFile.fields(ListFile.uniqueProgramme()));
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        long listId = uploaded.id();
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/approve").status()).isEqualTo(200);
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/installments/1/release").status()).isEqualTo(200);
        try (DispatchRunning running = DispatchRunning.start(camel)) {
            await("paid", Duration.ofSeconds(30), () -> count(jdbc, listId, "CONFIRMED") == okBeneficiaries.length
                    && count(jdbc, listId, "FAILED") == 1);
        }
        Map<String, String> references = new HashMap<>();
        Map<String, Long> installments = new HashMap<>();
        jdbc.query("""
                SELECT b.beneficiary_id, i.id, i.provider_reference::text AS reference FROM installment i
                JOIN beneficiary b ON b.id = i.beneficiary_ref WHERE i.list_id = :id""", Map.of("id", listId), rs -> {
            references.put(rs.getString("beneficiary_id"), rs.getString("reference"));
            installments.put(rs.getString("beneficiary_id"), rs.getLong("id"));
        });
        return new Paid(day, listId, references, installments);
    }

    private static List<CSVRecord> csv(String text) throws Exception {
        assertThat(text).startsWith("\uFEFF");
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new java.io.StringReader(text.substring(1)))
                .getRecords();
    }

    private long flagsInLedger(long installmentId, String action) {
        return jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE installment_id = :id AND action = :action",
                Map.of("id", installmentId, "action", action), Long.class);
    }

    @Test
    void aStatementWithAMissingAndAMismatchedPayoutIsReconciledIntoAReportNamingBoth() throws Exception {
        Paid paid = paidOnADayOfItsOwn("OK", "SHORT", "LEFT-OUT");
        String stranger = UUID.randomUUID().toString();
        String statement = "Reference,Amount,Time,Status\r\n"
                + paid.references().get("OK") + ",\"100.00\"," + paid.day() + " 10:00:05,Completed\r\n"
                + paid.references().get("SHORT") + ",99.00," + paid.day() + "T10:00:06+06:00,Completed\r\n"
                + stranger + ",250.00," + paid.day() + " 11:00,Completed\r\n"
                + paid.references().get("GONE") + ",100.00," + paid.day() + ",Failed\r\n";

        Api.Response imported = new StatementUpload(port).post("checker", "bkash-" + paid.day() + ".csv", statement,
                Map.of("provider", "bkash"));

        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        JsonNode summary = imported.body();
        long id = summary.get("id").asLong();
        assertThat(summary.get("lines").asInt()).isEqualTo(4);
        assertThat(summary.get("differences").toString())
                .contains(paid.references().get("SHORT"), paid.references().get("LEFT-OUT"), stranger)
                .contains("BDT 99.00", "BDT 100.00");

        Api.Response report = new Api(port).get("auditor", "/api/reconciliations/" + id + "/report.csv");
        assertThat(report.status()).isEqualTo(200);
        Map<String, CSVRecord> byReference = new HashMap<>();
        csv(report.text()).forEach(r -> byReference.put(r.get("reference"), r));
        // the period's other bKash payouts (work other tests left, paid while this test's clock stood on its day) are
        // flagged missing too: this test counts the results about its own list and the stranger
        java.util.Set<String> ours = new java.util.HashSet<>(paid.references().values());
        ours.add(stranger);
        Map<String, Long> counts = byReference.values().stream().filter(r -> ours.contains(r.get("reference")))
                .collect(java.util.stream.Collectors.groupingBy(r -> r.get("outcome"), java.util.stream.Collectors.counting()));
        assertThat(counts.get("MATCHED")).as("OK, and GONE failed on both sides").isEqualTo(2);
        assertThat(counts.get("AMOUNT_MISMATCH")).isEqualTo(1);
        assertThat(counts.get("MISSING_FROM_STATEMENT")).isEqualTo(1);
        assertThat(counts.get("MISSING_FROM_LEDGER")).isEqualTo(1);
        assertThat(byReference.values().stream().filter(r -> ours.contains(r.get("reference")))
                .filter(r -> r.get("review").equals("OPEN")).count()).isEqualTo(3);
        assertThat(summary.at("/counts/MISSING_FROM_STATEMENT").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(byReference.get(paid.references().get("SHORT")).get("outcome")).isEqualTo("AMOUNT_MISMATCH");
        assertThat(byReference.get(paid.references().get("SHORT")).get("statement_amount")).isEqualTo("99.00");
        assertThat(byReference.get(paid.references().get("SHORT")).get("ledger_amount")).isEqualTo("100.00");
        assertThat(byReference.get(paid.references().get("SHORT")).get("review")).isEqualTo("OPEN");
        assertThat(byReference.get(paid.references().get("LEFT-OUT")).get("outcome")).isEqualTo("MISSING_FROM_STATEMENT");
        assertThat(byReference.get(paid.references().get("LEFT-OUT")).get("beneficiary_id")).isEqualTo("LEFT-OUT");
        assertThat(byReference.get(stranger).get("outcome")).isEqualTo("MISSING_FROM_LEDGER");
        assertThat(byReference.get(paid.references().get("OK")).get("outcome")).isEqualTo("MATCHED");
        assertThat(byReference.get(paid.references().get("OK")).get("review")).isEmpty();

        assertThat(flagsInLedger(paid.installments().get("SHORT"), "RECONCILIATION_FLAGGED")).isEqualTo(1);
        assertThat(flagsInLedger(paid.installments().get("LEFT-OUT"), "RECONCILIATION_FLAGGED")).isEqualTo(1);
        assertThat(flagsInLedger(paid.installments().get("OK"), "RECONCILIATION_FLAGGED")).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE action = 'RECONCILIATION_FLAGGED' AND reference = :ref",
                Map.of("ref", stranger), Long.class)).isEqualTo(1);
    }

    @Test
    void aPayoutTheProviderPaidButTheLedgerCallsFailedIsFlaggedAndACheckerResolvesIt() throws Exception {
        Paid paid = paidOnADayOfItsOwn("FINE");
        String statement = "provider_reference;amount;completedTime;transactionStatus\n".replace(';', ',')
                + paid.references().get("FINE") + ",BDT 100," + paid.day() + "T04:00:00Z,SUCCESS\n"
                + paid.references().get("GONE") + ",100," + paid.day() + "T04:00:01Z,SUCCESS\n"
                + paid.references().get("GONE") + ",100," + paid.day() + "T04:00:02Z,SUCCESS\n";
        Api.Response imported = new StatementUpload(port).post("auditor", "twice.csv", statement, Map.of("provider", "bkash"));
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        JsonNode summary = imported.body();
        long id = summary.get("id").asLong();
        assertThat(summary.at("/counts/STATUS_MISMATCH").asLong()).isEqualTo(1);
        assertThat(summary.at("/counts/DUPLICATE_IN_STATEMENT").asLong()).isEqualTo(1);
        JsonNode mismatch = null;
        for (JsonNode difference : summary.get("differences")) {
            if (difference.get("outcome").asString().equals("STATUS_MISMATCH")) {
                mismatch = difference;
            }
        }
        assertThat(mismatch).isNotNull();
        assertThat(mismatch.get("ledgerState").asString()).isEqualTo("FAILED");
        assertThat(mismatch.get("detail").asString()).contains("do not retry");

        Api api = new Api(port);
        String resolve = "/api/reconciliations/" + id + "/results/" + mismatch.get("id").asLong() + "/resolve";
        assertThat(api.postJson("auditor", resolve, "{\"note\":\"x\"}").status()).isEqualTo(403);
        assertThat(api.postJson("checker", resolve, "{}").status()).isEqualTo(400);
        Api.Response resolved = api.postJson("checker", resolve, "{\"note\":\"bKash confirms the payout; ledger to be corrected\"}");
        assertThat(resolved.status()).as(resolved.text()).isEqualTo(200);
        assertThat(resolved.body().get("openFlags").asLong()).isEqualTo(summary.get("openFlags").asLong() - 1);
        assertThat(api.postJson("checker", resolve, "{\"note\":\"again\"}").status()).isEqualTo(409);
        assertThat(flagsInLedger(paid.installments().get("GONE"), "RECONCILIATION_RESOLVED")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT reviewed_by FROM reconciliation_result WHERE id = :id",
                Map.of("id", mismatch.get("id").asLong()), String.class)).isEqualTo("checker");
    }

    @Test
    void theSameStatementTwiceIsRefusedNamingTheFirst() throws Exception {
        String statement = "reference,amount,time,status\n" + UUID.randomUUID() + ",10,2040-02-01,FAILED\n";
        StatementUpload upload = new StatementUpload(port);
        Api.Response first = upload.post("checker", "once.csv", statement, Map.of("provider", "nagad"));
        assertThat(first.status()).as(first.text()).isEqualTo(201);

        Api.Response second = upload.post("checker", "once-again.csv", statement, Map.of("provider", "nagad"));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body().get("reconciliationId").asLong()).isEqualTo(first.body().get("id").asLong());
    }

    @Test
    void aStatementWithUnreadableLinesIsRefusedWithEveryErrorAndNothingStored() throws Exception {
        String name = "broken-" + UUID.randomUUID() + ".csv";
        String statement = "reference,amount,time,status\n"
                + UUID.randomUUID() + ",12abc,2040-02-01,COMPLETED\n"
                + ",10,yesterday,COMPLETED\n"
                + UUID.randomUUID() + ",10,2040-02-01,MAYBE\n";

        Api.Response refused = new StatementUpload(port).post("checker", name, statement, Map.of("provider", "bkash"));

        assertThat(refused.status()).isEqualTo(422);
        List<String> errors = new ArrayList<>();
        refused.body().get("errors").forEach(e -> errors.add(e.get("line").asInt() + ":" + e.get("column").asString()));
        assertThat(errors).containsExactly("2:amount", "3:reference", "3:time", "4:status");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reconciliation WHERE file_name = :name", Map.of("name", name),
                Long.class)).isZero();
        assertThat(new StatementUpload(port).post("checker", name, "amount,time\n", Map.of("provider", "bkash")).status())
                .as("no reference or status column").isEqualTo(422);
        assertThat(new StatementUpload(port).post("checker", name, statement, Map.of("provider", "paypal")).status())
                .isEqualTo(400);
    }

    @Test
    void onlyCheckersAndAuditorsReconcile() throws Exception {
        String statement = "reference,amount,time,status\n";
        for (String user : List.of("maker", "ops", "agent")) {
            assertThat(new StatementUpload(port).post(user, "empty.csv", statement,
                    Map.of("provider", "mtn", "from", "2040-03-01", "to", "2040-03-31")).status()).as(user).isEqualTo(403);
            assertThat(new Api(port).get(user, "/api/reconciliations").status()).as(user).isEqualTo(403);
        }
        Api.Response empty = new StatementUpload(port).post("auditor", "empty.csv", statement,
                Map.of("provider", "mtn", "from", "2040-03-01", "to", "2040-03-31"));
        assertThat(empty.status()).as(empty.text()).isEqualTo(201);
        assertThat(empty.body().get("lines").asInt()).isZero();
        assertThat(new Api(port).get("checker", "/api/reconciliations?provider=mtn").body().toString())
                .contains("\"id\":" + empty.body().get("id").asLong());
        assertThat(new Api(port).get("checker", "/api/reconciliations/987654321").status()).isEqualTo(404);
        assertThat(new Api(port).get("auditor", "/api/reconciliations/" + empty.body().get("id").asLong() + "/report.csv").text())
                .startsWith("\uFEFFresult_id,outcome");
    }
}
