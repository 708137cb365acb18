package org.opendisbursement.gateway.system;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.io.ByteOrderMark;

/**
 * The gateway's one way to write a CSV download meant for spreadsheets (the ledger export, a beneficiary's trail, the
 * validation, reconciliation and donor reports): UTF-8 with a byte-order mark (so Bengali names show right in
 * Excel), RFC 4180 through Commons CSV (CRLF, a field quoted when it needs it), and text that a spreadsheet would run
 * as a formula defused with a leading apostrophe ({@link #safe}). Numbers stay numbers. Closing flushes and closes
 * the stream.
 */
public final class SpreadsheetCsv implements Closeable {

    private final CSVPrinter printer;

    private SpreadsheetCsv(CSVPrinter printer) {
        this.printer = printer;
    }

    /** Starts the file on {@code out} (buffered, UTF-8): the byte-order mark and the header row. */
    public static SpreadsheetCsv open(OutputStream out, String... header) throws IOException {
        return open(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16), header);
    }

    /** Starts the file on {@code out}, which must write UTF-8: the byte-order mark and the header row. */
    public static SpreadsheetCsv open(Writer out, String... header) throws IOException {
        out.write(ByteOrderMark.UTF_BOM);
        CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180);
        printer.printRecord((Object[]) header);
        return new SpreadsheetCsv(printer);
    }

    /** One record; text cells go through {@link #safe}, null is an empty field. */
    public void row(List<?> cells) throws IOException {
        for (Object cell : cells) {
            printer.print(cell instanceof CharSequence text ? safe(text.toString()) : cell);
        }
        printer.println();
    }

    public void row(Object... cells) throws IOException {
        row(Arrays.asList(cells));
    }

    /**
     * A text cell a spreadsheet will show and not run: one beginning with {@code =}, {@code +}, {@code -}, {@code @},
     * a tab or a carriage return gets a leading single quote, so no name, reason or provider text can run as a
     * formula. Null stays null. (Quoting is the CSV printer's business.)
     */
    public static String safe(String value) {
        if (value == null || value.isEmpty() || "=+-@\t\r".indexOf(value.charAt(0)) < 0) {
            return value;
        }
        return "'" + value;
    }

    @Override
    public void close() throws IOException {
        printer.close(true);
    }
}
