package org.opendisbursement.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.opendisbursement.gateway.support.DispatchRunning;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The console in a real browser (Debian's headless Chromium), as its users walk it: a finance maker uploads a list
 * with errors and reads them, fixes the file and uploads it again; a checker approves it and releases installment 1,
 * which the mock bKash confirms; an auditor finds one beneficiary's trail and verifies the ledger. A screenshot of
 * every step goes to {@code target/screenshots}. Without Chromium the test is skipped, unless
 * {@code REQUIRE_BROWSER_TESTS} is set (CI sets it), when it fails.
 */
@GatewayTest
class ConsoleBrowserTest {

    private static final String[] NAMES = {"রহিমা খাতুন", "ফাতেমা বেগম", "Anwara Begum", "মালতী দাস", "শিরিন আক্তার"};

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    Path files;
    List<Browser> browsers = new ArrayList<>();

    @BeforeEach
    void needsChromium() throws IOException {
        if (!Browser.installed()) {
            boolean required = System.getenv("REQUIRE_BROWSER_TESTS") != null;
            if (required) {
                throw new AssertionError("Chromium and chromedriver are required: apt-get install chromium chromium-driver");
            }
            Assumptions.abort("no " + Browser.CHROMIUM + " or " + Browser.CHROMEDRIVER + ": browser test skipped");
        }
        files = Files.createTempDirectory("console-lists-");
    }

    @AfterEach
    void closeBrowsers() throws IOException {
        browsers.forEach(Browser::close);
        if (files != null) {
            try (var written = Files.list(files)) {
                for (Path file : written.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(files);
        }
    }

    private Browser browser(String timeZone) throws IOException {
        Browser browser = Browser.open(port, timeZone);
        browsers.add(browser);
        return browser;
    }

    private Path file(String name, String text) throws IOException {
        Path file = files.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static void accessible(Browser browser) {
        assertThat(browser.accessibilityProblems()).as("unlabelled controls or unscoped headers on " + browser.path()).isEmpty();
        assertThat(browser.script("return document.documentElement.lang")).isEqualTo("en");
    }

    /**
     * Each page on a 390-px phone: the document never scrolls sideways (scrollWidth within the viewport); wide
     * tables scroll in their own box. Back to the laptop's width afterwards.
     */
    private static void fitsAPhone(Browser browser, String shot, String... paths) throws IOException {
        browser.phone();
        try {
            for (int i = 0; i < paths.length; i++) {
                browser.go(paths[i]);
                browser.screenshot(shot + "-" + (i + 1) + "-phone");
                assertThat(browser.sidewaysScroll()).as("%s scrolls sideways at 390 px; too wide: %s", paths[i],
                        browser.widerThanWindow()).isZero();
            }
        } finally {
            browser.desktop();
        }
    }

    private void upload(Browser browser, String programme, Path csv) {
        browser.go("/lists/upload");
        accessible(browser);
        browser.type("#programme", programme);
        browser.type("#approvalReference", "MJF/EPR/2020/07");
        browser.find("#file").sendKeys(csv.toAbsolutePath().toString());
        assertThat(browser.find("#chosen").getText()).isEqualTo("Chosen: " + csv.getFileName());
    }

    @Test
    void aListGoesFromUploadWithErrorsToInstallmentOneConfirmedAndAnAuditorFindsTheTrail() throws Exception {
        String unique = ListFile.uniqueProgramme();
        String programme = "EPR-KHULNA-" + unique;
        String prefix = "K" + unique.replace("-", "") + "-";
        List<String> wallets = List.of(ListFile.freshWallet(), ListFile.freshWallet(), ListFile.freshWallet(),
                ListFile.freshWallet(), ListFile.freshWallet());
        String header = ListFile.HEADER + "\r\n";
        String withErrors = header
                + prefix + "1," + NAMES[0] + ",,BKASH," + wallets.get(0) + ",7500,3,Batiaghata Union,widow\r\n"
                + prefix + "2," + NAMES[1] + ",,BKASH,12345,7500,3,Batiaghata Union,widow\r\n"
                + prefix + "3," + NAMES[2] + ",,BKASH," + wallets.get(2) + ",\"7,500\",3,Batiaghata Union,disabled\r\n"
                + prefix + "4," + NAMES[3] + ",,BIKASH," + wallets.get(3) + ",7500,3,Batiaghata Union,dalit\r\n"
                + prefix + "5," + NAMES[4] + ",,BKASH," + wallets.get(4) + ",7500,3,Batiaghata Union,widow\r\n";
        StringBuilder fixed = new StringBuilder(header);
        for (int i = 0; i < 5; i++) {
            fixed.append(prefix).append(i + 1).append(',').append(NAMES[i]).append(",,BKASH,").append(wallets.get(i))
                    .append(",7500,3,Batiaghata Union,widow\r\n");
        }

        // 1. a finance maker signs in and uploads a list with three errors
        Browser maker = browser("Asia/Dhaka");
        maker.go("/lists");
        assertThat(maker.path()).isEqualTo("/login");
        accessible(maker);
        maker.screenshot("01-sign-in");
        maker.signIn("maker");
        assertThat(maker.path()).startsWith("/lists");
        upload(maker, programme, file("khulna-with-errors.csv", withErrors));
        maker.screenshot("02-upload-form");
        maker.clickAndWait("#upload");

        // 2. she reads the report: row, column, rule, value, the wallet number masked
        assertThat(maker.find(".problem").getText()).contains("was not accepted: 3 errors");
        long rejectedId = Long.parseLong(maker.path().replace("/lists/", ""));
        List<WebElement> rows = maker.all("table.report tbody tr");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).getText()).contains("3", "wallet_number", "*");
        assertThat(rows.get(0).getText()).doesNotContain("12345");
        assertThat(rows.get(1).getText()).contains("4", "amount", "7,500");
        assertThat(rows.get(2).getText()).contains("5", "channel", "one-of", "BIKASH");
        accessible(maker);
        maker.screenshot("03-validation-report");
        String reportCsv = download(maker, maker.find("#report-csv").getAttribute("href"));
        assertThat(reportCsv).startsWith("\uFEFFrow,column,rule,message,value").contains("4,amount,").contains("5,channel,one-of");

        // 3. she fixes the file and uploads it again: accepted, waiting for a checker; no approve button for her
        upload(maker, programme, file("khulna-fixed.csv", fixed.toString()));
        maker.clickAndWait("#upload");
        assertThat(maker.find(".notice").getText()).contains("uploaded with 5 beneficiaries");
        long listId = Long.parseLong(maker.path().replace("/lists/", ""));
        assertThat(listId).isNotEqualTo(rejectedId);
        assertThat(maker.text()).contains("pending approval", "BDT 37,500.00", "Waiting for a finance checker");
        assertThat(maker.all("#approve")).isEmpty();
        maker.screenshot("04-uploaded-waiting-for-approval");
        fitsAPhone(maker, "04b-maker", "/", "/lists", "/lists/upload", "/lists/" + rejectedId, "/lists/" + listId);
        maker.signOut();
        fitsAPhone(maker, "04c-signed-out", "/login");

        // 4. a checker approves it and releases installment 1; the mock bKash confirms every payment
        Browser checker = maker;
        checker.signIn("checker");
        checker.go("/lists/" + listId);
        accessible(checker);
        checker.clickConfirmAndWait("#approve");
        assertThat(checker.find(".notice").getText()).contains("approved: 15 installments planned");
        assertThat(checker.find("#installment-1 td.planned").getText()).isEqualTo("5");
        checker.screenshot("05-approved");
        try (DispatchRunning dispatch = DispatchRunning.start(camel)) {
            checker.clickConfirmAndWait("#release-1");
            assertThat(checker.find(".notice").getText()).contains("Installment 1 released: 5 payments");
            DispatchRunning.await("installment 1 confirmed", Duration.ofSeconds(60), () -> confirmed(listId, 1) == 5);
        }
        checker.go("/lists/" + listId);
        assertThat(checker.find("#installment-1 td.confirmed").getText()).isEqualTo("5");
        assertThat(checker.find("#installment-1 td.money").getText()).contains("BDT 12,500.00");
        assertThat(checker.find("#installment-2 td.planned").getText()).isEqualTo("5");
        assertThat(checker.find("#release-2").isDisplayed()).isTrue();
        checker.screenshot("06-installment-1-confirmed");

        checker.go("/lists?programme=" + programme);
        assertThat(checker.text()).contains("#" + listId + " " + programme, "#" + rejectedId + " " + programme,
                "5 confirmed", "5 planned");
        accessible(checker);
        Files.copy(checker.screenshot("07-lists-page"), Browser.SCREENSHOTS.resolve("lists-page.png"),
                StandardCopyOption.REPLACE_EXISTING);

        // the same pages on a phone: nothing wider than the screen but the tables' own scroll boxes
        fitsAPhone(checker, "08-checker", "/lists?programme=" + programme, "/lists/" + listId, "/lists", "/ops");
        checker.signOut();

        // ops watch the providers: bKash up, with the payments it just confirmed in its traffic
        Browser ops = checker;
        ops.signIn("ops");
        assertThat(ops.path()).isEqualTo("/ops");
        assertThat(ops.find("#provider-bkash .badge").getText()).isEqualTo("up");
        assertThat(ops.find("#pause-bkash").isDisplayed()).isTrue();
        accessible(ops);
        ops.screenshot("10-providers");
        fitsAPhone(ops, "10b-ops", "/ops", "/");
        ops.signOut();

        // 5. an auditor, on a laptop set to another time zone, searches the ledger and opens one beneficiary's trail
        Browser auditor = browser("Africa/Nairobi");
        auditor.signIn("auditor");
        assertThat(auditor.path()).startsWith("/audit");
        accessible(auditor);
        auditor.type("#beneficiary", prefix + "4");
        auditor.clickAndWait("#search");
        assertThat(auditor.text()).contains("PAYOUT_CONFIRMED", "INSTALLMENT_RELEASED", "BDT 2,500.00");
        assertThat(auditor.find("footer").getText()).contains("Africa/Nairobi");
        assertThat(auditor.all("table.ledger time").get(0).getAttribute("datetime")).endsWith("+03:00");
        auditor.screenshot("11-ledger-search");
        auditor.clickAndWait("table.ledger tbody tr td a[href*='/audit/trail']");
        WebElement name = auditor.find("th.name");
        assertThat(name.getText()).isEqualTo(NAMES[3]);
        assertThat(name.getAttribute("lang")).isEqualTo("bn");
        assertThat(auditor.text()).contains("CONFIRMED", "BDT 7,500.00", "PAYOUT_CONFIRMED");
        accessible(auditor);
        auditor.screenshot("12-beneficiary-trail");
        String trailCsv = download(auditor, auditor.find("#trail-csv").getAttribute("href"));
        assertThat(trailCsv).contains("PAYOUT_CONFIRMED").contains(prefix + "4");
        String trail = auditor.path();

        // 6. she verifies the ledger's hash chains from the ledger page: nothing was changed
        auditor.go("/audit");
        auditor.clickAndWait("#verify");
        assertThat(auditor.path()).isEqualTo("/audit/verify");
        assertThat(auditor.find("#verdict").getText()).contains("Intact", "The whole ledger is intact");
        assertThat(Long.parseLong(auditor.find("#sealed-entries").getText().replace(",", ""))).isPositive();
        assertThat(auditor.all("#first-problem")).isEmpty();
        accessible(auditor);
        auditor.screenshot("14-ledger-verified");
        fitsAPhone(auditor, "15-auditor", trail, "/audit?beneficiary=" + prefix + "4", "/audit", "/audit/verify",
                "/lists", "/lists/" + listId, "/ops");
    }

    private long confirmed(long listId, int number) {
        return jdbc.queryForObject("SELECT count(*) FROM installment WHERE list_id = :id AND number = :n AND state = 'CONFIRMED'",
                Map.of("id", listId, "n", number), Long.class);
    }

    /** Fetches a link the way the browser's download would, with the browser's session. */
    private static String download(Browser browser, String href) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href))
                .header("Cookie", "JSESSIONID=" + browser.cookie("JSESSIONID")).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        return response.body();
    }
}
