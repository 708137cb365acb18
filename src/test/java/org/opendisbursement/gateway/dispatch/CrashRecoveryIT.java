package org.opendisbursement.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.FreePort;
import org.opendisbursement.gateway.support.ListFile;
import org.opendisbursement.gateway.support.SqlCount;
import org.opendisbursement.gateway.system.EmbeddedPostgresEnvironment;
import org.opendisbursement.mock.ExecutedPayout;
import org.opendisbursement.mock.MockProviders;

/**
 * The crash test. The packaged gateway runs as its own process on its embedded PostgreSQL (data kept on disk) and
 * pays a list of 2,000 installments through the bKash mock, which loses the answer of every tenth payout after
 * executing it. The gateway is killed with SIGKILL several times mid-run and started again.
 *
 * <p>bKash cannot be asked about a payout whose answer was lost (its search needs the trxID the lost answer carried),
 * so those payouts, and the ones a kill caught mid-call, wait in MANUAL_REVIEW: never resent, never confirmed on a
 * guess. The finance office then does what the gateway tells it to: it imports the bKash statement (made here from
 * the mock's journal of executed payouts), which settles every payout it shows paid, and settles the rest by hand as
 * not paid, which sends them again. At the end every installment is CONFIRMED, the mock executed each reference
 * exactly once, and the ledger's confirmed sum equals the provider's executed sum.
 */
class CrashRecoveryIT {

    private static final Path JAR = Path.of("target", "disbursement-gateway.jar");
    private final Path work = Path.of("target", "crash-test");
    private final List<Process> gateways = new ArrayList<>();
    private WireMockServer bkash;

    @AfterEach
    void stopEverything() throws Exception {
        for (Process gateway : gateways) {
            if (gateway.isAlive()) {
                gateway.destroy();
                gateway.waitFor();
            }
        }
        if (bkash != null) {
            bkash.stop();
        }
    }

