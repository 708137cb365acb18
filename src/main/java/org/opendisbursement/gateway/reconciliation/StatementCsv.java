package org.opendisbursement.gateway.reconciliation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;
import org.opendisbursement.gateway.system.CsvFieldLimit;

/**
 * Reads a provider statement: CSV, UTF-8 with or without BOM, one header row, columns in any order and any case
 * ({@code reference}, {@code amount}, {@code time}, {@code status}, optional {@code currency}; a few common other
 * names are understood). Streams: each good line goes to a consumer, errors are collected (the first
 * {@value #MAX_ERRORS} kept), nothing is held. A field longer than {@code disbursement.limits.csv-field-length}
 * characters stops the reading with an error on its line ({@link CsvFieldLimit}), which refuses the statement.
 */
final class StatementCsv {

    static final int MAX_ERRORS = 100;

    /** Result of one pass: lines read, the errors, and the earliest and latest time on the statement. */
    record Reading(int lines, int errorCount, List<StatementError> errors, Instant earliest, Instant latest) {
    }

    private enum Column {
        // bKash: merchantInvoiceNumber; Nagad: referenceNo; M-Pesa: OriginatorConversationID; MTN: externalId
        REFERENCE("reference", "providerreference", "ref", "transactionreference", "merchantinvoicenumber",
                "invoicenumber", "invoiceno", "referenceno", "originatorconversationid", "externalid"),
        AMOUNT("amount", "transactionamount"),
        TIME("time", "timestamp", "datetime", "date", "completedtime", "completedat", "transactiontime"),
        STATUS("status", "transactionstatus", "state"),
        CURRENCY("currency");

        private final List<String> names;

