package org.opendisbursement.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The second door: a list and its sidecar dropped into the inbox take the same intake route as an upload. */
@GatewayTest
class InboxIntakeRouteTest {

    @Autowired
    CamelContext camel;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Value("${disbursement.intake.inbox}")
    Path inbox;

    private JsonNode drop(String name, ListFile file, String sidecar) throws IOException {
        Files.createDirectories(inbox);
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("intake.inbox").whenDone(1).create();
        Files.write(inbox.resolve(name + ".csv"), file.bytes());
        Files.writeString(inbox.resolve(name + ".properties"), sidecar);
        assertThat(done.matches(20, TimeUnit.SECONDS)).as("inbox route processed " + name).isTrue();
        Path report = findReport(name);
        return new JsonMapper().readTree(report.toFile());
    }

    private Path findReport(String name) {
        for (String folder : new String[] {"done", "failed"}) {
            Path report = inbox.resolve(folder).resolve(name + ".report.json");
            if (Files.exists(report)) {
                return report;
            }
        }
        throw new AssertionError("no report for " + name);
    }

    @Test
    void acceptsAListWithItsSidecarAndFilesItUnderDone() throws IOException {
        String programme = ListFile.uniqueProgramme();
        String name = "ward-5-" + System.nanoTime();
        JsonNode report = drop(name, ListFile.of().beneficiaries("IN", 7), """
                programme=%s
                firstDueDate=2026-12-01
                interval=P1M
                approvalReference=MJF/EPR/2020/07
                uploadedBy=maker
                """.formatted(programme));

        assertThat(inbox.resolve("done").resolve(name + ".csv")).exists();
        assertThat(inbox.resolve("done").resolve(name + ".properties")).exists();
        assertThat(inbox.resolve(name + ".csv")).doesNotExist();
        assertThat(report.get("result").asString()).isEqualTo("accepted");
        Map<String, Object> list = jdbc.queryForMap("SELECT status, source, uploaded_by, row_count FROM payment_list WHERE programme = :p",
                Map.of("p", programme));
        assertThat(list).containsEntry("status", "PENDING_APPROVAL").containsEntry("source", "INBOX")
                .containsEntry("uploaded_by", "maker").containsEntry("row_count", 7);
    }

    @Test
    void filesARejectedListUnderFailedWithItsReport() throws IOException {
        String name = "bad-" + System.nanoTime();
        JsonNode report = drop(name, ListFile.of().row("X-1,A,,BKASH,01112345678,7500,3,,"), """
                programme=%s
                firstDueDate=2026-12-01
                interval=P1M
                uploadedBy=maker
                """.formatted(ListFile.uniqueProgramme()));

        assertThat(inbox.resolve("failed").resolve(name + ".csv")).exists();
        assertThat(report.toString()).contains("wallet_number").contains("prefix").doesNotContain("01112345678");
    }

    @Test
    void refusesASidecarWhoseUploaderIsNotAFinanceMaker() throws IOException {
        String programme = ListFile.uniqueProgramme();
        String name = "who-" + System.nanoTime();
        JsonNode report = drop(name, ListFile.of().beneficiaries("WHO", 2), """
                programme=%s
                firstDueDate=2026-12-01
                interval=P1M
                uploadedBy=auditor
                """.formatted(programme));

        assertThat(inbox.resolve("failed").resolve(name + ".csv")).exists();
        assertThat(report.toString()).contains("uploadedBy");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM payment_list WHERE programme = :p", Map.of("p", programme), Long.class)).isZero();
    }
}
