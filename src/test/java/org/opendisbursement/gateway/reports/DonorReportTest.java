package org.opendisbursement.gateway.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opendisbursement.gateway.support.DispatchRunning.await;
import static org.opendisbursement.gateway.support.DispatchRunning.count;

import tools.jackson.databind.JsonNode;
import java.io.StringReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.DispatchRunning;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Donor reports of a programme and a list after the first installment went out: two wallets paid, one refused, one
 * cash beneficiary still waiting; as JSON, CSV and HTML.
 */
@GatewayTest
class DonorReportTest {

    private static String programme;
    private static long listId;

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    private synchronized void firstInstallmentPaid() throws Exception {
        if (programme != null) {
            return;
        }
        Api api = new Api(port);
        String code = ListFile.uniqueProgramme();
        ListFile file = ListFile.of()
                .row("D-1,রহিমা খাতুন,,BKASH," + ListFile.freshWallet() + ",300,3,খুলনা সদর,widow")
                .row("D-2,Anwara Begum,,NAGAD," + ListFile.freshWallet() + ",150,3,Batiaghata,<b>dalit</b> & disabled")
                .row("D-3,মালতী দাস,,BKASH,01900002045,90,3,খুলনা সদর,widow")
                .row("D-4,Shirin Akter,,CASH,,6000,3,KCC Ward 5,");
        Api.Response uploaded = api.upload("maker", file, ListFile.fields(code));
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        long id = uploaded.id();
        assertThat(api.post("checker", "/api/payment-lists/" + id + "/approve").status()).isEqualTo(200);
        assertThat(api.post("checker", "/api/payment-lists/" + id + "/installments/1/release").status()).isEqualTo(200);
        try (DispatchRunning running = DispatchRunning.start(camel)) {
            await("wallet payouts final", Duration.ofSeconds(30),
                    () -> count(jdbc, id, "CONFIRMED") == 2 && count(jdbc, id, "FAILED") == 1);
        }
        listId = id;
        programme = code;
    }

    private static JsonNode row(JsonNode report, String dimension, String value) {
        for (JsonNode row : report.get("rows")) {
            if (row.get("dimension").asString().equals(dimension)
                    && (value == null ? !row.hasNonNull("value") : value.equals(row.path("value").asString()))) {
                return row;
            }
        }
        throw new AssertionError("no " + dimension + " row " + value + " in " + report);
    }

    @Test
    void aProgrammeReportCountsPeopleAndMoneyPlannedPaidPendingAndFailedByEveryBreakdown() throws Exception {
        firstInstallmentPaid();

        Api.Response response = new Api(port).get("auditor", "/api/reports/programmes/" + programme);

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        JsonNode report = response.body();
        assertThat(report.get("lists")).hasSize(1);
        JsonNode total = row(report, "TOTAL", null);
        assertThat(total.get("beneficiaries").asLong()).isEqualTo(4);
        assertThat(total.get("beneficiariesPaid").asLong()).isEqualTo(2);
        assertThat(total.get("installments").asLong()).isEqualTo(12);
        assertThat(total.at("/planned/display").asString()).isEqualTo("BDT 6,540.00");
        assertThat(total.at("/paid/display").asString()).as("100 + 50").isEqualTo("BDT 150.00");
        assertThat(total.at("/failed/display").asString()).isEqualTo("BDT 30.00");
        assertThat(total.at("/pending/minor").asLong()).isEqualTo(636_000);
        JsonNode bkash = row(report, "CHANNEL", "BKASH");
        assertThat(bkash.get("beneficiaries").asLong()).isEqualTo(2);
        assertThat(bkash.at("/planned/minor").asLong()).isEqualTo(39_000);
        assertThat(bkash.at("/paid/minor").asLong()).isEqualTo(10_000);
        assertThat(row(report, "CHANNEL", "CASH").at("/pending/display").asString()).isEqualTo("BDT 6,000.00");
        JsonNode khulna = row(report, "LOCATION", "খুলনা সদর");
        assertThat(khulna.get("beneficiaries").asLong()).isEqualTo(2);
        assertThat(khulna.at("/failed/minor").asLong()).isEqualTo(3_000);
        assertThat(row(report, "CATEGORY", "widow").at("/planned/minor").asLong()).isEqualTo(39_000);
        assertThat(row(report, "CATEGORY", null).at("/planned/minor").asLong()).as("no category given").isEqualTo(600_000);
        assertThat(row(report, "LIST", String.valueOf(listId)).at("/paid/minor").asLong()).isEqualTo(15_000);
    }

    @Test
    void theCsvIsOneTableASpreadsheetCanSumWithBengaliIntact() throws Exception {
        firstInstallmentPaid();

        Api.Response response = new Api(port).get("checker", "/api/reports/programmes/" + programme + ".csv");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).startsWith("\uFEFFprogramme,list_id,breakdown,value,currency,beneficiaries");
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(response.text().substring(1))).getRecords();
        Map<String, CSVRecord> byValue = new HashMap<>();
        records.forEach(r -> byValue.put(r.get("breakdown") + "/" + r.get("value"), r));
        assertThat(byValue.get("total/").get("planned")).isEqualTo("6540.00");
        assertThat(byValue.get("total/").get("paid_percent")).isEqualTo("2.2");
        assertThat(byValue.get("location/খুলনা সদর").get("failed")).isEqualTo("30.00");
        assertThat(byValue.get("category/<b>dalit</b> & disabled").get("paid")).isEqualTo("50.00");
        assertThat(byValue.get("channel/NAGAD").get("currency")).isEqualTo("BDT");
    }

    @Test
    void theHtmlPageShowsAmountsWithSeparatorsAndEscapesWhatTheListSaid() throws Exception {
        firstInstallmentPaid();

        Api.Response response = new Api(port).get("ops", "/api/reports/lists/" + listId + ".html");

        assertThat(response.status()).isEqualTo(200);
        String html = response.text();
        assertThat(html).contains("<meta charset=\"utf-8\">", "List " + listId + " of programme " + programme)
                .contains("BDT 6,540.00", "BDT 6,000.00", "খুলনা সদর", "&lt;b&gt;dalit&lt;/b&gt; &amp; disabled")
                .doesNotContain("<b>dalit</b>");
        assertThat(new Api(port).get("auditor", "/api/reports/programmes/" + programme + ".html").text())
                .contains("Programme " + programme, "By list", "By location");
    }

    @Test
    void reportsAreForFinanceAuditorsAndOpsOnly() throws Exception {
        firstInstallmentPaid();
        Api api = new Api(port);

        assertThat(api.get("agent", "/api/reports/programmes/" + programme).status()).isEqualTo(403);
        assertThat(api.get(null, "/api/reports/lists/" + listId + ".csv").status()).isEqualTo(401);
        assertThat(api.get("maker", "/api/reports/lists/" + listId + ".csv").status()).isEqualTo(200);
        assertThat(api.get("maker", "/api/reports/programmes/NO-SUCH-PROGRAMME").status()).isEqualTo(404);
        assertThat(api.get("maker", "/api/reports/lists/987654321.html").status()).isEqualTo(404);
    }
}
