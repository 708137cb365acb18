package org.opendisbursement.gateway.intake;

/**
 * One thing wrong with a payment list: the row (as a spreadsheet numbers it, the header being row 1; 0 for the
 * list's own fields), the column, the short name of the rule, a sentence a finance officer can act on, and the
 * offending value (wallet numbers and national IDs masked).
 */
public record ValidationError(int row, String column, String rule, String message, String value) {

    static ValidationError of(int row, String column, String rule, String message, String value) {
        return new ValidationError(row, column, rule, message, value);
    }
}