    @Test
    void killedMidRunItStillPaysEveryInstallmentExactlyOnce() throws Exception {
        assertThat(JAR).as("run after `package`: ./mvnw verify").exists();
        FileUtils.deleteDirectory(work.toFile());
        Files.createDirectories(work);
        bkash = MockProviders.start("bkash", 0, Path.of("mock-providers"));
        MockProviders.state(bkash).updateSettings(Map.of("timeoutAfterRecordPercent", 10, "delayMs", 5));
        int httpPort = FreePort.next();
        int pgPort = FreePort.next();

        Process gateway = startGateway(httpPort, pgPort, 1);
        Api api = new Api(httpPort);
        ListFile file = ListFile.of();
        for (int i = 1; i <= 2000; i++) {
            file.row("C-" + i + ",রহিমা খাতুন,,BKASH," + ListFile.freshWallet() + "," + (100 + i) + ".50,1,,widow");
        }
        Map<String, String> fields = new HashMap<>(ListFile.fields("CRASH"));
        Api.Response uploaded = api.upload("maker", file, fields);
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        long listId = uploaded.id();
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/approve").status()).isEqualTo(200);
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/installments/1/release").status()).isEqualTo(200);

        Random random = new Random(2020);
        for (int crash = 1; crash <= 3; crash++) {
            Thread.sleep(1_500 + random.nextInt(2_500));
            long executedBefore = MockProviders.state(bkash).journal().executed().size();
            gateway.destroyForcibly();
            gateway.waitFor();
            System.out.printf("crash %d: killed the gateway with %d payouts executed so far%n", crash, executedBefore);
            gateway = startGateway(httpPort, pgPort, crash + 1);
        }

        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/gateway", "postgres",
                EmbeddedPostgresEnvironment.superuserPassword(work.resolve("pg")))) {
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (SqlCount.of(db, "SELECT count(*) FROM installment WHERE list_id = " + listId
                    + " AND state IN ('CONFIRMED', 'FAILED', 'MANUAL_REVIEW', 'CANCELLED')") < 2000) {
                assertThat(System.nanoTime()).as("all 2,000 installments final within 4 minutes").isLessThan(deadline);
                Thread.sleep(500);
            }
            Map<String, Long> states = new HashMap<>();
            try (ResultSet rs = db.createStatement().executeQuery(
                    "SELECT state, count(*) FROM installment WHERE list_id = " + listId + " GROUP BY state")) {
                while (rs.next()) {
                    states.put(rs.getString(1), rs.getLong(2));
                }
            }
            assertThat(states.keySet()).as("confirmed, or waiting for a person; never failed on a guess")
                    .containsAnyOf("CONFIRMED").isSubsetOf("CONFIRMED", "MANUAL_REVIEW");
            long waiting = states.getOrDefault("MANUAL_REVIEW", 0L);
            assertThat(waiting).as("every tenth answer was lost").isGreaterThanOrEqualTo(150);
            assertThat(SqlCount.of(db, "SELECT count(*) FROM installment WHERE list_id = " + listId
                    + " AND state = 'MANUAL_REVIEW' AND (failure_code <> 'UNVERIFIABLE' OR last_error NOT LIKE '%merchant statement%')"))
                    .as("each says what to check").isZero();
            Map<String, Long> beforeSettling = MockProviders.state(bkash).journal().executed().stream()
                    .collect(Collectors.groupingBy(ExecutedPayout::reference, Collectors.counting()));
            assertThat(beforeSettling.values()).as("nothing resent while unknown").allMatch(n -> n == 1);

            // the finance office imports the bKash statement: every payout bKash executed, as bKash reports it
            StringBuilder statement = new StringBuilder("merchantInvoiceNumber,amount,completedTime,transactionStatus\n");
            MockProviders.state(bkash).journal().executed().forEach(p -> statement.append(p.reference()).append(',')
                    .append(p.amount()).append(',').append(p.executedAt()).append(",Completed\n"));
            Api.Response reconciled = api.multipart("checker", "/api/reconciliations", "bkash-statement.csv",
                    statement.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of("provider", "bkash"));
            assertThat(reconciled.status()).as(reconciled.text()).isEqualTo(201);
            List<Long> unpaid = new ArrayList<>();
            try (ResultSet rs = db.createStatement().executeQuery("SELECT id FROM installment WHERE list_id = " + listId
                    + " AND state = 'MANUAL_REVIEW'")) {
                while (rs.next()) {
                    unpaid.add(rs.getLong(1));
                }
            }
            System.out.printf("crash test: %d waited for a person; the statement settled %d, %d were never executed%n",
                    waiting, waiting - unpaid.size(), unpaid.size());
            // the payouts sent again must not lose their answers too, or they would come back to a person
            MockProviders.state(bkash).updateSettings(Map.of("timeoutAfterRecordPercent", 0));
            for (long installment : unpaid) {
                Api.Response settled = api.postJson("checker", "/api/installments/" + installment + "/settle",
                        "{\"verdict\":\"NOT_PAID\",\"note\":\"not on the bKash statement\"}");
                assertThat(settled.status()).as(settled.text()).isEqualTo(200);
            }
            long resent = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (SqlCount.of(db, "SELECT count(*) FROM installment WHERE list_id = " + listId + " AND state = 'CONFIRMED'") < 2000) {
                assertThat(System.nanoTime()).as("the ones never executed paid within 2 minutes").isLessThan(resent);
                Thread.sleep(500);
            }

            List<ExecutedPayout> executed = MockProviders.state(bkash).journal().executed();
            Map<String, Long> perReference = executed.stream()
                    .collect(Collectors.groupingBy(ExecutedPayout::reference, Collectors.counting()));
            assertThat(perReference).hasSize(2000);
            assertThat(perReference.values()).as("at most one executed payout per reference").allMatch(n -> n == 1);

            long executedMinor = executed.stream()
                    .mapToLong(p -> new java.math.BigDecimal(p.amount()).movePointRight(2).longValueExact()).sum();
            long confirmedMinor = SqlCount.of(db, "SELECT sum(amount_minor) FROM installment WHERE list_id = " + listId + " AND state = 'CONFIRMED'");
            long ledgerConfirmedMinor = SqlCount.of(db, "SELECT sum(amount_minor) FROM ledger_entry WHERE list_id = " + listId
                    + " AND to_state = 'CONFIRMED'");
            assertThat(confirmedMinor).isEqualTo(executedMinor);
            assertThat(ledgerConfirmedMinor).as("the ledger's confirmed sum").isEqualTo(executedMinor);
            assertThat(SqlCount.of(db, "SELECT count(*) FROM ledger_entry WHERE list_id = " + listId + " AND to_state = 'CONFIRMED'"))
                    .isEqualTo(2000);
            System.out.printf("crash test: %s; %d payouts executed, BDT %s%n", states, executed.size(),
                    java.math.BigDecimal.valueOf(executedMinor, 2));
        }
    }

    private Process startGateway(int httpPort, int pgPort, int run) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-jar", JAR.toString(),
                "--server.port=" + httpPort,
                "--disbursement.embedded-postgres.data-dir=" + work.resolve("pg"),
                "--disbursement.embedded-postgres.port=" + pgPort,
                "--disbursement.intake.inbox=" + work.resolve("inbox"),
                "--disbursement.providers.bkash.base-url=" + bkash.baseUrl() + "/v1.2.0-beta/checkout",
                "--disbursement.providers.bkash.read-timeout=2s",
                "--disbursement.providers.bkash.initial-backoff=300ms",
                "--disbursement.providers.bkash.max-backoff=2s",
                "--disbursement.providers.bkash.rate-per-second=150",
                "--disbursement.dispatch.answer-margin=2s",
                "--logging.level.root=WARN");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("gateway-" + run + ".log").toFile())
                .start();
        gateways.add(process);
        Api api = new Api(httpPort);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            assertThat(process.isAlive()).as("gateway run %d is alive (see %s)", run, work.resolve("gateway-" + run + ".log")).isTrue();
            try {
                if (api.get(null, "/actuator/health").status() == 200) {
                    return process;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            assertThat(System.nanoTime()).as("gateway run %d started within 90 s", run).isLessThan(deadline);
            Thread.sleep(250);
        }
    }



}
