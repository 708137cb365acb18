package org.opendisbursement.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

/** The ops page (status, traffic, pause and resume) and the auditor's pages (ledger search, export, trail, zones). */
@GatewayTest
class ConsoleOpsAndAuditTest {

    private static final Pattern ENTRY_ROW = Pattern.compile("<th scope=\"row\" class=\"num\">(\\d+)</th>");

    @LocalServerPort
    int port;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    MutableClock clock;

    @Autowired
    ProviderTraffic traffic;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterEach
    void resumeAndResetTime() {
        clock.reset();
        traffic.sample();
        api.post("ops", "/api/providers/bkash/resume");
    }

    @Test
    void opsPauseAProviderWithAReasonAndResumeIt() {
        ConsoleSession ops = ConsoleSession.signedIn(port, "ops");
        String page = ops.get("/ops").body();
        assertThat(page).contains("id=\"provider-bkash\"", "id=\"provider-nagad\"", "id=\"provider-mpesa\"",
                "id=\"provider-mtn\"", "Manual review", "Retry backlog", "<label for=\"reason-bkash\"");

        String paused = ops.follow(ops.post("/ops/providers/bkash/pause", Map.of("reason", "bKash maintenance window"))).body();

        assertThat(paused).contains("bkash is paused", "id=\"resume-bkash\"");
        assertThat(paused).containsPattern("id=\"provider-bkash\">\\s*<th[^>]*>.*</th>\\s*<td><span class=\"badge status warn\">paused");
        assertThat(jdbc.queryForObject("""
                SELECT detail FROM ledger_entry WHERE action = 'PROVIDER_PAUSED' AND actor = 'ops' ORDER BY id DESC LIMIT 1""",
                Map.of(), String.class)).isEqualTo("bkash: bKash maintenance window");

        String resumed = ops.follow(ops.post("/ops/providers/bkash/resume", Map.of())).body();
        assertThat(resumed).contains("bkash is running again", "id=\"pause-bkash\"");
        assertThat(ops.follow(ops.post("/ops/providers/nobody/pause", Map.of())).body())
                .contains("There is no provider called nobody.");
    }

    @Test
    void trafficIsCountedOverTheLastMinutes() {
        clock.setDate(LocalDate.of(2031, 1, 1));
        traffic.sample();
        count("send", "confirmed", 4);
        count("send", "retryable", 1);
        count("query", "unknown", 1);
        count("callback", "confirmed", 2);
        clock.advance(Duration.ofMinutes(6));
        traffic.sample();

        ProviderTraffic.Reading reading = traffic.of("traffic-test");

        assertThat(reading.window()).isEqualTo(Duration.ofMinutes(6));
        assertThat(reading.sentPerMinute()).isEqualTo(5 / 6.0);
        assertThat(reading.confirmedPerMinute()).isEqualTo(6 / 6.0);
        assertThat(reading.calls()).isEqualTo(6);
        assertThat(reading.errorRate()).isEqualTo(2 / 6.0);

        clock.advance(Duration.ofMinutes(6));
        assertThat(traffic.of("traffic-test").calls()).as("nothing happened in the last minutes").isZero();
    }

    private void count(String operation, String outcome, int times) {
        Counter.builder("gateway.payouts").tag("provider", "traffic-test").tag("operation", operation)
                .tag("outcome", outcome).register(meters).increment(times);
    }

    @Test
    void theLedgerIsSearchedByListBeneficiaryStateAndTimeAndExported() {
        String programme = ListFile.uniqueProgramme();
        String prefix = "L" + System.nanoTime();
        long listId = api.upload("maker", ListFile.of().beneficiaries(prefix, 3), ListFile.fields(programme)).id();
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/approve").status()).isEqualTo(200);
        long entries = jdbc.queryForObject("SELECT count(*) FROM ledger_entry WHERE list_id = :id", Map.of("id", listId), Long.class);
        ConsoleSession auditor = ConsoleSession.signedIn(port, "auditor");

        String byList = auditor.get("/audit?list=" + listId).body();
        assertThat(rows(byList)).isEqualTo(entries);
        assertThat(byList).contains("LIST_APPROVED", "BENEFICIARY_PLANNED", "BDT 7,500.00");
        assertThat(rows(auditor.get("/audit?programme=" + programme.toLowerCase()).body())).isEqualTo(entries);
        String byBeneficiary = auditor.get("/audit?programme=" + programme + "&beneficiary=" + prefix + "-0002").body();
        assertThat(rows(byBeneficiary)).isEqualTo(1);
        assertThat(byBeneficiary).contains("BENEFICIARY_PLANNED", prefix + "-0002");
        String approved = auditor.get("/audit?list=" + listId + "&state=APPROVED").body();
        assertThat(rows(approved)).isEqualTo(1);
        assertThat(approved).contains("LIST_APPROVED");
        assertThat(rows(auditor.get("/audit?list=" + listId + "&from=2099-01-01T00:00").body())).isZero();
        assertThat(rows(auditor.get("/audit?list=" + listId + "&to=2000-01-01T00:00").body())).isZero();
        assertThat(auditor.get("/audit?list=twelve&from=yesterday").body())
                .contains("List must be a list number", "From must be a date and time");

        String csv = auditor.get("/audit/ledger.csv?list=" + listId).body();
        assertThat(csv.lines().count()).isEqualTo(entries + 1);
        assertThat(csv).startsWith("\uFEFFid,occurred_at,actor,action,list_id,programme").contains("LIST_APPROVED");
        assertThat(csv.lines().findFirst().orElseThrow()).as("the API export's columns")
                .endsWith("beneficiary_name,channel,amount,amount_minor,currency,from_state,to_state,reference,detail,prev_hash,hash");
    }

