package org.opendisbursement.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class SpreadsheetCsvTest {

    /** The line {@code csv} writes for a record of an id and {@code cell}, without the id and the line end. */
    private static String cell(Object cell) throws IOException {
        var out = new StringWriter();
        try (SpreadsheetCsv csv = SpreadsheetCsv.open(out, "id", "cell")) {
            csv.row(1, cell);
        }
        String text = out.toString();
        String line = text.substring(text.indexOf("\r\n") + 2);
        assertThat(line).startsWith("1,").endsWith("\r\n");
        return line.substring(2, line.length() - 2);
    }

    @Test
    void startsWithAByteOrderMarkAndTheHeaderRow() throws IOException {
        var out = new StringWriter();
        try (SpreadsheetCsv csv = SpreadsheetCsv.open(out, "row", "message")) {
            csv.row(2, "রহিমা খাতুন");
        }
        assertThat(out.toString()).isEqualTo("\uFEFFrow,message\r\n2,রহিমা খাতুন\r\n");
    }

    @Test
    void textThatASpreadsheetWouldRunAsAFormulaGetsALeadingQuote() throws IOException {
        assertThat(cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(cell("+8801712345678")).isEqualTo("'+8801712345678");
        assertThat(cell("-2+3")).isEqualTo("'-2+3");
        assertThat(cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(cell("\t=1")).isEqualTo("'\t=1");
        assertThat(cell("\r=1")).isEqualTo("\"'\r=1\"");
    }

    @Test
    void theSafeRuleOnlyDefusesAndLeavesQuotingToThePrinter() {
        assertThat(SpreadsheetCsv.safe("=SUM(A1), 2")).isEqualTo("'=SUM(A1), 2");
        assertThat(SpreadsheetCsv.safe("-7500")).isEqualTo("'-7500");
        assertThat(SpreadsheetCsv.safe("Batiaghata, Khulna")).isEqualTo("Batiaghata, Khulna");
        assertThat(SpreadsheetCsv.safe("")).isEmpty();
        assertThat(SpreadsheetCsv.safe(null)).isNull();
    }

    @Test
    void ordinaryTextStaysAsItIsAndIsQuotedWhereRfc4180NeedsIt() throws IOException {
        assertThat(cell("রহিমা খাতুন")).isEqualTo("রহিমা খাতুন");
        assertThat(cell("a=b")).isEqualTo("a=b");
        assertThat(cell("Batiaghata, Khulna")).isEqualTo("\"Batiaghata, Khulna\"");
        assertThat(cell("say \"no\"")).isEqualTo("\"say \"\"no\"\"\"");
        assertThat(cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(cell(null)).isEmpty();
        assertThat(cell("")).isEmpty();
    }

    @Test
    void numbersStayNumbers() throws IOException {
        assertThat(cell(-7500L)).isEqualTo("-7500");
        assertThat(cell(250000L)).isEqualTo("250000");
    }
}
