package org.opendisbursement.gateway.intake;

/**
 * The file stops being readable as UTF-8 CSV at {@link #row()} (as opposed to rows breaking rules): a quote left
 * open, or a field longer than {@code disbursement.limits.csv-field-length} (rule {@code field-length}, with its
 * column).
 */
class MalformedListException extends RuntimeException {

    private final long row;
    private final String column;
    private final String rule;

    MalformedListException(long row, String message, Throwable cause) {
        this(row, null, "csv", message, cause);
    }

    MalformedListException(long row, String column, String rule, String message, Throwable cause) {
        super(message, cause);
        this.row = row;
        this.column = column;
        this.rule = rule;
    }

    long row() {
        return row;
    }

    String column() {
        return column;
    }

    String rule() {
        return rule;
    }

    /** As a line of the validation report. */
    ValidationError error() {
        return ValidationError.of(Math.toIntExact(row), column, rule, getMessage(), null);
    }
}