    @Test
    void theProviderFilterFindsThePausesOfThatProvider() {
        ConsoleSession ops = ConsoleSession.signedIn(port, "ops");
        ops.get("/ops");
        ops.post("/ops/providers/nagad/pause", Map.of("reason", "console filter test"));
        ops.post("/ops/providers/nagad/resume", Map.of());
        ConsoleSession auditor = ConsoleSession.signedIn(port, "auditor");

        String nagad = auditor.get("/audit?provider=nagad&state=PAUSED").body();

        assertThat(nagad).contains("PROVIDER_PAUSED", "nagad: console filter test");
        assertThat(auditor.get("/audit?provider=bkash&state=PAUSED").body()).doesNotContain("console filter test");
        assertThat(auditor.get("/audit?provider=nobody").body()).contains("There is no provider called nobody.");
        // the API's filter means the same
        assertThat(api.get("auditor", "/api/ledger?provider=nagad&state=PAUSED&limit=1000").body().get("entries"))
                .anySatisfy(e -> assertThat(e.get("detail").asString()).isEqualTo("nagad: console filter test"));
        assertThat(api.get("auditor", "/api/ledger?provider=bkash&state=PAUSED&limit=1000").body().get("entries"))
                .noneSatisfy(e -> assertThat(e.get("detail").asString()).isEqualTo("nagad: console filter test"));
    }

    @Test
    void aBeneficiaryTrailShowsEveryListInstallmentAndEntry() {
        String programme = ListFile.uniqueProgramme();
        String id = "TR" + System.nanoTime();
        long listId = api.upload("maker", ListFile.of().row(id + ",রহিমা খাতুন," + ListFile.freshNationalId() + ",BKASH,"
                + ListFile.freshWallet() + ",7500,3,Batiaghata Union,widow"), ListFile.fields(programme)).id();
        api.post("checker", "/api/payment-lists/" + listId + "/approve");
        ConsoleSession auditor = ConsoleSession.signedIn(port, "auditor");

        String trail = auditor.get("/audit/trail?beneficiary=" + id).body();

        assertThat(trail).contains("<th scope=\"row\" class=\"name\" lang=\"bn\">রহিমা খাতুন</th>", "BDT 7,500.00",
                "BDT 2,500.00", "PLANNED", "BENEFICIARY_PLANNED", "#" + listId + " " + programme);
        assertThat(trail).doesNotContain(jdbc.queryForObject("SELECT wallet_number FROM beneficiary WHERE beneficiary_id = :id",
                Map.of("id", id), String.class));
        String csv = auditor.get("/audit/trail.csv?beneficiary=" + id).body();
        assertThat(csv).contains("BENEFICIARY_PLANNED", id);
        assertThat(auditor.get("/audit/trail?beneficiary=nobody-" + id).body()).contains("No list names a beneficiary");

        String latin = "TL" + System.nanoTime();
        api.upload("maker", ListFile.of().row(latin + ",Anwara Begum,,CASH,,7500,3,KCC Ward 2,widow"),
                ListFile.fields(ListFile.uniqueProgramme()));
        assertThat(auditor.get("/audit/trail?beneficiary=" + latin).body())
                .contains("<th scope=\"row\" class=\"name\">Anwara Begum</th>");
    }

    @Test
    void timesAreShownInTheZoneTheBrowserGaveOrElseTheProgrammes() {
        long listId = api.upload("maker", ListFile.of().beneficiaries("Z" + System.nanoTime(), 1),
                ListFile.fields(ListFile.uniqueProgramme())).id();

        String kolkata = ConsoleSession.signedIn(port, "auditor", "Asia/Kolkata").get("/lists/" + listId).body();
        assertThat(kolkata).contains("<strong>Asia/Kolkata</strong>").containsPattern("datetime=\"[^\"]+\\+05:30\"");

        String unknown = ConsoleSession.signedIn(port, "auditor", "Mars/Olympus_Mons").get("/lists/" + listId).body();
        assertThat(unknown).contains("<strong>Asia/Dhaka</strong>").containsPattern("datetime=\"[^\"]+\\+06:00\"");
    }

    private static long rows(String page) {
        Matcher row = ENTRY_ROW.matcher(page);
        long n = 0;
        while (row.find()) {
            n++;
        }
        return n;
    }
}
