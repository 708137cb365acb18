package org.opendisbursement.gateway.reconciliation;

/** A statement line the gateway cannot read: the line as a spreadsheet numbers it, the column, what is wrong. */
public record StatementError(int line, String column, String message) {
}
