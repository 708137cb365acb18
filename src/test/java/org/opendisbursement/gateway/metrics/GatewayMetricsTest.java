package org.opendisbursement.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.opendisbursement.gateway.support.DispatchRunning.await;
import static org.opendisbursement.gateway.support.DispatchRunning.count;

import tools.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.dispatch.ProviderGate;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.DispatchRunning;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * What ops sees: Prometheus metrics of a list's payouts by provider and outcome, the business gauges, every metric the
 * Grafana dashboard and the alert rules read, and the per-provider health.
 */
@GatewayTest
class GatewayMetricsTest {

    /** Series Prometheus makes itself when it scrapes; the gateway cannot export them. */
    private static final Set<String> MADE_BY_PROMETHEUS = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The tiny list every test here reads metrics of, paid once for the class. */
    private static String programme;

    /** The metrics just before and just after the tiny list was paid (counters are shared by every test of the run). */
    private static List<Sample> beforePaying;
    private static List<Sample> afterPaying;

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    BusinessMeters businessMeters;

    @Autowired
    ProviderGate gate;

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private synchronized void payTinyList() throws Exception {
        if (programme != null) {
            return;
        }
        Api api = new Api(port);
        List<Sample> before = scrape();
        String code = ListFile.uniqueProgramme();
        Api.Response uploaded = api.upload("maker", ListFile.of()
                .row("MET-1,রহিমা খাতুন,,BKASH," + ListFile.freshWallet() + ",100,1,,")
                .row("MET-2,Anwara Begum,,BKASH,01900002045,100,1,,")
                .row("MET-3,মালতী দাস,,NAGAD," + ListFile.freshWallet() + ",100.50,1,,"), ListFile.fields(code));
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        long listId = uploaded.id();
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/approve").status()).isEqualTo(200);
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/installments/1/release").status()).isEqualTo(200);
        try (DispatchRunning running = DispatchRunning.start(camel)) {
            await("two confirmed, one failed", Duration.ofSeconds(30),
                    () -> count(jdbc, listId, "CONFIRMED") == 2 && count(jdbc, listId, "FAILED") == 1);
        }
        afterPaying = scrape();
        beforePaying = before;
        programme = code;
    }

    private List<Sample> scrape() {
        businessMeters.refresh();
        Api.Response response = new Api(port).get("ops", "/actuator/prometheus");
        assertThat(response.status()).isEqualTo(200);
        List<Sample> samples = new ArrayList<>();
        for (String line : response.text().split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.find()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
        }
        return samples;
    }

