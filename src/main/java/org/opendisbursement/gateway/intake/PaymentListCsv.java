package org.opendisbursement.gateway.intake;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;
import org.opendisbursement.gateway.system.CsvFieldLimit;
import org.opendisbursement.gateway.system.GatewayLimits;

/**
 * Streams a payment list: UTF-8 with or without a byte-order mark, CRLF or LF, RFC 4180 quoting (commas and line
 * breaks inside quotes), a header row naming the columns in any order. One record is in memory at a time.
 * Blank lines and rows with only empty cells are skipped but still counted, so row numbers match a spreadsheet's.
 * A field longer than {@code disbursement.limits.csv-field-length} characters stops the reading there, as the error
 * {@code field-length} with its row and column ({@link CsvFieldLimit}): nothing longer is ever held in memory.
 */
final class PaymentListCsv implements AutoCloseable {

    /** One data row: its spreadsheet row number and its cells by column. */
    record Row(int number, Map<Column, String> cells, int cellCount) {
        String get(Column column) {
            return cells.get(column);
        }
    }

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(false)
            .setIgnoreSurroundingSpaces(false)
            .get();

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Map<Column, Integer> positions = new EnumMap<>(Column.class);
    private final List<String> headerNames = new ArrayList<>();
    private int headerSize;

    private PaymentListCsv(Reader reader) throws IOException {
        this.parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
        this.records = parser.iterator();
    }

    /** Reads {@code in} with the default field limit (tests). */
    static PaymentListCsv open(InputStream in) throws IOException {
        return open(in, GatewayLimits.defaults().csvFieldLength());
    }

    /** Reads {@code in}, refusing any field longer than {@code maxFieldLength} characters. */
    static PaymentListCsv open(InputStream in, int maxFieldLength) throws IOException {
        InputStream buffered = BOMInputStream.builder().setInputStream(new BufferedInputStream(in, 1 << 16)).get();
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new PaymentListCsv(CsvFieldLimit.of(new InputStreamReader(buffered, decoder), maxFieldLength));
    }

    /**
     * Reads the header and reports what is wrong with it: unknown, repeated or missing required columns.
     * Any such error rejects the whole file.
     */
    List<ValidationError> readHeader() {
        List<ValidationError> errors = new ArrayList<>();
        CSVRecord header;
        try {
            if (!records.hasNext()) {
                errors.add(ValidationError.of(1, null, "header", "the file is empty: the first row must name the columns", null));
                return errors;
            }
            header = records.next();
        } catch (UncheckedIOException e) {
            errors.add(malformed(e, 1).error());
            return errors;
        }
        headerSize = header.size();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            headerNames.add(name.strip());
            var column = Column.byHeader(name);
            if (column.isEmpty()) {
                errors.add(ValidationError.of(1, name.strip(), "unknown-column",
                        "column '" + name.strip() + "' is not a payment-list column; expected "
                                + java.util.Arrays.stream(Column.values()).map(Column::header).toList(), name));
            } else if (positions.putIfAbsent(column.get(), i) != null) {
                errors.add(ValidationError.of(1, column.get().header(), "repeated-column",
                        "column '" + column.get().header() + "' appears twice", name));
            }
        }
        for (Column column : Column.values()) {
            if (column.required && !positions.containsKey(column)) {
                errors.add(ValidationError.of(1, column.header(), "missing-column",
                        "required column '" + column.header() + "' is missing", null));
            }
        }
        return errors;
    }

    /** Hands every non-blank data row to {@code sink}, in order, until the end or until {@code sink} is told to stop. */
    void forEachRow(RowSink sink) {
        long lastRecord = 1;
        try {
            while (records.hasNext()) {
                CSVRecord record = records.next();
                lastRecord = record.getRecordNumber();
                if (isBlank(record)) {
                    continue;
                }
                Map<Column, String> cells = new EnumMap<>(Column.class);
                positions.forEach((column, index) -> cells.put(column, index < record.size() ? record.get(index) : null));
                int rowNumber = Math.toIntExact(record.getRecordNumber());
                if (!sink.accept(new Row(rowNumber, cells, record.size()))) {
                    return;
                }
            }
        } catch (UncheckedIOException e) {
            throw malformed(e, lastRecord + 1);
        }
    }

    /** Why the reading stopped: a field too long (its row and column), or CSV that cannot be read from {@code row} on. */
    private MalformedListException malformed(UncheckedIOException e, long row) {
        CsvFieldLimit.TooLong tooLong = CsvFieldLimit.cause(e);
        if (tooLong == null) {
            return new MalformedListException(row,
                    "the file cannot be read as CSV from here on (is a quote left open?): " + e.getCause().getMessage(), e);
        }
        int index = tooLong.column();
        String column = tooLong.row() > 1 && index < headerNames.size() && !headerNames.get(index).isEmpty()
                ? headerNames.get(index) : "column " + (index + 1);
        return new MalformedListException(tooLong.row(), column, "field-length", column + " has more than "
                + tooLong.max() + " characters, the most one field may have (is a quote left open?); the rest of the "
                + "file was not read", e);
    }

    int headerSize() {
        return headerSize;
    }

    /** Receives rows; returns false to stop reading. */
    @FunctionalInterface
    interface RowSink {
        boolean accept(Row row);
    }

    private static boolean isBlank(CSVRecord record) {
        for (String value : record) {
            if (!value.isBlank()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
