package org.opendisbursement.gateway.intake;

/** The file stops being readable as UTF-8 CSV at {@link #row()} (as opposed to rows breaking rules). */
class MalformedListException extends RuntimeException {

    private final long row;

    MalformedListException(long row, String message, Throwable cause) {
        super(message, cause);
        this.row = row;
    }

    long row() {
        return row;
    }
}