    private static double value(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    /** How much a series grew while the tiny list was paid. */
    private static double paid(String name, Map<String, String> labels) {
        return value(afterPaying, name, labels) - value(beforePaying, name, labels);
    }

    @Test
    void aListsPayoutsShowInPrometheusByProviderAndOutcome() throws Exception {
        payTinyList();
        List<Sample> samples = afterPaying;

        assertThat(paid("gateway_payouts_total", Map.of("provider", "bkash", "operation", "send", "outcome", "confirmed")))
                .as("MET-1 paid").isEqualTo(1);
        assertThat(paid("gateway_payouts_total", Map.of("provider", "bkash", "operation", "send", "outcome", "rejected")))
                .as("MET-2's wallet does not exist (2045)").isEqualTo(1);
        assertThat(paid("gateway_payouts_total", Map.of("provider", "nagad", "operation", "send", "outcome", "confirmed")))
                .as("MET-3 paid").isEqualTo(1);
        assertThat(paid("gateway_payouts_total", Map.of("provider", "nagad", "operation", "send", "outcome", "rejected")))
                .as("nothing counted under the wrong provider or outcome").isZero();
        assertThat(paid("gateway_provider_latency_seconds_count", Map.of("provider", "nagad", "operation", "send")))
                .as("one send to Nagad timed").isEqualTo(1);
        assertThat(value(samples, "gateway_programme_disbursed_amount", Map.of("programme", programme, "currency", "BDT")))
                .as("this programme's confirmed money, in taka").isEqualTo(200.50);
        assertThat(paid("gateway_installments", Map.of("provider", "bkash", "state", "FAILED"))).isEqualTo(1);
        assertThat(paid("gateway_installments", Map.of("provider", "bkash", "state", "CONFIRMED"))).isEqualTo(1);
        assertThat(paid("gateway_installments", Map.of("provider", "nagad", "state", "CONFIRMED"))).isEqualTo(1);
        assertThat(paid("gateway_disbursed_amount", Map.of("provider", "nagad", "currency", "BDT"))).isCloseTo(100.50, within(1e-6));
        assertThat(paid("gateway_lists", Map.of("status", "APPROVED"))).as("the tiny list approved").isEqualTo(1);
        assertThat(paid("gateway_lists", Map.of("status", "PENDING_APPROVAL"))).as("uploaded, then approved").isZero();
        assertThat(samples).as("no tag carries a reference, wallet or list id")
                .allSatisfy(s -> assertThat(s.labels().keySet()).doesNotContain("reference", "wallet", "list", "listId", "list_id"));
    }

    @Test
    void everyMetricTheDashboardAndTheAlertRulesReadIsExported() throws Exception {
        payTinyList();
        Set<String> used = new TreeSet<>();
        MonitoringQueries.dashboardExpressions().forEach(e -> used.addAll(MonitoringQueries.metricNames(e)));
        int fromDashboard = used.size();
        MonitoringQueries.alertExpressions().forEach(e -> used.addAll(MonitoringQueries.metricNames(e)));
        assertThat(fromDashboard).as("the dashboard's queries were found").isGreaterThanOrEqualTo(10);
        assertThat(used).contains("gateway_payouts_total", "gateway_provider_latency_seconds_bucket",
                "gateway_provider_breaker_state", "gateway_installments_retry_backlog", "gateway_programme_disbursed_amount",
                "camel_exchanges_total", "up");

        Set<String> exported = new TreeSet<>();
        scrape().forEach(s -> exported.add(s.name()));
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(exported);
        missing.removeAll(MADE_BY_PROMETHEUS);
        assertThat(missing).as("metrics the dashboard or the alert rules read but /actuator/prometheus does not export").isEmpty();
    }

    @Test
    void aPausedProviderIsOutOfServiceInHealthAndOnlyOpsSeesTheDetails() {
        Api api = new Api(port);
        try {
            assertThat(api.post("ops", "/api/providers/mpesa/pause").status()).isEqualTo(200);
            JsonNode mpesa = api.get("ops", "/actuator/health").body().at("/components/providers/components/mpesa");
            assertThat(mpesa.get("status").asString()).isEqualTo("OUT_OF_SERVICE");
            assertThat(mpesa.at("/details/paused").asBoolean()).isTrue();
            assertThat(mpesa.at("/details/breaker").asString()).isEqualTo(gate.breaker("mpesa").name());

            JsonNode anonymous = api.get(null, "/actuator/health").body().at("/components/providers/components/mpesa");
            assertThat(anonymous.get("status").asString()).isEqualTo("OUT_OF_SERVICE");
            assertThat(anonymous.has("details")).as("details only for OPS").isFalse();
            assertThat(api.get(null, "/actuator/health/liveness").status()).as("a provider never fails liveness").isEqualTo(200);
        } finally {
            api.post("ops", "/api/providers/mpesa/resume");
        }
        JsonNode db = api.get("ops", "/actuator/health").body().at("/components/db");
        assertThat(db.get("status").asString()).isEqualTo("UP");
        assertThat(api.get("ops", "/actuator/health").body().at("/components/providers/components/mpesa/status").asString())
                .isIn("UP", "DOWN");
    }

    @Test
    void aProviderIsDownInHealthWhileItsCircuitBreakerIsOpen() throws Exception {
        Api api = new Api(port);
        Map<String, String> fields = new HashMap<>(ListFile.fields(ListFile.uniqueProgramme()));
        fields.put("currency", "EUR");
        // one beneficiary whose every MTN payout gets 503: four installments, three attempts each
        Api.Response uploaded = api.upload("maker", ListFile.of().row("BRK-1,Grace Achieng,,MTN,+46733123503,40,4,,"), fields);
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        long listId = uploaded.id();
        assertThat(api.post("checker", "/api/payment-lists/" + listId + "/approve").status()).isEqualTo(200);
        for (int n = 1; n <= 4; n++) {
            assertThat(api.post("checker", "/api/payment-lists/" + listId + "/installments/" + n + "/release").status()).isEqualTo(200);
        }
        List<String> seen = new ArrayList<>();
        try (DispatchRunning running = DispatchRunning.start(camel)) {
            await("MTN down in health", Duration.ofSeconds(30), () -> {
                JsonNode mtn = api.get("ops", "/actuator/health").body().at("/components/providers/components/mtn");
                seen.add(mtn.get("status").asString());
                return "DOWN".equals(mtn.get("status").asString()) && "OPEN".equals(mtn.at("/details/breaker").asString());
            });
            await("the list's payouts given up", Duration.ofSeconds(60), () -> jdbc.queryForObject("""
                    SELECT count(*) FROM installment WHERE list_id = :id AND state IN ('READY', 'SUBMITTED', 'UNKNOWN', 'PENDING')""",
                    Map.of("id", listId), Long.class) == 0);
        }
        await("MTN up again once its breaker lets calls through", Duration.ofSeconds(15), () -> "UP".equals(
                api.get("ops", "/actuator/health").body().at("/components/providers/components/mtn/status").asString()));
        assertThat(seen).contains("DOWN");
    }
}
