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
import org.opendisbursement.gateway.system.SpreadsheetCsv;

class LedgerCsvTest {

    @Test
    void aRowReadsBackThroughAStandardCsvParserWithEveryFieldIntact() throws Exception {
        var out = new StringWriter();
        var ledgerCsv = new LedgerCsv(out);
        try (SpreadsheetCsv csv = SpreadsheetCsv.open(out, LedgerCsv.COLUMNS)) {
            ledgerCsv.row(csv, new LedgerQuery.Row(7, Instant.parse("2026-12-01T04:00:00.123456Z"), "checker",
                    "INSTALLMENT_RELEASED", 3L, "EPR-KHULNA", 11L, "KHL-0001", "=cmd|' /C calc'!A0, \"Rahima\"", "BKASH",
                    Amount.of(250000L, "BDT"), "PLANNED", "READY", "c0ffee", "line one\r\nline two", null,
                    "ab".repeat(32)));
        }

        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(out.toString().substring(1))).getRecords();

        assertThat(out.toString()).startsWith("\uFEFF" + LedgerCsv.HEADER + "\r\n").endsWith("\r\n");
        assertThat(ledgerCsv.rows()).isEqualTo(1);
        assertThat(records).hasSize(1);
        CSVRecord r = records.get(0);
        assertThat(r.get("beneficiary_name")).isEqualTo("'=cmd|' /C calc'!A0, \"Rahima\"");
        assertThat(r.get("amount")).isEqualTo("2500.00");
        assertThat(r.get("amount_minor")).isEqualTo("250000");
        assertThat(r.get("currency")).isEqualTo("BDT");
        assertThat(r.get("occurred_at")).isEqualTo("2026-12-01T04:00:00.123456Z");
        assertThat(r.get("detail")).isEqualTo("line one\r\nline two");
        assertThat(r.get("prev_hash")).isEmpty();
        assertThat(r.get("hash")).hasSize(64);
    }
}