        Column(String... names) {
            this.names = List.of(names);
        }
    }

    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss][.SSS]");

    private final ZoneId zone;
    private final int maxFieldLength;

    StatementCsv(ZoneId zone, int maxFieldLength) {
        this.zone = zone;
        this.maxFieldLength = maxFieldLength;
    }

    Reading read(InputStream in, Consumer<StatementLine> sink) throws IOException {
        List<StatementError> errors = new ArrayList<>();
        int[] errorCount = {0};
        Consumer<StatementError> error = e -> {
            errorCount[0]++;
            if (errors.size() < MAX_ERRORS) {
                errors.add(e);
            }
        };
        int lines = 0;
        Instant earliest = null;
        Instant latest = null;
        try (Reader reader = CsvFieldLimit.of(withoutBom(in), maxFieldLength);
             CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                     .setTrim(true).setAllowMissingColumnNames(true).get().parse(reader)) {
            Map<Column, String> headers = headers(csv.getHeaderNames());
            for (Column required : List.of(Column.REFERENCE, Column.AMOUNT, Column.TIME, Column.STATUS)) {
                if (!headers.containsKey(required)) {
                    error.accept(new StatementError(1, required.names.get(0), "the header has no " + required.names.get(0)
                            + " column (found: " + String.join(", ", csv.getHeaderNames()) + ")"));
                }
            }
            if (errorCount[0] > 0) {
                return new Reading(0, errorCount[0], errors, null, null);
            }
            for (CSVRecord record : csv) {
                lines++;
                int lineNo = (int) record.getRecordNumber() + 1;
                Optional<StatementLine> line = line(record, lineNo, headers, error);
                if (line.isPresent()) {
                    Instant at = line.get().occurredAt();
                    earliest = earliest == null || at.isBefore(earliest) ? at : earliest;
                    latest = latest == null || at.isAfter(latest) ? at : latest;
                    sink.accept(line.get());
                }
            }
        } catch (IllegalArgumentException | IOException | java.io.UncheckedIOException malformed) {
            CsvFieldLimit.TooLong tooLong = CsvFieldLimit.cause(malformed);
            if (tooLong != null) {
                error.accept(new StatementError(Math.toIntExact(tooLong.row()), null, "column " + (tooLong.column() + 1)
                        + " has a field longer than " + tooLong.max() + " characters, the most one field may have "
                        + "(is a quote left open?); the rest of the file was not read"));
            } else if (malformed instanceof IOException unreadable) {
                throw unreadable;
            } else {
                error.accept(new StatementError(lines + 2, null, "not a readable CSV file: " + malformed.getMessage()));
            }
        }
        return new Reading(lines, errorCount[0], errors, earliest, latest);
    }

    private Optional<StatementLine> line(CSVRecord record, int lineNo, Map<Column, String> headers,
                                         Consumer<StatementError> error) {
        List<StatementError> problems = new ArrayList<>();
        String reference = value(record, headers, Column.REFERENCE);
        if (reference.isEmpty() || reference.length() > 100) {
            problems.add(problem(lineNo, Column.REFERENCE, reference.isEmpty() ? "is empty" : "is longer than 100 characters"));
        }
        Amount amount = amount(value(record, headers, Column.AMOUNT));
        if (amount == null) {
            problems.add(problem(lineNo, Column.AMOUNT, "must be an amount in major units such as 7500, 7,500.00 or BDT 7500"));
        }
        String currency = value(record, headers, Column.CURRENCY).toUpperCase(Locale.ROOT);
        if (!currency.isEmpty() && !isCurrency(currency)) {
            problems.add(problem(lineNo, Column.CURRENCY, "'" + currency + "' is not an ISO 4217 currency code"));
        } else if (amount != null && amount.currency() != null) {
            if (!currency.isEmpty() && !currency.equals(amount.currency())) {
                problems.add(problem(lineNo, Column.AMOUNT, "is in " + amount.currency() + " but the currency column says " + currency));
            }
            currency = amount.currency();
        }
        Instant at = time(value(record, headers, Column.TIME));
        if (at == null) {
            problems.add(problem(lineNo, Column.TIME,
                    "must be a time such as 2026-12-01T10:15:00+06:00, 2026-12-01 10:15:00 or 2026-12-01"));
        }
        String status = value(record, headers, Column.STATUS);
        Optional<StatementStatus> paid = status.length() > 40 ? Optional.empty() : StatementStatus.of(status);
        if (paid.isEmpty()) {
            problems.add(problem(lineNo, Column.STATUS, "'" + (status.length() > 40 ? status.substring(0, 40) + "…" : status)
                    + "' is not a status the gateway knows: " + StatementStatus.KNOWN_WORDS));
        }
        if (!problems.isEmpty()) {
            problems.forEach(error);
            return Optional.empty();
        }
        return Optional.of(new StatementLine(lineNo, reference, uuid(reference), amount.major(), currency.isEmpty() ? null : currency,
                at, status, paid.orElseThrow()));
    }

    private static StatementError problem(int lineNo, Column column, String message) {
        return new StatementError(lineNo, column.names.get(0), message);
    }

    private static Map<Column, String> headers(List<String> names) {
        Map<Column, String> found = new HashMap<>();
        for (String name : names) {
            String key = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            for (Column column : Column.values()) {
                if (column.names.contains(key)) {
                    found.putIfAbsent(column, name);
                }
            }
        }
        return found;
    }

    private static String value(CSVRecord record, Map<Column, String> headers, Column column) {
        String header = headers.get(column);
        if (header == null || !record.isSet(header)) {
            return "";
        }
        String value = record.get(header);
        return value == null ? "" : value.strip();
    }

    /** An amount as a statement writes it, read: major units without sign or separators, and the currency it named. */
    record Amount(String major, String currency) {
    }

    private static final java.util.regex.Pattern AMOUNT =
            java.util.regex.Pattern.compile("([A-Z]{3})?[-+]?([0-9]{1,18}(?:\\.[0-9]{1,6})?)([A-Z]{3})?");

    /** "7,500.00", "-7500", "BDT 7500.5" → 7500.00, 7500, 7500.5 (BDT); null when it is not an amount. */
    static Amount amount(String text) {
        java.util.regex.Matcher m = AMOUNT.matcher(text.replaceAll("[\\s,]", ""));
        if (!m.matches() || (m.group(1) != null && m.group(3) != null)) {
            return null;
        }
        String code = m.group(1) != null ? m.group(1) : m.group(3);
        if (code != null && !isCurrency(code)) {
            return null;
        }
        return new Amount(m.group(2), code);
    }

    private Instant time(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            // next form
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            // next form
        }
        try {
            return LocalDateTime.parse(text).atZone(zone).toInstant();
        } catch (DateTimeParseException notLocal) {
            // next form
        }
        try {
            return LocalDateTime.parse(text, SPACED).atZone(zone).toInstant();
        } catch (DateTimeParseException notSpaced) {
            // next form
        }
        try {
            return LocalDate.parse(text).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException notDate) {
            return null;
        }
    }

    private static UUID uuid(String reference) {
        String text = reference.strip();
        if (text.matches("[0-9a-fA-F]{32}")) {
            text = text.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5");
        }
        if (!text.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            return null;
        }
        return UUID.fromString(text);
    }

    private static boolean isCurrency(String code) {
        try {
            return Currency.getInstance(code).getDefaultFractionDigits() >= 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Reader withoutBom(InputStream in) throws IOException {
        return new BufferedReader(new InputStreamReader(BOMInputStream.builder().setInputStream(in).get(),
                StandardCharsets.UTF_8));
    }
}
