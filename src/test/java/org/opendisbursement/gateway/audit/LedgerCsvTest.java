package org.opendisbursement.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.money.Amount;

class LedgerCsvTest {

    @Test
    void cellsThatASpreadsheetWouldRunAsAFormulaGetALeadingQuote() {
        assertThat(LedgerCsv.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(LedgerCsv.cell("+8801712345678")).isEqualTo("'+8801712345678");
        assertThat(LedgerCsv.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(LedgerCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(LedgerCsv.cell("\t=1")).isEqualTo("'\t=1");
        assertThat(LedgerCsv.cell("\r=1")).isEqualTo("\"'\r=1\"");
    }

    @Test
    void theSafeRuleTheOtherDownloadsShareOnlyDefusesAndLeavesQuotingToTheirWriter() {
        assertThat(LedgerCsv.safe("=SUM(A1), 2")).isEqualTo("'=SUM(A1), 2");
        assertThat(LedgerCsv.safe("-7500")).isEqualTo("'-7500");
        assertThat(LedgerCsv.safe("Batiaghata, Khulna")).isEqualTo("Batiaghata, Khulna");
        assertThat(LedgerCsv.safe("")).isEmpty();
        assertThat(LedgerCsv.safe(null)).isNull();
    }

    @Test
    void ordinaryCellsStayAsTheyAreAndAreQuotedOnlyWhenRfc4180NeedsIt() {
        assertThat(LedgerCsv.cell("রহিমা খাতুন")).isEqualTo("রহিমা খাতুন");
        assertThat(LedgerCsv.cell("a=b")).isEqualTo("a=b");
        assertThat(LedgerCsv.cell("Batiaghata, Khulna")).isEqualTo("\"Batiaghata, Khulna\"");
        assertThat(LedgerCsv.cell("say \"no\"")).isEqualTo("\"say \"\"no\"\"\"");
        assertThat(LedgerCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(LedgerCsv.cell(null)).isEmpty();
        assertThat(LedgerCsv.cell("")).isEmpty();
    }

    @Test
    void aRowReadsBackThroughAStandardCsvParserWithEveryFieldIntact() throws Exception {
        var out = new StringWriter();
        var csv = new LedgerCsv(out);
        csv.header();
        csv.row(new LedgerQuery.Row(7, Instant.parse("2026-12-01T04:00:00.123456Z"), "checker", "INSTALLMENT_RELEASED",
                3L, "EPR-KHULNA", 11L, "KHL-0001", "=cmd|' /C calc'!A0, \"Rahima\"", "BKASH", Amount.of(250000L, "BDT"),
                "PLANNED", "READY", "c0ffee", "line one\r\nline two", null, "ab".repeat(32)));

        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(out.toString())).getRecords();

        assertThat(out.toString()).startsWith(LedgerCsv.HEADER + "\r\n").endsWith("\r\n");
        assertThat(records).hasSize(1);
        CSVRecord r = records.get(0);
        assertThat(r.get("beneficiary_name")).isEqualTo("'=cmd|' /C calc'!A0, \"Rahima\"");
        assertThat(r.get("amount")).isEqualTo("2500.00");
        assertThat(r.get("amount_minor")).isEqualTo("250000");
        assertThat(r.get("occurred_at")).isEqualTo("2026-12-01T04:00:00.123456Z");
        assertThat(r.get("detail")).isEqualTo("line one\r\nline two");
        assertThat(r.get("prev_hash")).isEmpty();
        assertThat(r.get("hash")).hasSize(64);
    }
}
