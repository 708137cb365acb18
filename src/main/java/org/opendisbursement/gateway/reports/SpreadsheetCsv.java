package org.opendisbursement.gateway.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.opendisbursement.gateway.audit.LedgerCsv;

/**
 * A CSV download meant for spreadsheets: UTF-8 with a byte-order mark (so Bengali names show right in Excel), CRLF,
 * RFC 4180 quoting, and text that a spreadsheet would run as a formula ({@code = + - @}, tab, CR) defused with a
 * leading apostrophe ({@link LedgerCsv#safe}, the gateway's one rule for it). Numbers stay numbers.
 */
public final class SpreadsheetCsv implements AutoCloseable {

    private final CSVPrinter printer;

    private SpreadsheetCsv(CSVPrinter printer) {
        this.printer = printer;
    }

    public static SpreadsheetCsv open(OutputStream out, String... header) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180);
        printer.printRecord((Object[]) header);
        return new SpreadsheetCsv(printer);
    }

    public void row(List<?> cells) throws IOException {
        for (Object cell : cells) {
            printer.print(cell instanceof CharSequence text ? LedgerCsv.safe(text.toString()) : cell);
        }
        printer.println();
    }

    @Override
    public void close() throws IOException {
        printer.close(true);
    }
}
